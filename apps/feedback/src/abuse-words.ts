/**
 * Word lists of the moderation screen (screen.ts), matched as whole words on
 * folded text (lower case, accents removed: "imbécil" matches "imbecil").
 *
 * English profanity comes from `obscenity` (its English data set, which also
 * sees through l33t and spaced-out spellings). Spanish profanity comes from
 * `naughty-words` (the List of Dirty, Naughty, Obscene and Otherwise Bad Words,
 * CC BY 4.0) less the entries below that are ordinary words in library
 * feedback. Neither list has insults aimed at a person ("idiot", "estúpido"),
 * which is what abuse on a public board mostly is: those are listed here.
 */
import spanishList from 'naughty-words/es.json';
import { foldText } from '@ceg/persistence';

/** Insults aimed at a person, English. */
export const ENGLISH_INSULTS = [
  'idiot', 'idiots', 'idiotic', 'moron', 'morons', 'moronic', 'imbecile', 'imbeciles', 'stupid', 'dumbass', 'dumbasses', 'dimwit', 'halfwit',
  'retard', 'retarded', 'retards', 'cretin', 'cretins', 'scumbag', 'scumbags', 'scum', 'loser', 'losers', 'lowlife', 'shut up', 'piece of trash',
  'piece of garbage', 'worthless', 'pathetic', 'degenerate', 'bimbo', 'airhead', 'nitwit',
];

/** Insults aimed at a person, Spanish (folded forms cover the accented ones). */
export const SPANISH_INSULTS = [
  'estupido', 'estupida', 'estupidos', 'estupidas', 'tonto', 'tonta', 'tontos', 'tontas', 'imbecil', 'imbeciles', 'idiota', 'idiotas',
  'cretino', 'cretina', 'cretinos', 'subnormal', 'subnormales', 'retrasado', 'retrasada', 'mamon', 'mamona', 'malparido', 'malparida',
  'huevon', 'huevona', 'boludo', 'boluda', 'pelotudo', 'pelotuda', 'zorra', 'puto', 'putos', 'callate', 'cerdo asqueroso', 'cerda asquerosa',
  'pendeja', 'pendejos', 'pendejas', 'gilipollas', 'cabron', 'cabrona', 'cabrones', 'hijo de puta', 'hija de puta', 'hdp', 'inepto', 'inepta',
  'asqueroso', 'asquerosa', 'basura de persona', 'payaso de mierda',
];

/**
 * Entries of the Spanish naughty-words list that are ordinary words in a
 * library's feedback (a book about drugs, a hammer in the maker space, a
 * breastfeeding room) or a common first name ("Concha"): left out.
 */
export const SPANISH_LIST_EXCLUSIONS = new Set([
  'asesinato', 'drogas', 'esperma', 'heroina', 'infierno', 'martillo', 'orina', 'semen', 'sexo', 'sexo oral', 'haciendo el amor', 'concha',
  'racista', 'pis', 'pedo', 'caca', 'maldito', 'trio', 'pezon', 'vulva', 'fiesta de salchichas', 'drogas', 'bollera', 'travesti', 'nazi',
]);

/** Lower case, accents and other combining marks removed, every run of non-letters/digits one space (the search's folding). */
export const fold = foldText;

/** The Spanish list in folded form. */
export function spanishProfanity(): string[] {
  return [...new Set((spanishList as string[]).map(fold).filter((w) => w && !SPANISH_LIST_EXCLUSIONS.has(w)))];
}
