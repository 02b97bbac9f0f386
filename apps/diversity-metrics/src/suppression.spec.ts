import { CELL_KEY_RANGE, noiseOf } from '@ceg/conventions';
import { type Cell, suppressedShares } from './suppression';

/** A key whose noise is `noise`. */
const keyWith = (noise: number) => {
  for (let k = 0; k < CELL_KEY_RANGE; k++) if (noiseOf(k) === noise) return k;
  throw new Error('none');
};
/** Keys for n records groups such that each one and their sum get no noise. */
const quietKeys = (n: number): number[] => {
  const keys = Array.from({ length: n }, () => 20_000);
  if (n === 0) return keys;
  const others = 20_000 * (n - 1);
  for (let x = 0; x < CELL_KEY_RANGE; x++) {
    if (noiseOf(x) === 0 && noiseOf(others + x) === 0) {
      keys[n - 1] = x;
      return keys;
    }
  }
  throw new Error(`no quiet keys for ${n}`);
};
/** Cells whose keys are chosen so that each cell and their sum (those who answered) get no noise, unless a noise is given. */
const cells = (counts: number[], noises: Record<number, number> = {}): Cell[] => {
  const quiet = quietKeys(counts.filter((n) => n > 0).length);
  let j = 0;
  return counts.map((count, i) => ({ key: `K${i}`, label: null, cell: { count, keySum: count === 0 ? 0 : noises[i] !== undefined ? (j++, keyWith(noises[i])) : quiet[j++] } }));
};

describe('disclosure control of a breakdown', () => {
  test('nothing small and no noise: every count and share is shown as counted', () => {
    const out = suppressedShares(cells([10, 30, 0, 60]), 5);
    expect(out.map((s) => s.suppressed)).toEqual([false, false, false, false]);
    expect(out.map((s) => s.count)).toEqual([10, 30, 0, 60]);
    expect(out.map((s) => s.share)).toEqual([0.1, 0.3, 0, 0.6]);
  });

  test('counts carry their cell key\'s noise; shares are perturbed counts over the perturbed number who answered', () => {
    const input = cells([10, 30, 60], { 0: 2, 1: -1 });
    const out = suppressedShares(input, 5);
    const answered = 100 + noiseOf(input.reduce((s, c) => s + c.cell.keySum, 0));
    expect(out.map((s) => s.count)).toEqual([12, 29, 60 + noiseOf(input[2].cell.keySum)]);
    expect(out.map((s) => s.share)).toEqual(out.map((s) => Math.round((s.count! / answered) * 1e6) / 1e6));
  });

  test('exactly one small cell: the shown non-empty cell with the smallest count is withheld too', () => {
    const out = suppressedShares(cells([3, 40, 0, 9, 12]), 5);
    expect(out.map((s) => s.suppressed)).toEqual([true, false, false, true, false]);
    expect(out[0]).toMatchObject({ count: null, share: null });
    expect(out[3]).toMatchObject({ count: null, share: null });
    expect(out[1]).toMatchObject({ count: 40, share: 0.625 });
    expect(out[2]).toMatchObject({ count: 0, share: 0, suppressed: false });
  });

  test('a cell that its noise takes below the threshold is withheld like a small one', () => {
    const out = suppressedShares(cells([6, 40, 50], { 0: -2 }), 5);
    expect(out[0]).toMatchObject({ count: null, share: null, suppressed: true });
  });

  test('two or more small cells: only they are withheld', () => {
    expect(suppressedShares(cells([1, 4, 50, 7]), 5).map((s) => s.suppressed)).toEqual([true, true, false, false]);
  });

  test('one small cell and every other cell empty: those who answered are too few, so every cell is withheld', () => {
    const out = suppressedShares(cells([0, 2, 0]), 5);
    expect(out.map((s) => [s.count, s.share, s.suppressed])).toEqual([[null, null, true], [null, null, true], [null, null, true]]);
  });

  test('the respondents withheld: every cell is withheld', () => {
    expect(suppressedShares(cells([10, 30]), 5, { withheldTotal: true }).every((s) => s.suppressed && s.count === null)).toBe(true);
  });

  test('the threshold comes from the caller (PRIVACY_MIN_CELL)', () => {
    expect(suppressedShares(cells([3, 40, 9]), 3).map((s) => s.suppressed)).toEqual([false, false, false]);
    expect(suppressedShares(cells([3, 40, 9]), 10).map((s) => s.suppressed)).toEqual([true, false, true]);
  });

  test('an empty breakdown has no shares', () => {
    expect(suppressedShares(cells([0, 0]), 5).map((s) => [s.count, s.share, s.suppressed])).toEqual([[0, null, false], [0, null, false]]);
  });
});
