import { emptyOutcomeCounts, type OutcomeCounts, summarizeOutcomes, withholdComplement } from './outcomes';

const counts = (responses: number, answered: number, agree: number): OutcomeCounts => {
  const c = emptyOutcomeCounts();
  c.responses = responses;
  for (const m of ['knowledge', 'confidence', 'application', 'awareness'] as const) {
    c.answered[m] = answered;
    c.agree[m] = agree;
  }
  return c;
};

describe('summarizeOutcomes', () => {
  test('no responses: nothing to withhold, nothing to show', () => {
    expect(summarizeOutcomes(emptyOutcomeCounts(), 5)).toMatchObject({ responseCount: 0, knowledge: null, suppressed: false });
  });

  test('below the threshold every share is withheld', () => {
    for (const n of [1, 4]) expect(summarizeOutcomes(counts(n, n, n), 5)).toMatchObject({ responseCount: n, knowledge: null, awareness: null, suppressed: true });
  });

  test('at the threshold: the share who answered 4 or 5', () => {
    expect(summarizeOutcomes(counts(5, 5, 3), 5)).toMatchObject({ responseCount: 5, knowledge: 0.6, application: 0.6, suppressed: false });
    expect(summarizeOutcomes(counts(3, 3, 1), 3)).toMatchObject({ knowledge: 0.3333, suppressed: false });
  });

  test('a measure answered by too few people is withheld on its own', () => {
    const c = counts(8, 8, 6);
    c.answered.awareness = 2;
    c.agree.awareness = 2;
    expect(summarizeOutcomes(c, 5)).toMatchObject({ knowledge: 0.75, awareness: null, suppressed: true });
  });
});

describe('withholdComplement', () => {
  test('one small group: the next-smallest is withheld too', () => {
    const groups = [counts(3, 3, 3), counts(40, 40, 20), counts(9, 9, 9)].map((c) => summarizeOutcomes(c, 5));
    withholdComplement(groups, 5);
    expect(groups.map((g) => g.suppressed)).toEqual([true, false, true]);
    expect(groups[2].knowledge).toBeNull();
    expect(groups[1].knowledge).toBe(0.5);
  });

  test('two small groups or none: nothing more is withheld', () => {
    const two = [counts(3, 3, 3), counts(2, 2, 1), counts(9, 9, 9)].map((c) => summarizeOutcomes(c, 5));
    withholdComplement(two, 5);
    expect(two[2].suppressed).toBe(false);
    const none = [counts(0, 0, 0), counts(9, 9, 9)].map((c) => summarizeOutcomes(c, 5));
    withholdComplement(none, 5);
    expect(none[1].suppressed).toBe(false);
  });
});
