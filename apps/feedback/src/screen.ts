/**
 * The automatic screen of the public board (RULES.md §8). Text that carries
 * personal data or abuse is held for review instead of published. It errs on
 * the side of holding: a false alarm costs a member of staff a click
 * (`showFeedback`), a miss puts a phone number or an insult on the web.
 *
 * - PHONE_NUMBER: `libphonenumber-js` finds numbers that are possible in the
 *   configured regions (national formats) or anywhere (with a `+` prefix);
 *   a local seven-digit number (555-0142) is caught by a pattern.
 * - EMAIL_ADDRESS: an address, also written "name (at) host (dot) org".
 * - STREET_ADDRESS: a house number with a capitalised street name and a street
 *   type ("1234 NE Elm Ave", "12 Oak Street"); in Spanish a street type with
 *   a name and a number ("Calle Mayor 12", "Avda. de la Paz, nº 4").
 * - PERSON_NAME: a person's full name (first and last, as `compromise` finds
 *   people; or a title with a surname: "Mr. Smith", "la señora García") in a
 *   complaint: negative sentiment, a rating of 1 or 2, abuse, or a complaint
 *   word ("rude", "grosero"). A name in praise is not held.
 * - ABUSE: English profanity (`obscenity`), Spanish profanity
 *   (`naughty-words`) and insults in both languages (abuse-words.ts).
 */
import type Nlp from 'compromise';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { ENGLISH_INSULTS, fold, SPANISH_INSULTS, spanishProfanity } from './abuse-words';

export type ScreenFlagValue = 'PHONE_NUMBER' | 'EMAIL_ADDRESS' | 'STREET_ADDRESS' | 'PERSON_NAME' | 'ABUSE';

/** The order flags are reported in. */
export const SCREEN_FLAGS: readonly ScreenFlagValue[] = ['PHONE_NUMBER', 'EMAIL_ADDRESS', 'STREET_ADDRESS', 'PERSON_NAME', 'ABUSE'];

export interface ScreenInput {
  subject: string;
  body: string;
  tags?: readonly string[];
  rating?: number | null;
  /** The sentiment computed for the text. */
  sentiment?: string | null;
}

export interface ScreenOptions {
  /** Regions whose national phone formats are recognised (ISO 3166 alpha-2). */
  phoneRegions?: readonly string[];
}

export const DEFAULT_PHONE_REGIONS: readonly string[] = ['US', 'MX', 'ES'];

const LOCAL_PHONE = /(?<![\d-])\d{3}[-. ]\d{4}(?![\d-])/;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
const SPELLED_EMAIL = /\b[\w.+-]+\s*[([{]\s*(?:at|arroba)\s*[)\]}]\s*[\w-]+\s*(?:[([{]\s*(?:dot|punto)\s*[)\]}]\s*|\.)\s*(?:com|org|net|edu|gov|es|mx|us|info)\b/i;
const STREET_TYPES_EN = 'Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Loop|Trail|Trl|Square|Sq';
const STREET_EN = new RegExp(
  `\\b\\d{1,6}[A-Za-z]?\\s+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?\\s+)?(?:(?:[A-Z][\\p{L}'.-]*|\\d{1,3}(?:st|nd|rd|th))\\s+){1,4}(?:${STREET_TYPES_EN}|${STREET_TYPES_EN.toUpperCase()}|${STREET_TYPES_EN.toLowerCase()})\\b`,
  'u',
);
const STREET_ES = /\b(?:calle|c\/|avenida|avda\.?|av\.|paseo|plaza|pza\.?|camino|carrera|cra\.?|calzada|colonia|col\.)\s+(?:(?:de|del|la|las|los|el|y)\s+|[\p{Lu}\d][\p{L}\d'.-]*\s*){1,5},?\s*(?:n[º°o.]*\s*|#\s*)?\d{1,5}\b/iu;
const HONORIFIC_SURNAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sr|Sra|Srta|Don|Doña|[Ss]eñor|[Ss]eñora|[Ss]eñorita)\.?\s+\p{Lu}\p{Ll}+/u;

const COMPLAINT_WORDS = [
  'rude', 'rudely', 'yelled', 'yelling', 'shouted', 'screamed', 'ignored', 'unhelpful', 'unprofessional', 'disrespectful', 'insulted', 'insulting',
  'mean to', 'lazy', 'incompetent', 'harassed', 'harassing', 'racist', 'creepy', 'threatened', 'fire her', 'fire him', 'should be fired', 'complain', 'complaint',
  'grosero', 'grosera', 'maleducado', 'maleducada', 'mal educado', 'mal educada', 'grito', 'gritaba', 'ignoro', 'antipatico', 'antipatica', 'incompetente',
  'perezoso', 'perezosa', 'desagradable', 'maltrato', 'trato mal', 'nos trato fatal', 'me trato fatal', 'despidan', 'queja', 'acoso', 'amenazo',
];

let englishMatcher: RegExpMatcher | undefined;
let wordPattern: RegExp | undefined;
let complaintPattern: RegExp | undefined;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wholeWords = (words: readonly string[]) => new RegExp(`(?:^| )(?:${[...new Set(words)].sort((a, b) => b.length - a.length).map(escape).join('|')})(?: |$)`);

function abusive(text: string, folded: string): boolean {
  englishMatcher ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  wordPattern ??= wholeWords([...ENGLISH_INSULTS, ...SPANISH_INSULTS, ...spanishProfanity()].map(fold));
  return englishMatcher.hasMatch(text) || wordPattern.test(folded);
}

function hasPhone(text: string, regions: readonly string[]): boolean {
  if (LOCAL_PHONE.test(text)) return true;
  return regions.some((r) => findPhoneNumbersInText(text, { defaultCountry: r as CountryCode }).length > 0);
}

let nlp: typeof Nlp | undefined;

/** A full name (two or more words) of a person, or a title with a surname. */
function namesPerson(text: string): boolean {
  if (HONORIFIC_SURNAME.test(text)) return true;
  // compromise (about 30 MB resident) is loaded on the first text screened, not with the process.
  nlp ??= require('compromise') as typeof Nlp;
  const people = nlp(text).people().out('array') as string[];
  return people.some((p) => p.trim().split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).length >= 2);
}

function complaint(input: ScreenInput, folded: string, abuse: boolean): boolean {
  complaintPattern ??= wholeWords(COMPLAINT_WORDS.map(fold));
  return abuse || input.sentiment === 'NEGATIVE' || (input.rating !== null && input.rating !== undefined && input.rating <= 2) || complaintPattern.test(folded);
}

/** What the screen finds in a submission; empty: it may be published. */
export function screen(input: ScreenInput, opts: ScreenOptions = {}): ScreenFlagValue[] {
  const text = [input.subject, input.body, ...(input.tags ?? [])].join('\n');
  const folded = fold(text);
  const flags = new Set<ScreenFlagValue>();
  if (hasPhone(text, opts.phoneRegions ?? DEFAULT_PHONE_REGIONS)) flags.add('PHONE_NUMBER');
  if (EMAIL.test(text) || SPELLED_EMAIL.test(text)) flags.add('EMAIL_ADDRESS');
  if (STREET_EN.test(text) || STREET_ES.test(text)) flags.add('STREET_ADDRESS');
  const abuse = abusive(text, folded);
  if (abuse) flags.add('ABUSE');
  if (complaint(input, folded, abuse) && namesPerson(text)) flags.add('PERSON_NAME');
  return SCREEN_FLAGS.filter((f) => flags.has(f));
}
