import type { TestGraph } from '@ceg/testing';
import { ageBands, diversityGraph, GAP_FIELDS, NOR, WST, PARTICIPATION_FIELDS, profileInput, repeat, STAFF_NOR, submitSheets, UPSERT } from './helpers';

const Q = `query($from: Date!, $to: Date!) { branch(code: "RVL-NOR") { participation(from: $from, to: $to) { ${PARTICIPATION_FIELDS} } representationGaps(from: $from, to: $to) { ${GAP_FIELDS} } } }`;
const PERIOD = { from: '2025-01-01', to: '2025-12-31' };

/**
 * Answer sheets made for the purpose: age bands with exactly one small cell
 * (3 people aged 65+), race and ethnicity with two (2 Asian, 1 Black).
 */
async function seedSheets(graph: TestGraph) {
  await graph.data(UPSERT, { input: profileInput({ branchId: NOR.id, year: 2024, ageBands: ageBands([0.05, 0.15, 0.1, 0.3, 0.25, 0.15]), raceEthnicity: [{ key: 'WHITE', share: 0.6 }, { key: 'ASIAN', share: 0.1 }, { key: 'BLACK', share: 0.05 }, { key: 'HISPANIC_LATINO', share: 0.25 }] }) }, { as: STAFF_NOR });
  await submitSheets(graph, NOR.id, '2025-06-01', [
    ...repeat(20, { ageBand: '25_TO_44', raceEthnicity: ['WHITE'] }),
    ...repeat(12, { ageBand: '18_TO_24', raceEthnicity: ['WHITE'] }),
    ...repeat(8, { ageBand: '45_TO_64', raceEthnicity: ['HISPANIC_LATINO', 'WHITE'] }),
    ...repeat(3, { ageBand: '65_AND_OVER' }),
    ...repeat(2, { raceEthnicity: ['ASIAN'] }),
    { raceEthnicity: ['BLACK'] },
  ]);
  // Outside the period: not counted.
  await submitSheets(graph, NOR.id, '2024-12-31', [{ ageBand: '65_AND_OVER' }]);
}

const byKey = (list: any[]) => Object.fromEntries(list.map((s) => [s.key, s]));

describe('diversity-metrics: small-cell suppression (PRIVACY_MIN_CELL unset: 5)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await diversityGraph();
    await seedSheets(graph);
  });
  afterAll(() => graph?.stop());

  test.each(['ADMIN', 'ANALYST', 'STAFF'] as const)('exactly one small cell withholds the next-smallest too, for %s as for everyone', async (role) => {
    const data = await graph.data(Q, PERIOD, { as: role === 'STAFF' ? STAFF_NOR : role });
    const p = data.branch.participation;
    expect(p.respondentCount).toBe(46);
    const age = byKey(p.ageBands);
    expect(age['65_AND_OVER']).toMatchObject({ count: null, share: null, suppressed: true });
    expect(age['45_TO_64']).toMatchObject({ count: null, share: null, suppressed: true });
    expect(age['25_TO_44']).toMatchObject({ count: 20, suppressed: false });
    expect(age['25_TO_44'].share).toBeCloseTo(20 / 43, 6);
    expect(age['18_TO_24']).toMatchObject({ count: 12, suppressed: false });
    expect(age.UNDER_5).toMatchObject({ count: 0, share: 0, suppressed: false });
    expect(p.ageBands.filter((s: any) => s.suppressed)).toHaveLength(2);
  });

  test('two small cells are withheld, and nothing else', async () => {
    const data = await graph.data(Q, PERIOD, { as: 'ADMIN' });
    const race = byKey(data.branch.participation.raceEthnicity);
    expect(race.ASIAN).toMatchObject({ count: null, share: null, suppressed: true });
    expect(race.BLACK).toMatchObject({ count: null, share: null, suppressed: true });
    expect(race.WHITE).toMatchObject({ count: 32, suppressed: false });
    expect(race.HISPANIC_LATINO).toMatchObject({ count: 8, suppressed: false });
    expect(data.branch.participation.raceEthnicity.filter((s: any) => s.suppressed)).toHaveLength(2);
    expect(data.branch.participation.languagesSpokenAtHome.every((s: any) => s.count === 0 && !s.suppressed)).toBe(true);
  });

  test('a lone answer is not given away: with every other cell empty, an empty cell is withheld with it', async () => {
    await submitSheets(graph, WST.id, '2025-03-03', [{ ageBand: '45_TO_64', languageSpokenAtHome: 'SPANISH' }]);
    const data = await graph.data(`query($from: Date!, $to: Date!) { branch(code: "RVL-WST") { participation(from: $from, to: $to) { ${PARTICIPATION_FIELDS} } } }`, PERIOD, { as: 'ADMIN' });
    const p = data.branch.participation;
    expect(p.respondentCount).toBe(1);
    expect(p.ageBands.map((s: any) => [s.key, s.count, s.suppressed])).toEqual([
      ['UNDER_5', null, true], ['5_TO_17', 0, false], ['18_TO_24', 0, false], ['25_TO_44', 0, false], ['45_TO_64', null, true], ['65_AND_OVER', 0, false],
    ]);
    expect(p.languagesSpokenAtHome.filter((s: any) => s.suppressed).map((s: any) => s.key)).toEqual(['ENGLISH_ONLY', 'SPANISH']);
    expect(p.raceEthnicity.every((s: any) => s.count === 0 && s.share === null && !s.suppressed)).toBe(true);
  });

  test('representation gaps withhold the same cells: no participant share, no index', async () => {
    const data = await graph.data(Q, PERIOD, { as: 'ADMIN' });
    const gaps = data.branch.representationGaps;
    const g = (d: string, k: string) => gaps.find((x: any) => x.dimension === d && x.key === k);
    for (const [d, k] of [['AGE_BAND', '65_AND_OVER'], ['AGE_BAND', '45_TO_64'], ['RACE_ETHNICITY', 'ASIAN'], ['RACE_ETHNICITY', 'BLACK']]) {
      expect(g(d, k)).toMatchObject({ participantShare: null, representationIndex: null, suppressed: true });
    }
    expect(g('AGE_BAND', '18_TO_24')).toMatchObject({ communityShare: 0.1, suppressed: false });
    expect(g('AGE_BAND', '18_TO_24').participantShare).toBeCloseTo(12 / 43, 6);
    expect(g('AGE_BAND', '18_TO_24').representationIndex).toBeCloseTo(12 / 43 / 0.1, 4);
    expect(g('AGE_BAND', 'UNDER_5')).toMatchObject({ participantShare: 0, representationIndex: 0, suppressed: false });
    expect(g('RACE_ETHNICITY', 'HISPANIC_LATINO').representationIndex).toBeCloseTo(8 / 43 / 0.25, 4);
  });
});

describe('diversity-metrics: the threshold follows PRIVACY_MIN_CELL', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await diversityGraph({ minCell: 10 });
    await seedSheets(graph);
  });
  afterAll(() => graph?.stop());

  test('with 10, the 8 and the 3 are both small: withheld, and nothing more', async () => {
    const data = await graph.data(Q, PERIOD, { as: 'ADMIN' });
    const age = byKey(data.branch.participation.ageBands);
    expect(age['65_AND_OVER'].suppressed).toBe(true);
    expect(age['45_TO_64'].suppressed).toBe(true);
    expect(age['18_TO_24']).toMatchObject({ count: 12, suppressed: false });
    expect(age['25_TO_44']).toMatchObject({ count: 20, suppressed: false });
    const race = byKey(data.branch.participation.raceEthnicity);
    expect(race.HISPANIC_LATINO).toMatchObject({ count: null, suppressed: true });
  });
});
