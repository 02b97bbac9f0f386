/**
 * The small-cell rule of RULES.md §3, in one place: every breakdown of
 * people (demographics, outcome surveys) withholds what would describe too
 * few of them, and complements a lone withheld cell so that totals cannot
 * reveal it. The threshold is PRIVACY_MIN_CELL (libs/config), read once at
 * start.
 */

/** A count that would describe too few people: 1 to minCell - 1. Zero describes nobody. */
export const isSmallCell = (count: number, minCell: number): boolean => count > 0 && count < minCell;

/**
 * Which cells of one breakdown are withheld, by index: every small cell, and
 * when exactly one is small, also the next-smallest non-empty cell (the
 * first in order on a tie), so that the total cannot reveal the small one.
 * With `coverWithEmpty`, when every other cell is empty the first empty cell
 * is withheld instead, so that the breakdown does not show which group the
 * few people belong to.
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
