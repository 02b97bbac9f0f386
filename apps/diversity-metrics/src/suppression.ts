import { isSmallCell, Share, withheldCells } from '@ceg/conventions';

export interface Cell {
  key: string;
  label: string | null;
  count: number;
}

/** A cell that would describe too few people (the privacy module's rule). */
export const isSmall = isSmallCell;

/**
 * Which cells of one breakdown are withheld (RULES.md §3): every small cell,
 * and when exactly one is small, also the next-smallest cell (the smallest
 * of the rest that is not empty, the first in order on a tie), so that the
 * total cannot reveal the small one. When every other cell is empty, the
 * first empty cell is withheld instead, so that the breakdown does not show
 * which group the few people belong to.
 */
export function withheldKeys(cells: Cell[], minCell: number): Set<string> {
  const withheld = withheldCells(cells.map((c) => c.count), minCell, { coverWithEmpty: true });
  return new Set([...withheld].map((i) => cells[i].key));
}

export const roundShare = (v: number) => Math.round(v * 1_000_000) / 1_000_000;

/**
 * A breakdown as Shares: each cell's count and its share of the breakdown's
 * total, with the withheld cells' count and share set to null and
 * `suppressed: true`. The same for every viewer, ADMIN included.
 */
export function suppressedShares(cells: Cell[], minCell: number): Share[] {
  const total = cells.reduce((s, c) => s + c.count, 0);
  const withheld = withheldKeys(cells, minCell);
  return cells.map((c) => {
    const hidden = withheld.has(c.key);
    return Object.assign(new Share(), {
      key: c.key,
      label: c.label,
      count: hidden ? null : c.count,
      share: hidden || total === 0 ? null : roundShare(c.count / total),
      suppressed: hidden,
    });
  });
}
