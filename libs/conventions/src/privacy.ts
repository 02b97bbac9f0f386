/**
 * Disclosure control for every breakdown of people (RULES.md §3), in one
 * place: participation and representation gaps (answer sheets) and outcome
 * summaries (survey responses), at branch, system and consortium level and
 * in every grouping. The threshold is PRIVACY_MIN_CELL (libs/config), read
 * once at start.
 *
 * The method is the cell-key method of the Australian Bureau of Statistics'
 * TableBuilder combined with the threshold rule:
 *
 * 1. Every record (answer sheet, survey response) carries a random record
 *    key, uniform in [0, CELL_KEY_RANGE), drawn once when it is stored and
 *    never shown (`newRecordKey`).
 * 2. A cell's key is the sum of its records' keys modulo CELL_KEY_RANGE: the
 *    database counts a cell as COUNT(*) and SUM(recordKey) (`KeyedCount`).
 * 3. The fixed perturbation table (`PERTURBATION`) maps the cell key to a
 *    small integer noise in [-MAX_NOISE, MAX_NOISE] (±3); the published count is
 *    the true count plus that noise. The same records always give the same
 *    cell key, so the same cell gets the same answer however it is asked for
 *    (one branch or a consortium with one active branch, another grouping,
 *    the same query again); two cells that differ by one record have
 *    independent keys, so their difference is the person plus noise.
 * 4. Threshold rule: a cell is withheld when its true count is 1 to
 *    minCell − 1 or when its perturbed count is below minCell, so that a
 *    published count is never below minCell and the step between withheld
 *    and shown is itself noisy (padding a cell up to the threshold with one's
 *    own records does not tell its size). Empty cells are published as 0:
 *    they describe nobody.
 * 5. Totals (respondent and response counts) are cells like any other.
 *    Shares are perturbed counts over the perturbed count of the records that
 *    answered, so they may add up to slightly more or less than 1.
 * 6. A share of a group that agrees (outcome measures) is perturbed even
 *    when nobody agreed, so that a share of 0 or 1 does not tell every
 *    respondent's answer (`disclosedRatio`).
 *
 * Guarantee (checked by the privacy auditor in apps/e2e/src/privacy): no
 * published number is below minCell except 0, and no difference of two
 * answers — two date ranges, two levels, two groupings, before and after
 * one's own submissions — determines a count from 1 to minCell − 1 or the
 * answers of fewer than minCell people exactly: each such difference
 * carries the noise of at least two independent cell keys. What remains is
 * the statistical risk every perturbation method has: averaging very many
 * different answers about the same people narrows their count down, which
 * is why anonymous submissions are also rate limited.
 */
import { randomInt } from 'node:crypto';

/** Record keys are uniform integers in [0, CELL_KEY_RANGE); a cell key is their sum modulo it. */
export const CELL_KEY_RANGE = 65_536;

/** The largest noise added to or taken from a count. */
export const MAX_NOISE = 3;

/**
 * The perturbation table: each noise with its probability (symmetric, mean
 * 0, variance 0.82, standard deviation 0.91). A cell key k picks the noise
 * whose cumulative range holds k / CELL_KEY_RANGE. The extremes are rare on
 * purpose: an analyst who intersects what many differences say about the
 * same people pins a count only when two of the differences have noises of
 * opposite extremes on both sides (+3 −(−3) and −3 − (+3)), which for n
 * independent differences happens with a chance of about (n · 0.002²)².
 */
export const PERTURBATION: readonly { noise: number; probability: number }[] = [
  { noise: -3, probability: 0.002 },
  { noise: -2, probability: 0.048 },
  { noise: -1, probability: 0.2 },
  { noise: 0, probability: 0.5 },
  { noise: 1, probability: 0.2 },
  { noise: 2, probability: 0.048 },
  { noise: 3, probability: 0.002 },
];

/** The table as cumulative upper bounds in key units (the last is CELL_KEY_RANGE). */
const BOUNDS: readonly { noise: number; below: number }[] = (() => {
  let acc = 0;
  return PERTURBATION.map((p, i) => {
    acc += p.probability;
    return { noise: p.noise, below: i === PERTURBATION.length - 1 ? CELL_KEY_RANGE : Math.round(acc * CELL_KEY_RANGE) };
  });
})();

/** A fresh record key, drawn when a record is stored. */
export const newRecordKey = (): number => randomInt(0, CELL_KEY_RANGE);

/** A cell as the database counts it: COUNT(*) and SUM(recordKey) of its records. */
export interface KeyedCount {
  count: number;
  keySum: number;
}

export const EMPTY_CELL: KeyedCount = Object.freeze({ count: 0, keySum: 0 });

/** Reads COUNT and SUM columns (numbers, or strings from MySQL's BIGINT/DECIMAL). */
export const keyedCount = (count: unknown, keySum: unknown): KeyedCount => ({ count: Number(count ?? 0), keySum: Number(keySum ?? 0) });

/** The sum of several cells (their records taken together). */
export const addCells = (...cells: KeyedCount[]): KeyedCount =>
  cells.reduce((a, c) => ({ count: a.count + c.count, keySum: a.keySum + c.keySum }), { count: 0, keySum: 0 });

/** A cell's key: the sum of its records' keys modulo CELL_KEY_RANGE. */
export const cellKey = (keySum: number): number => ((keySum % CELL_KEY_RANGE) + CELL_KEY_RANGE) % CELL_KEY_RANGE;

/** The noise the perturbation table gives a cell key. */
export function noiseOf(key: number): number {
  const k = cellKey(key);
  for (const b of BOUNDS) if (k < b.below) return b.noise;
  return BOUNDS[BOUNDS.length - 1].noise;
}

/**
 * The perturbed count of a cell: 0 for an empty cell, else the count plus
 * its cell key's noise, never below 0. With `zeroToo`, an empty cell is
 * perturbed as well (for the part of a share, see `disclosedRatio`).
 */
export function perturbedCount(cell: KeyedCount, opts: { zeroToo?: boolean } = {}): number {
  if (cell.count === 0 && !opts.zeroToo) return 0;
  return Math.max(0, cell.count + noiseOf(cell.keySum));
}

/** A count that would describe too few people: 1 to minCell - 1. Zero describes nobody. */
export const isSmallCell = (count: number, minCell: number): boolean => count > 0 && count < minCell;

/** Whether a cell is withheld: its true count is 1 to minCell − 1, or its perturbed count is below minCell (an empty cell never is). */
export function isWithheld(cell: KeyedCount, minCell: number): boolean {
  if (cell.count === 0) return false;
  return cell.count < minCell || perturbedCount(cell) < minCell;
}

/** What may be published of a cell's count: 0 when empty, null when withheld, else its perturbed count (at least minCell). */
export function disclosedCount(cell: KeyedCount, minCell: number): number | null {
  if (cell.count === 0) return 0;
  return isWithheld(cell, minCell) ? null : perturbedCount(cell);
}

/** Rounds a share to six decimals, as every share of the graph is published. */
export const roundShare = (v: number): number => Math.round(v * 1_000_000) / 1_000_000;

/**
 * A part of a whole as a share, for measures such as "agreed" among "answered":
 * null when the whole is empty or withheld; else the part's perturbed count
 * (perturbed even when empty, its key mixed with the whole's, and at most
 * the whole's) over the whole's perturbed count, rounded to `decimals`.
 */
export function disclosedRatio(part: KeyedCount, whole: KeyedCount, minCell: number, decimals = 4): number | null {
  if (whole.count === 0 || isWithheld(whole, minCell)) return null;
  const w = perturbedCount(whole);
  const p = Math.min(w, perturbedCount({ count: part.count, keySum: part.keySum + whole.keySum }, { zeroToo: true }));
  const f = 10 ** decimals;
  return Math.round((p / w) * f) / f;
}

/** One cell of a published breakdown. */
export interface DisclosedCell {
  count: number | null;
  share: number | null;
  suppressed: boolean;
}

/**
 * A breakdown as published: each cell's perturbed count and its share of
 * the perturbed count of the records that answered (`answered`, the
 * breakdown's own cell, so that its noise is its own). Withheld cells have
 * count and share null and `suppressed: true`. When exactly one non-empty
 * cell is withheld, the shown non-empty cell with the smallest published
 * count is withheld too (the first on a tie), so that the total cannot
 * narrow it down; with `coverWithEmpty`, when no other cell is non-empty, the
 * first empty cell covers it. When `answered` itself is withheld, every
 * cell is (empty ones too: they would tell which groups the few are in);
 * `withheldTotal` does the same when the breakdown's total (say, the
 * respondents of which `answered` is a part) is withheld.
 */
export function disclosedBreakdown(
  cells: readonly KeyedCount[], answered: KeyedCount, minCell: number, opts: { coverWithEmpty?: boolean; withheldTotal?: boolean } = {},
): DisclosedCell[] {
  const hiddenAll = !!opts.withheldTotal || isWithheld(answered, minCell);
  const counts = cells.map((c) => disclosedCount(c, minCell));
  const withheld = new Set<number>();
  counts.forEach((n, i) => (hiddenAll || n === null) && withheld.add(i));
  if (!hiddenAll && withheld.size === 1) {
    let next = -1;
    counts.forEach((n, i) => {
      if (n !== null && n > 0 && (next === -1 || n < counts[next]!)) next = i;
    });
    if (next === -1 && opts.coverWithEmpty) next = counts.findIndex((_, i) => !withheld.has(i));
    if (next !== -1) withheld.add(next);
  }
  const whole = hiddenAll ? 0 : perturbedCount(answered);
  return counts.map((n, i) => {
    const hidden = withheld.has(i);
    return { count: hidden ? null : n, share: hidden || whole === 0 ? null : roundShare(n! / whole), suppressed: hidden };
  });
}

/**
 * Which cells of one breakdown are withheld by the threshold rule alone on
 * plain counts, by index: every small cell, and when exactly one is small,
 * also the next-smallest non-empty cell (the first in order on a tie). With
 * `coverWithEmpty`, when every other cell is empty the first empty cell is
 * withheld instead. For breakdowns of people use `disclosedBreakdown`.
 */
export function withheldCells(counts: readonly number[], minCell: number, opts: { coverWithEmpty?: boolean } = {}): Set<number> {
  const withheld = new Set<number>();
  counts.forEach((n, i) => isSmallCell(n, minCell) && withheld.add(i));
  if (withheld.size !== 1) return withheld;
  let next = -1;
  counts.forEach((n, i) => {
    if (!withheld.has(i) && n > 0 && (next === -1 || n < counts[next])) next = i;
  });
  if (next === -1 && opts.coverWithEmpty) next = counts.findIndex((_, i) => !withheld.has(i));
  if (next !== -1) withheld.add(next);
  return withheld;
}
