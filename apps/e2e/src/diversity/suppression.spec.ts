import { MAX_NOISE } from '@ceg/conventions';
import type { TestGraph } from '@ceg/testing';
import {
  addTo, ageBands, diversityGraph, expectedBreakdown, expectedCount, GAP_FIELDS, NOR, WST, PARTICIPATION_FIELDS, profileInput, type Recount, repeat, STAFF_NOR,
  submitSheets, UPSERT,
} from './helpers';

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
const AGE = ['UNDER_5', '5_TO_17', '18_TO_24', '25_TO_44', '45_TO_64', '65_AND_OVER'];
const RACE = ['HISPANIC_LATINO', 'WHITE', 'BLACK', 'AMERICAN_INDIAN_ALASKA_NATIVE', 'ASIAN', 'NATIVE_HAWAIIAN_PACIFIC_ISLANDER', 'SOME_OTHER_RACE', 'TWO_OR_MORE'];

/** A branch's sheets of the period recounted from the table, with the sums of their record keys (random per sheet). */
async function recount(graph: TestGraph, branchId: string) {
  const rows: any[] = await graph.subgraph('diversity-metrics').db.manager.query('SELECT activityOn, ageBand, raceEthnicity, recordKey FROM participant_response WHERE branchId = ?', [branchId]);
  const total = new Map<string, Recount>();
  const age = new Map<string, Recount>();
  const race = new Map<string, Recount>();
  for (const r of rows) {
    const on = String(r.activityOn instanceof Date ? r.activityOn.toISOString() : r.activityOn).slice(0, 10);
    if (on < PERIOD.from || on > PERIOD.to) continue;
    addTo(total, '*', Number(r.recordKey));
    if (r.ageBand) addTo(age, r.ageBand, Number(r.recordKey));
    if (r.raceEthnicity) addTo(race, r.raceEthnicity, Number(r.recordKey));
  }
  return { total: total.get('*') ?? { n: 0, ks: 0 }, age, race };
}
const strip = (list: any[]) => list.map((s) => ({ key: s.key, count: s.count, share: s.share === null ? null : Math.round(s.share * 1e6) / 1e6, suppressed: s.suppressed }));

describe('diversity-metrics: small-cell suppression (PRIVACY_MIN_CELL unset: 5)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await diversityGraph();
    await seedSheets(graph);
  });
  afterAll(() => graph?.stop());

  test.each(['ADMIN', 'ANALYST', 'STAFF'] as const)('the 3 people aged 65+ are withheld with a complement, counts carry their cell key\'s noise, for %s as for everyone', async (role) => {
    const data = await graph.data(Q, PERIOD, { as: role === 'STAFF' ? STAFF_NOR : role });
    const p = data.branch.participation;
    const { total, age } = await recount(graph, NOR.id);
    expect(total.n).toBe(46);
    expect(p.respondentCount).toBe(expectedCount(total));
    expect(Math.abs(p.respondentCount - 46)).toBeLessThanOrEqual(MAX_NOISE);
    expect(strip(p.ageBands)).toEqual(strip(expectedBreakdown(age, AGE, total)));
    const shown = byKey(p.ageBands);
    expect(shown['65_AND_OVER']).toMatchObject({ count: null, share: null, suppressed: true });
    expect(p.ageBands.filter((s: any) => s.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(shown.UNDER_5).toMatchObject({ count: 0, share: 0, suppressed: false });
    for (const [k, n] of [['25_TO_44', 20], ['18_TO_24', 12], ['45_TO_64', 8]] as const) {
      if (!shown[k].suppressed) expect(Math.abs(shown[k].count - n)).toBeLessThanOrEqual(MAX_NOISE);
    }
    // Nothing below the threshold is ever published, except 0.
    expect(p.ageBands.every((s: any) => s.count === null || s.count === 0 || s.count >= 5)).toBe(true);
  });

  test('two small cells are withheld (and nothing else unless its noise takes it below the threshold); the same answer every time', async () => {
    const data = await graph.data(Q, PERIOD, { as: 'ADMIN' });
    const { total, race } = await recount(graph, NOR.id);
    const r = data.branch.participation.raceEthnicity;
    expect(strip(r)).toEqual(strip(expectedBreakdown(race, RACE, total)));
    const got = byKey(r);
    expect(got.ASIAN).toMatchObject({ count: null, share: null, suppressed: true });
    expect(got.BLACK).toMatchObject({ count: null, share: null, suppressed: true });
    expect(got.WHITE).toMatchObject({ suppressed: false });
    expect(Math.abs(got.WHITE.count - 32)).toBeLessThanOrEqual(MAX_NOISE);
    expect(data.branch.participation.languagesSpokenAtHome.every((s: any) => s.count === 0 && !s.suppressed)).toBe(true);
    expect(await graph.data(Q, PERIOD, { as: 'ANALYST' })).toEqual(data);
  });

  test('a lone answer is not given away: one respondent is withheld, and so is every cell of every breakdown', async () => {
    await submitSheets(graph, WST.id, '2025-03-03', [{ ageBand: '45_TO_64', languageSpokenAtHome: 'SPANISH' }]);
    const data = await graph.data(`query($from: Date!, $to: Date!) { branch(code: "RVL-WST") { participation(from: $from, to: $to) { ${PARTICIPATION_FIELDS} } } }`, PERIOD, { as: 'ADMIN' });
    const p = data.branch.participation;
    expect(p.respondentCount).toBe(0);
    for (const list of [p.ageBands, p.languagesSpokenAtHome, p.raceEthnicity]) expect(list.every((s: any) => s.count === null && s.share === null && s.suppressed)).toBe(true);
  });

  test('representation gaps withhold the same cells: no participant share, no index', async () => {
    const data = await graph.data(Q, PERIOD, { as: 'ADMIN' });
    const gaps = data.branch.representationGaps;
    const g = (d: string, k: string) => gaps.find((x: any) => x.dimension === d && x.key === k);
    const shares = (list: any[]) => byKey(list);
    const age = shares(data.branch.participation.ageBands);
    const race = shares(data.branch.participation.raceEthnicity);
    for (const [d, k] of [['AGE_BAND', '65_AND_OVER'], ['RACE_ETHNICITY', 'ASIAN'], ['RACE_ETHNICITY', 'BLACK']]) {
      expect(g(d, k)).toMatchObject({ participantShare: null, representationIndex: null, suppressed: true });
    }
    for (const k of AGE) {
      expect(g('AGE_BAND', k).suppressed).toBe(age[k].suppressed);
      if (age[k].share !== null) expect(g('AGE_BAND', k).participantShare).toBeCloseTo(age[k].share, 6);
    }
    expect(g('AGE_BAND', 'UNDER_5')).toMatchObject({ participantShare: 0, representationIndex: 0, suppressed: false });
    if (!race.HISPANIC_LATINO.suppressed) expect(g('RACE_ETHNICITY', 'HISPANIC_LATINO').representationIndex).toBeCloseTo(race.HISPANIC_LATINO.share / 0.25, 4);
  });
});

describe('diversity-metrics: the threshold follows PRIVACY_MIN_CELL', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await diversityGraph({ minCell: 10 });
    await seedSheets(graph);
  });
  afterAll(() => graph?.stop());

  test('with 10, the 8 and the 3 are both small: withheld, and nothing below 10 is published', async () => {
    const data = await graph.data(Q, PERIOD, { as: 'ADMIN' });
    const { total, age: ages } = await recount(graph, NOR.id);
    expect(strip(data.branch.participation.ageBands)).toEqual(strip(expectedBreakdown(ages, AGE, total, 10)));
    const age = byKey(data.branch.participation.ageBands);
    expect(age['65_AND_OVER'].suppressed).toBe(true);
    expect(age['45_TO_64'].suppressed).toBe(true);
    expect(age['25_TO_44']).toMatchObject({ suppressed: false });
    const race = byKey(data.branch.participation.raceEthnicity);
    expect(race.HISPANIC_LATINO).toMatchObject({ count: null, suppressed: true });
    for (const list of [data.branch.participation.ageBands, data.branch.participation.raceEthnicity]) expect(list.every((s: any) => s.count === null || s.count === 0 || s.count >= 10)).toBe(true);
  });
});
