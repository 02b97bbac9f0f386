import { addCells, disclosedBreakdown, type KeyedCount, roundShare, Share } from '@ceg/conventions';

export { roundShare };

/** One key of a breakdown with its answer sheets counted (COUNT and SUM of record keys). */
export interface Cell {
  key: string;
  label: string | null;
  cell: KeyedCount;
}

/**
 * A breakdown as Shares, by the disclosure control of
 * libs/conventions/src/privacy.ts: each cell's perturbed count and its share
 * of the perturbed count of the sheets that answered the question, withheld
 * cells with count and share null and `suppressed: true` (a lone withheld
 * cell takes the smallest shown one with it, or the first empty one when
 * every other is empty). With `withheldTotal` (the respondents are too
 * few), every cell is withheld. The same for every viewer, ADMIN included.
 */
export function suppressedShares(cells: Cell[], minCell: number, opts: { withheldTotal?: boolean } = {}): Share[] {
  const disclosed = disclosedBreakdown(cells.map((c) => c.cell), addCells(...cells.map((c) => c.cell)), minCell, { coverWithEmpty: true, ...opts });
  return cells.map((c, i) => Object.assign(new Share(), { key: c.key, label: c.label, ...disclosed[i] }));
}
