import { CELL_KEY_RANGE, noiseOf } from '@ceg/conventions';
import { emptyOutcomeCounts, MEASURES, type OutcomeCounts, summarizeOutcomes, withholdComplement } from './outcomes';

const keyWith = (noise: number) => {
  for (let k = 0; k < CELL_KEY_RANGE; k++) if (noiseOf(k) === noise) return k;
  throw new Error('none');
};
const Q = keyWith(0);

/** Counts whose cells get the given noises (none by default): responses, answered, and agreed (whose key is mixed with answered's). */
const counts = (responses: number, answered: number, agree: number, noise: { responses?: number; answered?: number; agree?: number } = {}): OutcomeCounts => {
  const c = emptyOutcomeCounts();
  c.responses = { count: responses, keySum: keyWith(noise.responses ?? 0) };
  const answeredKey = keyWith(noise.answered ?? 0);
  for (const m of MEASURES) {
    c.answered[m] = { count: answered, keySum: answeredKey };
    c.agree[m] = { count: agree, keySum: keyWith(noise.agree ?? 0) - answeredKey };
  }
  return c;
};

describe('summarizeOutcomes', () => {
  test('no responses: nothing to withhold, nothing to show', () => {
    expect(summarizeOutcomes(emptyOutcomeCounts(), 5)).toMatchObject({ responseCount: 0, knowledge: null, suppressed: false });
  });

  test('below the threshold the count and every share are withheld (count 0, suppressed)', () => {
    for (const n of [1, 4]) expect(summarizeOutcomes(counts(n, n, n), 5)).toMatchObject({ responseCount: 0, knowledge: null, awareness: null, suppressed: true });
  });

  test('a perturbed count below the threshold is withheld as well', () => {
    expect(summarizeOutcomes(counts(6, 6, 3, { responses: -2 }), 5)).toMatchObject({ responseCount: 0, knowledge: null, suppressed: true });
  });

  test('at the threshold: the share who answered 4 or 5, from perturbed counts', () => {
    expect(summarizeOutcomes(counts(5, 5, 3), 5)).toMatchObject({ responseCount: 5, knowledge: 0.6, application: 0.6, suppressed: false });
    expect(summarizeOutcomes(counts(3, 3, 1), 3)).toMatchObject({ knowledge: 0.3333, suppressed: false });
    expect(summarizeOutcomes(counts(20, 20, 10, { responses: 1, answered: 2, agree: -1 }), 5)).toMatchObject({ responseCount: 21, knowledge: 0.4091 });
  });

  test('nobody or everybody agreeing is perturbed too, so that a share of 0 or 1 does not tell every answer', () => {
    expect(summarizeOutcomes(counts(8, 8, 0, { agree: 2 }), 5).knowledge).toBe(0.25);
    expect(summarizeOutcomes(counts(8, 8, 8, { agree: -1 }), 5).knowledge).toBe(0.875);
  });

  test('a measure answered by too few people is withheld on its own', () => {
    const c = counts(8, 8, 6);
    c.answered.awareness = { count: 2, keySum: Q };
    c.agree.awareness = { count: 2, keySum: 0 };
    expect(summarizeOutcomes(c, 5)).toMatchObject({ knowledge: 0.75, awareness: null, suppressed: true });
  });
});

describe('withholdComplement', () => {
  test('one withheld group: the shown group with the fewest published responses is withheld too', () => {
    const groups = [counts(3, 3, 3), counts(40, 40, 20), counts(9, 9, 9, { agree: -1 })].map((c) => summarizeOutcomes(c, 5));
    withholdComplement(groups);
    expect(groups.map((g) => g.suppressed)).toEqual([true, false, true]);
    expect(groups[2].knowledge).toBeNull();
    expect(groups[1].knowledge).toBe(0.5);
  });

  test('two withheld groups or none: nothing more is withheld', () => {
    const two = [counts(3, 3, 3), counts(2, 2, 1), counts(9, 9, 9)].map((c) => summarizeOutcomes(c, 5));
    withholdComplement(two);
    expect(two[2].suppressed).toBe(false);
    const none = [counts(0, 0, 0), counts(9, 9, 9)].map((c) => summarizeOutcomes(c, 5));
    withholdComplement(none);
    expect(none[1].suppressed).toBe(false);
  });
});
