/**
 * Language detection (tinyld) and sentiment: the lexicon scorer of the
 * `sentiment` package (AFINN-165 for English, spanish-lexicon.ts for Spanish)
 * with rules of our own for what plain lexicon sums get wrong (see
 * `scoreToken`): negation ("not helpful", "no fue nada amable"),
 * intensifiers and downtoners ("very", "muy", "a bit"), contrast ("…, but the
 * wait is frustrating": what follows "but"/"pero" weighs more), and
 * requests, which are not feelings ("please", "would like"). Measured on a
 * labelled set of library feedback (sentiment-labelled.json; README).
 *
 * Other languages have no model: their sentiment is NEUTRAL by convention
 * (the contract's `Feedback.sentiment` is non-null), which means "not
 * analysed", never a judgement of the text (documented in the README).
 */
import { LANGUAGE_TAG } from '@ceg/conventions';
import { SPANISH_LABELS } from './spanish-lexicon';

export type SentimentValue = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';

/**
 * tinyld, loaded on the first text to detect: its models are about 50 MB resident that a feedback
 * process which only serves reads does not need.
 */
let tinyld: typeof import('tinyld') | undefined;
const detect = (text: string): string => (tinyld ??= require('tinyld') as typeof import('tinyld')).detect(text);

/** The languages with a sentiment model; any other gets NEUTRAL ("not analysed"). */
export const SENTIMENT_LANGUAGES = ['en', 'es'] as const;

type Strategy = { apply(tokens: string[], cursor: number, score: number): number };
const SentimentAnalyzer = require('sentiment') as new () => {
  analyze(text: string, options?: { language?: string; extras?: Record<string, number> }): { score: number };
  registerLanguage(code: string, language: { labels: Record<string, number>; scoringStrategy?: Strategy }): void;
};
const ENGLISH_LABELS = require('sentiment/languages/en/labels.json') as Record<string, number>;

interface Rules {
  negators: Set<string>;
  intensifiers: Set<string>;
  downtoners: Set<string>;
  contrast: Set<string>;
  /** Words that make a request, not a feeling: they score nothing. */
  requests: Set<string>;
}

const EN: Rules = {
  negators: new Set(['not', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "aren't", 'arent', "weren't", 'werent',
    "can't", 'cant', 'cannot', "won't", 'wont', "couldn't", 'couldnt', "haven't", 'havent', "hasn't", 'hasnt', 'never', 'no', 'nobody', 'nothing', 'none', 'without', 'hardly']),
  intensifiers: new Set(['very', 'really', 'so', 'extremely', 'incredibly', 'super', 'totally', 'absolutely', 'truly', 'highly', 'especially', 'completely', 'utterly', 'way']),
  downtoners: new Set(['slightly', 'somewhat', 'bit', 'little', 'fairly', 'kinda', 'mostly']),
  contrast: new Set(['but', 'however', 'although', 'though', 'yet']),
  requests: new Set(['please', 'kindly']),
};

const ES: Rules = {
  negators: new Set(['no', 'nunca', 'ni', 'tampoco', 'nada', 'nadie', 'sin', 'jamás', 'jamas', 'ningún', 'ningun', 'ninguna', 'ninguno']),
  intensifiers: new Set(['muy', 'tan', 'súper', 'super', 'realmente', 'totalmente', 'sumamente', 'extremadamente', 'bastante', 'demasiado', 'muchísimo', 'muchisimo', 'increíblemente', 'increiblemente']),
  downtoners: new Set(['algo', 'poco', 'ligeramente']),
  contrast: new Set(['pero', 'aunque', 'sino']),
  requests: new Set(['favor']),
};

/** Library-feedback words AFINN lacks or weighs oddly (general words, not sentences). */
const ENGLISH_EXTRAS: Record<string, number> = {
  knowledgeable: 2, welcoming: 2, efficient: 2, cheerful: 2, organized: 1, modern: 1, easier: 2, patient: 2, enjoyable: 2, friendly: 2,
  crash: -2, crashes: -2, crashed: -2, crashing: -2, leak: -2, leaks: -2, leaking: -2, nightmare: -3, outdated: -2, cramped: -2, dim: -1, steep: -1,
  // Waiting is what patrons complain about ("I have been waiting eight weeks"); "popular" describes demand
  // ("a popular novel", "the popular class is always full"), not praise of the library.
  wait: -1, waiting: -1, waited: -1, popular: 0,
  impossible: -2, broken: -2, dropping: -1, drops: -1, filthy: -3, freezing: -2, unusable: -3, slow: -1, late: -1, locked: -1, ignored: -2,
  // "Too" before a word is a complaint ("too long", "too noisy"); at the very end it means "also" (see scoreToken).
  too: -1.5,
  // Requests and plain questions are not praise.
  please: 0, like: 2,
};

function isContrasted(tokens: string[], cursor: number, rules: Rules): number {
  // Before the last contrast word: half the weight; after it: one and a half.
  let last = -1;
  tokens.forEach((t, i) => {
    if (rules.contrast.has(t)) last = i;
  });
  if (last < 0) return 1;
  return cursor < last ? 0.5 : 1.5;
}

/** Stands for a punctuation mark between clauses: negation and intensifiers do not reach across it. */
const BREAK = '|';

function strategy(rules: Rules, labels: Record<string, number>): Strategy {
  return {
    apply(tokens, cursor, score) {
      const token = tokens[cursor];
      if (rules.requests.has(token)) return 0;
      if (token === 'too' && cursor === tokens.length - 1) return 0;
      // "I would like …", "I'd like …": a request.
      if (token === 'like' && (tokens[cursor - 1] === 'would' || tokens[cursor - 1] === "i'd")) return 0;
      let s = score;
      for (let i = cursor - 1; i >= Math.max(0, cursor - 2); i--) {
        if (tokens[i] === BREAK) break;
        if (rules.intensifiers.has(tokens[i])) s *= 1.5;
        else if (rules.downtoners.has(tokens[i])) s *= 0.5;
      }
      // A negator up to three words before turns the word around, unless a clause break, a contrast word or
      // another scored word (the negator's own target: "ninguna queja, todo excelente") comes in between.
      for (let i = cursor - 1; i >= Math.max(0, cursor - 3); i--) {
        if (tokens[i] === BREAK || rules.contrast.has(tokens[i])) break;
        if (!rules.negators.has(tokens[i]) && labels[tokens[i]]) break;
        if (rules.negators.has(tokens[i])) {
          s = -s;
          break;
        }
      }
      return s * isContrasted(tokens, cursor, rules);
    },
  };
}

const analyzer = new SentimentAnalyzer();
const ENGLISH = { ...ENGLISH_LABELS, ...ENGLISH_EXTRAS };
analyzer.registerLanguage('en-rules', { labels: ENGLISH, scoringStrategy: strategy(EN, ENGLISH) });
analyzer.registerLanguage('es-rules', { labels: SPANISH_LABELS, scoringStrategy: strategy(ES, SPANISH_LABELS) });

export function isLanguageTag(tag: string): boolean {
  return tag.length <= 35 && LANGUAGE_TAG.test(tag);
}

/** The text's language (BCP-47 primary tag); "en" when the text is too short to tell. */
export function detectLanguage(text: string): string {
  const found = detect(text);
  return found || 'en';
}

/** The summed score of a text (positive: favourable), or null when its language has no model. */
export function sentimentScore(text: string, language: string): number | null {
  const primary = language.toLowerCase().split('-')[0];
  if (!(SENTIMENT_LANGUAGES as readonly string[]).includes(primary)) return null;
  // The tokenizer keeps ¿ ¡ and curly quotes: normalize them first.
  const clean = text.toLowerCase().replace(/[¿¡“”«»|]/g, ' ').replace(/’/g, "'").replace(/[,;:.!?…]+/g, ` ${BREAK} `);
  return analyzer.analyze(clean, { language: primary === 'es' ? 'es-rules' : 'en-rules' }).score;
}

/** POSITIVE, NEGATIVE or NEUTRAL (English and Spanish); NEUTRAL ("not analysed") for other languages. */
export function sentimentOf(text: string, language: string): SentimentValue {
  const score = sentimentScore(text, language);
  if (score === null) return 'NEUTRAL';
  if (score >= 2) return 'POSITIVE';
  if (score <= -2) return 'NEGATIVE';
  return 'NEUTRAL';
}
