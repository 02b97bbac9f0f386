import { type Cell, isSmall, suppressedShares, withheldKeys } from './suppression';

const cells = (...counts: number[]): Cell[] => counts.map((count, i) => ({ key: `K${i}`, label: null, count }));

describe('small-cell suppression', () => {
  test('a cell is small from 1 to minCell - 1; zero describes nobody', () => {
    expect([0, 1, 4, 5, 6].map((n) => isSmall(n, 5))).toEqual([false, true, true, false, false]);
    expect(isSmall(2, 3)).toBe(true);
    expect(isSmall(3, 3)).toBe(false);
  });

  test('nothing small: every count and share is shown', () => {
    const out = suppressedShares(cells(10, 30, 0, 60), 5);
    expect(out.map((s) => s.suppressed)).toEqual([false, false, false, false]);
    expect(out.map((s) => s.count)).toEqual([10, 30, 0, 60]);
    expect(out.map((s) => s.share)).toEqual([0.1, 0.3, 0, 0.6]);
  });

  test('exactly one small cell: the next-smallest non-empty cell is withheld too', () => {
    const out = suppressedShares(cells(3, 40, 0, 9, 12), 5);
    expect(out.map((s) => s.suppressed)).toEqual([true, false, false, true, false]);
    expect(out[0]).toMatchObject({ count: null, share: null });
    expect(out[3]).toMatchObject({ count: null, share: null });
    expect(out[1]).toMatchObject({ count: 40, share: 0.625 });
    expect(out[2]).toMatchObject({ count: 0, share: 0, suppressed: false });
  });

  test('a tie for next-smallest withholds the first in order', () => {
    expect([...withheldKeys(cells(20, 1, 20), 5)].sort()).toEqual(['K0', 'K1']);
  });

  test('two or more small cells: only they are withheld', () => {
    expect([...withheldKeys(cells(1, 4, 50, 7), 5)].sort()).toEqual(['K0', 'K1']);
  });

  test('one small cell and every other cell empty: the first empty cell is withheld with it', () => {
    expect([...withheldKeys(cells(0, 2, 0), 5)].sort()).toEqual(['K0', 'K1']);
    const out = suppressedShares(cells(0, 2, 0), 5);
    expect(out.map((s) => [s.count, s.share, s.suppressed])).toEqual([[null, null, true], [null, null, true], [0, 0, false]]);
  });

  test('a breakdown of one cell has nothing to withhold with it', () => {
    expect([...withheldKeys(cells(3), 5)]).toEqual(['K0']);
  });

  test('the threshold comes from the caller (PRIVACY_MIN_CELL)', () => {
    expect([...withheldKeys(cells(3, 40, 9), 3)]).toEqual([]);
    expect([...withheldKeys(cells(3, 40, 9), 10)].sort()).toEqual(['K0', 'K2']);
  });

  test('an empty breakdown has no shares', () => {
    expect(suppressedShares(cells(0, 0), 5).map((s) => [s.count, s.share, s.suppressed])).toEqual([[0, null, false], [0, null, false]]);
  });
});
