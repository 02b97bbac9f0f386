import {
  addCells, CELL_KEY_RANGE, cellKey, disclosedBreakdown, disclosedCount, disclosedRatio, isSmallCell, isWithheld, MAX_NOISE, noiseOf,
  PERTURBATION, perturbedCount, withheldCells,
} from './privacy';

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
/** The smallest key whose noise is `noise`. */
const keyWith = (noise: number) => {
  for (let k = 0; k < CELL_KEY_RANGE; k++) if (noiseOf(k) === noise) return k;
  throw new Error(`no key gives ${noise}`);
};

describe('the perturbation table', () => {
  test('is symmetric around 0, bounded by MAX_NOISE, and its probabilities add up to 1', () => {
    expect(PERTURBATION.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 12);
    expect(PERTURBATION.reduce((s, p) => s + p.probability * p.noise, 0)).toBeCloseTo(0, 12);
    for (const p of PERTURBATION) expect(PERTURBATION.find((q) => q.noise === -p.noise)?.probability).toBe(p.probability);
    expect(Math.max(...PERTURBATION.map((p) => Math.abs(p.noise)))).toBe(MAX_NOISE);
  });

  test('cell keys spread uniformly over the table: each noise takes its probability of the key range', () => {
    const seen = new Map<number, number>();
    for (let k = 0; k < CELL_KEY_RANGE; k++) seen.set(noiseOf(k), (seen.get(noiseOf(k)) ?? 0) + 1);
    for (const p of PERTURBATION) expect(seen.get(p.noise)! / CELL_KEY_RANGE).toBeCloseTo(p.probability, 4);
  });

  test('a cell key is the sum of the record keys modulo the range', () => {
    expect(cellKey(CELL_KEY_RANGE + 7)).toBe(7);
    expect(cellKey(3 * CELL_KEY_RANGE)).toBe(0);
    expect(addCells({ count: 2, keySum: 10 }, { count: 3, keySum: 5 })).toEqual({ count: 5, keySum: 15 });
  });
});

describe('perturbed counts and the threshold rule', () => {
  test('the same cell always gets the same answer; its noise comes from its key', () => {
    const cell = { count: 40, keySum: keyWith(2) };
    expect(perturbedCount(cell)).toBe(42);
    expect(perturbedCount({ ...cell })).toBe(42);
    expect(perturbedCount({ count: 40, keySum: keyWith(-1) })).toBe(39);
  });

  test('an empty cell is 0 (it describes nobody), unless a share asks for it to be perturbed too', () => {
    expect(disclosedCount({ count: 0, keySum: 0 }, 5)).toBe(0);
    expect(perturbedCount({ count: 0, keySum: keyWith(2) }, { zeroToo: true })).toBe(2);
    expect(perturbedCount({ count: 0, keySum: keyWith(-2) }, { zeroToo: true })).toBe(0);
  });

  test('a cell of 1 to minCell - 1 is withheld whatever its noise', () => {
    for (const n of [1, 2, 3, 4]) for (const p of PERTURBATION) expect(disclosedCount({ count: n, keySum: keyWith(p.noise) }, 5)).toBeNull();
  });

  test('a cell whose perturbed count is below minCell is withheld too, so that nothing below minCell is ever shown', () => {
    expect(disclosedCount({ count: 5, keySum: keyWith(-1) }, 5)).toBeNull();
    expect(disclosedCount({ count: 6, keySum: keyWith(-1) }, 5)).toBe(5);
    expect(disclosedCount({ count: 5, keySum: keyWith(0) }, 5)).toBe(5);
    expect(isWithheld({ count: 6, keySum: keyWith(-2) }, 5)).toBe(true);
  });
});

describe('breakdowns', () => {
  const quiet = keyWith(0);
  test('shares are perturbed counts over the perturbed count of those who answered', () => {
    const out = disclosedBreakdown([{ count: 10, keySum: keyWith(2) }, { count: 30, keySum: keyWith(-1) }], { count: 40, keySum: quiet }, 5);
    expect(out).toEqual([{ count: 12, share: 0.3, suppressed: false }, { count: 29, share: 0.725, suppressed: false }]);
  });

  test('a lone withheld cell takes the shown non-empty cell with the smallest published count with it', () => {
    const out = disclosedBreakdown([{ count: 3, keySum: quiet }, { count: 40, keySum: quiet }, { count: 0, keySum: 0 }, { count: 9, keySum: quiet }], { count: 52, keySum: quiet }, 5);
    expect(out.map((c) => c.suppressed)).toEqual([true, false, false, true]);
    expect(out[2]).toEqual({ count: 0, share: 0, suppressed: false });
  });

  test('with coverWithEmpty an empty cell covers a lone withheld one when nothing else has people', () => {
    const cells = [{ count: 0, keySum: 0 }, { count: 6, keySum: keyWith(-2) }];
    expect(disclosedBreakdown(cells, { count: 20, keySum: quiet }, 5, { coverWithEmpty: true }).map((c) => c.suppressed)).toEqual([true, true]);
  });

  test('when those who answered are too few, every cell is withheld, empty ones too', () => {
    const out = disclosedBreakdown([{ count: 0, keySum: 0 }, { count: 6, keySum: keyWith(-2) }], { count: 6, keySum: keyWith(-2) }, 5);
    expect(out).toEqual([{ count: null, share: null, suppressed: true }, { count: null, share: null, suppressed: true }]);
    expect(disclosedBreakdown([{ count: 9, keySum: quiet }], { count: 9, keySum: quiet }, 5, { withheldTotal: true })[0].suppressed).toBe(true);
  });
});

describe('ratios (outcome measures)', () => {
  test('null when the whole is empty or withheld', () => {
    expect(disclosedRatio({ count: 0, keySum: 0 }, { count: 0, keySum: 0 }, 5)).toBeNull();
    expect(disclosedRatio({ count: 4, keySum: 0 }, { count: 4, keySum: 0 }, 5)).toBeNull();
  });

  test('the part is perturbed with a key of its own mixed with the whole\'s, even when nobody agreed, and never above the whole', () => {
    const whole = { count: 20, keySum: keyWith(0) };
    const noisyZero = { count: 0, keySum: keyWith(2) - whole.keySum };
    expect(disclosedRatio(noisyZero, whole, 5)).toBe(0.1);
    const all = { count: 20, keySum: keyWith(2) - whole.keySum };
    expect(disclosedRatio(all, whole, 5)).toBe(1);
  });
});

describe('plain small-cell rule (for counts that are not perturbed)', () => {
  test('a small cell is 1 to minCell - 1; zero describes nobody', () => {
    expect([0, 1, 4, 5, 6].map((n) => isSmallCell(n, 5))).toEqual([false, true, true, false, false]);
  });

  test('a lone small cell takes the next-smallest non-empty one with it (the first on a tie)', () => {
    expect(sorted(withheldCells([30, 2, 8, 0, 8], 5))).toEqual([1, 2]);
    expect(sorted(withheldCells([0, 3, 0], 5, { coverWithEmpty: true }))).toEqual([0, 1]);
  });
});
