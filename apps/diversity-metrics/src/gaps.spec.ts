import { CELL_KEY_RANGE, noiseOf } from '@ceg/conventions';
import { type AnswerCounts, type Breakdowns, chooseProfile, emptyCounts, representationGaps, shareChanges, weightedBreakdowns } from './gaps';
import { DemographicDimension as D } from './types';

const s = (key: string, share: number) => ({ key, label: null, count: null, share });
const profile = (age: [string, number][], race: [string, number][] = [], language: [string, number][] = []): Breakdowns => ({
  [D.AGE_BAND]: age.map(([k, v]) => s(k, v)),
  [D.RACE_ETHNICITY]: race.map(([k, v]) => s(k, v)),
  [D.LANGUAGE]: language.map(([k, v]) => s(k, v)),
});
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
/** Answer counts whose cells and sums get no noise (keys chosen so), so that the arithmetic shows. */
const counts = (total: number, age: Record<string, number>, race: Record<string, number> = {}): AnswerCounts => {
  const c = emptyCounts();
  c.total = { count: total, keySum: quietKeys(1)[0] };
  for (const [dim, map] of [[D.AGE_BAND, age], [D.RACE_ETHNICITY, race]] as const) {
    const entries = Object.entries(map).filter(([, n]) => n > 0);
    const keys = quietKeys(entries.length);
    entries.forEach(([k, n], i) => c.cells[dim].set(k, { count: n, keySum: keys[i] }));
  }
  return c;
};

describe('chooseProfile', () => {
  const ps = [{ year: 2019 }, { year: 2021 }, { year: 2023 }];
  test('the given year, or nothing', () => {
    expect(chooseProfile(ps, 2021, '2025-12-31')).toEqual({ year: 2021 });
    expect(chooseProfile(ps, 2020, '2025-12-31')).toBeNull();
  });
  test('without a year: the latest on or before the year the period ends in', () => {
    expect(chooseProfile(ps, null, '2025-06-30')).toEqual({ year: 2023 });
    expect(chooseProfile(ps, undefined, '2022-06-30')).toEqual({ year: 2021 });
    expect(chooseProfile(ps, null, '2018-06-30')).toBeNull();
  });
});

describe('representationGaps', () => {
  test('participant share over community share, per key of the profile', () => {
    const gaps = representationGaps(profile([['UNDER_5', 0.1], ['18_TO_24', 0.2], ['25_TO_44', 0.7]]), counts(100, { UNDER_5: 20, '18_TO_24': 10, '25_TO_44': 70 }), 5);
    expect(gaps).toEqual([
      expect.objectContaining({ dimension: D.AGE_BAND, key: 'UNDER_5', communityShare: 0.1, participantShare: 0.2, representationIndex: 2, suppressed: false }),
      expect.objectContaining({ key: '18_TO_24', participantShare: 0.1, representationIndex: 0.5, suppressed: false }),
      expect.objectContaining({ key: '25_TO_44', participantShare: 0.7, representationIndex: 1, suppressed: false }),
    ]);
  });

  test('withheld cells (and their complement) have no participant share or index', () => {
    const gaps = representationGaps(profile([['UNDER_5', 0.1], ['18_TO_24', 0.2], ['25_TO_44', 0.7]]), counts(100, { UNDER_5: 2, '18_TO_24': 8, '25_TO_44': 90 }), 5);
    expect(gaps.map((g) => [g.key, g.participantShare, g.representationIndex, g.suppressed])).toEqual([
      ['UNDER_5', null, null, true], ['18_TO_24', null, null, true], ['25_TO_44', 0.9, 1.285714, false],
    ]);
  });

  test('a community share of 0 has no index; a key nobody gave has share 0', () => {
    const gaps = representationGaps(profile([['UNDER_5', 0], ['25_TO_44', 1]]), counts(10, { '25_TO_44': 10 }), 5);
    expect(gaps.map((g) => [g.participantShare, g.representationIndex])).toEqual([[0, null], [1, 1]]);
  });

  test('no answers: no participant shares', () => {
    const gaps = representationGaps(profile([['UNDER_5', 0.5]]), emptyCounts(), 5);
    expect(gaps[0]).toMatchObject({ participantShare: null, representationIndex: null, suppressed: false });
  });
});

describe('weightedBreakdowns', () => {
  test('shares weighted by population; branches without the dimension left out of it', () => {
    const w = weightedBreakdowns([
      { population: 1000, breakdowns: profile([['UNDER_5', 0.1], ['25_TO_44', 0.9]], [['WHITE', 1]]) },
      { population: 3000, breakdowns: profile([['UNDER_5', 0.3], ['25_TO_44', 0.7]]) },
    ]);
    expect(w.AGE_BAND.map((x) => [x.key, x.share])).toEqual([['UNDER_5', 0.25], ['25_TO_44', 0.75]]);
    expect(w.RACE_ETHNICITY.map((x) => [x.key, x.share])).toEqual([['WHITE', 1]]);
    expect(w.LANGUAGE).toEqual([]);
  });
});

describe('shareChanges', () => {
  test('to - from per key listed in both years', () => {
    const out = shareChanges(profile([['UNDER_5', 0.06], ['65_AND_OVER', 0.15]], [['HISPANIC_LATINO', 0.2]]), profile([['UNDER_5', 0.05], ['65_AND_OVER', 0.19]], [['WHITE', 0.7]]));
    expect(out.map((c) => [c.dimension, c.key, c.fromShare, c.toShare, c.change])).toEqual([
      [D.AGE_BAND, 'UNDER_5', 0.06, 0.05, -0.01], [D.AGE_BAND, '65_AND_OVER', 0.15, 0.19, 0.04],
    ]);
  });
});
