import { DEMO_BRANCHES } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { addTo, CEN, diversityGraph, expectedBreakdown, expectedCount, GAP_FIELDS, NOR, PARTICIPATION_FIELDS, type Recount, STAFF_CEN } from './helpers';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const KEYS = {
  AGE_BAND: ['UNDER_5', '5_TO_17', '18_TO_24', '25_TO_44', '45_TO_64', '65_AND_OVER'],
  RACE_ETHNICITY: ['HISPANIC_LATINO', 'WHITE', 'BLACK', 'AMERICAN_INDIAN_ALASKA_NATIVE', 'ASIAN', 'NATIVE_HAWAIIAN_PACIFIC_ISLANDER', 'SOME_OTHER_RACE', 'TWO_OR_MORE'],
  LANGUAGE: ['ENGLISH_ONLY', 'SPANISH', 'OTHER_INDO_EUROPEAN', 'ASIAN_PACIFIC_ISLAND', 'OTHER'],
} as const;
type Dim = keyof typeof KEYS;
const COLUMN: Record<Dim, string> = { AGE_BAND: 'ageBand', RACE_ETHNICITY: 'raceEthnicity', LANGUAGE: 'homeLanguage' };
const FIELD: Record<Dim, string> = { AGE_BAND: 'ageBands', RACE_ETHNICITY: 'raceEthnicity', LANGUAGE: 'languagesSpokenAtHome' };
const PROFILE_COLUMN: Record<Dim, string> = { AGE_BAND: 'ageBands', RACE_ETHNICITY: 'raceEthnicity', LANGUAGE: 'languages' };

const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

describe('diversity-metrics: aggregates over the demo data', () => {
  let graph: TestGraph;
  let seedMs: number;
  const now = new Date();
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 364 * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    const started = Date.now();
    graph = await diversityGraph({ demo: true });
    seedMs = Date.now() - started;
  });
  afterAll(() => graph?.stop());

  const sql = (q: string, params: unknown[] = []) => graph.subgraph('diversity-metrics').db.manager.query(q, params) as Promise<any[]>;

  /** Answer sheets per branch and dimension, counted row by row in plain code, with the sums of their record keys. */
  async function recount(): Promise<{ totals: Map<string, Recount>; cells: Map<string, Map<Dim, Map<string, Recount>>> }> {
    const rows = await sql('SELECT branchId, activityOn, ageBand, raceEthnicity, homeLanguage, recordKey FROM participant_response');
    const totals = new Map<string, Recount>();
    const cells = new Map<string, Map<Dim, Map<string, Recount>>>();
    for (const r of rows) {
      const on = day(r.activityOn);
      if (on < from || on > to) continue;
      const key = Number(r.recordKey);
      addTo(totals, r.branchId, key);
      let b = cells.get(r.branchId);
      if (!b) cells.set(r.branchId, (b = new Map((Object.keys(KEYS) as Dim[]).map((d) => [d, new Map()]))));
      for (const d of Object.keys(KEYS) as Dim[]) {
        const k = r[COLUMN[d]];
        if (k !== null) addTo(b.get(d)!, k, key);
      }
    }
    return { totals, cells };
  }
  const NONE: Recount = { n: 0, ks: 0 };

  const branchQuery = (field: string) => `query($code: String!, $from: Date!, $to: Date!) { branch(code: $code) { id ${field} } }`;

  test('demo volume: three ACS profiles per branch, a few thousand answer sheets, audits per branch, loaded quickly', async () => {
    const count = async (t: string) => Number((await sql(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
    expect(await count('community_profile')).toBe(DEMO_BRANCHES.length * 3);
    expect(await count('participant_response')).toBeGreaterThan(2000);
    expect(await count('collection_audit')).toBeGreaterThanOrEqual(DEMO_BRANCHES.length);
    expect(await count('accessibility_audit')).toBeGreaterThanOrEqual(DEMO_BRANCHES.length);
    expect(seedMs).toBeLessThan(30_000);
    const data = await graph.data('{ branch(code: "RVL-NOR") { communityProfiles { year source } latestCollectionAudit { totalTitles } latestAccessibilityAudit { score } } }');
    expect(data.branch.communityProfiles).toEqual([{ year: 2019, source: 'ACS 5-year 2015-2019' }, { year: 2021, source: 'ACS 5-year 2017-2021' }, { year: 2023, source: 'ACS 5-year 2019-2023' }]);
    expect(data.branch.latestCollectionAudit.totalTitles).toBeGreaterThan(0);
    expect(data.branch.latestAccessibilityAudit.score).toBeGreaterThanOrEqual(0);
  });

  test('participation of every branch equals a recount of the answer sheets, perturbed by their cell keys, with small cells withheld', async () => {
    const { totals, cells } = await recount();
    const data = await graph.data(`query($from: Date!, $to: Date!) { branches(first: 100) { nodes { id participation(from: $from, to: $to) { ${PARTICIPATION_FIELDS} } } } }`, { from, to }, { as: 'ADMIN' });
    let suppressed = 0;
    for (const node of data.branches.nodes) {
      const p = node.participation;
      expect(p).toMatchObject({ from, to, respondentCount: expectedCount(totals.get(node.id)) ?? 0 });
      for (const d of Object.keys(KEYS) as Dim[]) {
        const expected = expectedBreakdown(cells.get(node.id)?.get(d) ?? new Map(), KEYS[d], totals.get(node.id) ?? NONE);
        expect(p[FIELD[d]].map((s: any) => s.key)).toEqual(expected.map((e) => e.key));
        p[FIELD[d]].forEach((s: any, i: number) => {
          expect(s.suppressed).toBe(expected[i].suppressed);
          expect(s.count).toBe(expected[i].count);
          if (expected[i].share === null) expect(s.share).toBeNull();
          else expect(s.share).toBeCloseTo(expected[i].share!, 5);
        });
        suppressed += p[FIELD[d]].filter((s: any) => s.suppressed).length;
      }
    }
    // The demo data has small groups, so withholding is exercised.
    expect(suppressed).toBeGreaterThan(0);
  });

  test('Branch.participation for every branch is batched: a fixed number of statements however many branches', async () => {
    const db = graph.subgraph('diversity-metrics').db;
    const before = db.queryCount;
    await graph.data(`query($from: Date!, $to: Date!) { branches(first: 100) { nodes { participation(from: $from, to: $to) { respondentCount } representationGaps(from: $from, to: $to) { key } communityProfile { year } latestCollectionAudit { id } latestAccessibilityAudit { id } } } }`, { from, to }, { as: 'ADMIN' });
    expect(db.queryCount - before).toBeLessThanOrEqual(6);
  });

  test('representation gaps equal a recount against the latest profile on or before the period, and the given year\'s', async () => {
    const { totals, cells } = await recount();
    for (const year of [null, 2019]) {
      const data = await graph.data(`query($from: Date!, $to: Date!, $year: Int) { branches(first: 100) { nodes { id representationGaps(year: $year, from: $from, to: $to) { ${GAP_FIELDS} } } } }`, { from, to, year }, { as: 'ANALYST' });
      for (const node of data.branches.nodes) {
        const [profile] = await sql('SELECT * FROM community_profile WHERE branchId = ? AND year = ?', [node.id, year ?? 2023]);
        const expected: any[] = [];
        for (const d of Object.keys(KEYS) as Dim[]) {
          const participants = expectedBreakdown(cells.get(node.id)?.get(d) ?? new Map(), KEYS[d], totals.get(node.id) ?? NONE);
          for (const c of JSON.parse(profile[PROFILE_COLUMN[d]])) {
            const p = participants.find((x) => x.key === c.key)!;
            expected.push({ dimension: d, key: c.key, communityShare: c.share, participantShare: p.share, representationIndex: p.share === null || c.share === 0 ? null : p.share / c.share, suppressed: p.suppressed });
          }
        }
        expect(node.representationGaps).toHaveLength(expected.length);
        node.representationGaps.forEach((g: any, i: number) => {
          const e = expected[i];
          expect(g).toMatchObject({ dimension: e.dimension, key: e.key, communityShare: e.communityShare, suppressed: e.suppressed });
          for (const f of ['participantShare', 'representationIndex']) {
            if (e[f] === null) expect(g[f]).toBeNull();
            else expect(g[f]).toBeCloseTo(e[f], 4);
          }
        });
      }
    }
    // Hispanic residents take part less than their share of the community in the demo data.
    const nor = await graph.data(branchQuery(`representationGaps(from: $from, to: $to) { ${GAP_FIELDS} }`), { code: 'RVL-NOR', from, to }, { as: 'ADMIN' });
    const hispanic = nor.branch.representationGaps.find((g: any) => g.dimension === 'RACE_ETHNICITY' && g.key === 'HISPANIC_LATINO');
    expect(hispanic.representationIndex).toBeLessThan(1);
  });

  test('demographicChange: per dimension and key, the shares of the two years\' profiles and their difference', async () => {
    const data = await graph.data('{ branch(code: "RVL-EST") { id demographicChange(fromYear: 2019, toYear: 2023) { dimension key fromShare toShare change } missing: demographicChange(fromYear: 2018, toYear: 2023) { key } } }');
    const [a] = await sql('SELECT * FROM community_profile WHERE branchId = ? AND year = 2019', [data.branch.id]);
    const [b] = await sql('SELECT * FROM community_profile WHERE branchId = ? AND year = 2023', [data.branch.id]);
    const expected = (Object.keys(KEYS) as Dim[]).flatMap((d) => {
      const to = JSON.parse(b[PROFILE_COLUMN[d]]);
      return JSON.parse(a[PROFILE_COLUMN[d]]).map((x: any) => ({ dimension: d, key: x.key, fromShare: x.share, toShare: to.find((y: any) => y.key === x.key).share }));
    });
    expect(data.branch.demographicChange).toHaveLength(expected.length);
    data.branch.demographicChange.forEach((c: any, i: number) => {
      expect(c).toMatchObject(expected[i]);
      expect(c.change).toBeCloseTo(expected[i].toShare - expected[i].fromShare, 6);
    });
    expect(data.branch.missing).toEqual([]);
  });

  test('Consortium.representationGaps: the branches\' communities weighted by population against all their participants', async () => {
    const { totals, cells } = await recount();
    const data = await graph.data(`query($from: Date!, $to: Date!) { consortium(code: "CVLC") { branchIds representationGaps(from: $from, to: $to) { ${GAP_FIELDS} } } }`, { from, to }, { as: 'ADMIN' });
    const profiles = await sql('SELECT * FROM community_profile WHERE year = 2023');
    expect(profiles).toHaveLength(data.consortium.branchIds.length);
    const population = profiles.reduce((s, p) => s + Number(p.population), 0);
    const expected: any[] = [];
    for (const d of Object.keys(KEYS) as Dim[]) {
      const together = new Map<string, Recount>();
      for (const b of cells.values()) for (const [k, c] of b.get(d)!) together.set(k, { n: (together.get(k)?.n ?? 0) + c.n, ks: (together.get(k)?.ks ?? 0) + c.ks });
      const everyone = [...totals.values()].reduce((a, c) => ({ n: a.n + c.n, ks: a.ks + c.ks }), NONE);
      const participants = expectedBreakdown(together, KEYS[d], everyone);
      for (const key of KEYS[d]) {
        const community = profiles.reduce((s, p) => s + Number(p.population) * (JSON.parse(p[PROFILE_COLUMN[d]]).find((x: any) => x.key === key)?.share ?? 0), 0) / population;
        const p = participants.find((x) => x.key === key)!;
        expected.push({ dimension: d, key, communityShare: community, participantShare: p.share, suppressed: p.suppressed });
      }
    }
    const gaps = data.consortium.representationGaps;
    expect(gaps.map((g: any) => `${g.dimension}:${g.key}`)).toEqual(expected.map((e) => `${e.dimension}:${e.key}`));
    gaps.forEach((g: any, i: number) => {
      expect(g.communityShare).toBeCloseTo(expected[i].communityShare, 5);
      expect(g.suppressed).toBe(expected[i].suppressed);
      if (expected[i].participantShare === null) expect(g.participantShare).toBeNull();
      else expect(g.participantShare).toBeCloseTo(expected[i].participantShare, 5);
      if (g.participantShare !== null) expect(g.representationIndex).toBeCloseTo(g.participantShare / g.communityShare, 3);
    });

    // STAFF see their own branches only: the consortium's gaps are their branch's.
    const staff = await graph.data(`query($from: Date!, $to: Date!) { consortium(code: "CVLC") { representationGaps(from: $from, to: $to) { ${GAP_FIELDS} } } branch(code: "RVL-CEN") { representationGaps(from: $from, to: $to) { ${GAP_FIELDS} } } }`, { from, to }, { as: STAFF_CEN });
    expect(staff.consortium.representationGaps).toEqual(staff.branch.representationGaps);
  });

  describe('who may see aggregates', () => {
    const PARTICIPATION = branchQuery(`participation(from: $from, to: $to) { respondentCount }`);
    const GAPS = branchQuery(`representationGaps(from: $from, to: $to) { key }`);
    const CONSORTIUM = `query($from: Date!, $to: Date!) { consortium(code: "CVLC") { id representationGaps(from: $from, to: $to) { key } } }`;

    test('anonymous callers are UNAUTHENTICATED and patrons FORBIDDEN, the rest of the answer still comes back', async () => {
      for (const [as, code] of [[undefined, 'UNAUTHENTICATED'], ['PATRON', 'FORBIDDEN']] as const) {
        for (const q of [PARTICIPATION, GAPS, CONSORTIUM]) {
          const res = await graph.query(q, { code: 'RVL-CEN', from, to }, { as: as as never });
          expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
          const parent = (res.body.data as any)?.branch ?? (res.body.data as any)?.consortium;
          expect(parent.id).toBeTruthy();
          expect(parent.participation ?? parent.representationGaps ?? null).toBeNull();
        }
      }
    });

    test('STAFF see their own branches; other branches count nobody', async () => {
      const own = await graph.data(PARTICIPATION, { code: 'RVL-CEN', from, to }, { as: STAFF_CEN });
      expect(own.branch.participation.respondentCount).toBeGreaterThan(0);
      const other = await graph.data(`${branchQuery(`participation(from: $from, to: $to) { respondentCount ageBands { count suppressed } } representationGaps(from: $from, to: $to) { key }`)}`, { code: 'RVL-NOR', from, to }, { as: STAFF_CEN });
      expect(other.branch.participation.respondentCount).toBe(0);
      expect(other.branch.participation.ageBands.every((s: any) => s.count === 0 && !s.suppressed)).toBe(true);
      expect(other.branch.representationGaps).toEqual([]);
    });

    test('ANALYST and ADMIN see every branch', async () => {
      for (const as of ['ANALYST', 'ADMIN'] as const) {
        const data = await graph.data(PARTICIPATION, { code: 'RVL-NOR', from, to }, { as });
        expect(data.branch.participation.respondentCount).toBeGreaterThan(0);
      }
    });

    test('community profiles and audits stay readable by everyone', async () => {
      const data = await graph.data('{ branch(code: "RVL-CEN") { communityProfile { year } latestCollectionAudit { id } latestAccessibilityAudit { id } } }');
      expect(data.branch.communityProfile.year).toBe(2023);
      expect(data.branch.latestCollectionAudit.id).toBeTruthy();
    });
  });

  describe('limits', () => {
    test.each([
      ['more than 10 years', '2014-01-01', '2025-01-01'],
      ['to before from', '2025-02-01', '2025-01-01'],
      ['before 1900', '1899-01-01', '1900-06-01'],
    ])('%s is BAD_USER_INPUT', async (_name, f, t) => {
      for (const q of [`participation(from: $from, to: $to) { respondentCount }`, `representationGaps(from: $from, to: $to) { key }`]) {
        const res = await graph.query(branchQuery(q), { code: 'RVL-CEN', from: f, to: t }, { as: 'ADMIN' });
        expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    test('exactly 10 years is allowed', async () => {
      const data = await graph.data(branchQuery(`participation(from: $from, to: $to) { respondentCount }`), { code: 'RVL-CEN', from: '2015-01-01', to: '2024-12-31' }, { as: 'ADMIN' });
      expect(data.branch.participation.respondentCount).toBeGreaterThanOrEqual(0);
    });

    test('the consortium\'s branch list from @requires is not capped', async () => {
      const data = await graph.data(`query($from: Date!, $to: Date!) { consortium(code: "CVLC") { representationGaps(from: $from, to: $to) { key } } }`, { from, to }, { as: 'ADMIN' });
      expect(data.consortium.representationGaps.length).toBeGreaterThan(0);
    });
  });

  test('a branch without profiles or answer sheets has empty gaps and zero participation', async () => {
    await sql('DELETE FROM community_profile WHERE branchId = ?', [NOR.id]);
    const data = await graph.data(branchQuery(`communityProfile { id } communityProfiles { id } representationGaps(from: $from, to: $to) { key } participation(from: "1990-01-01", to: "1990-12-31") { respondentCount }`), { code: 'RVL-NOR', from, to }, { as: 'ADMIN' });
    expect(data.branch).toMatchObject({ communityProfile: null, communityProfiles: [], representationGaps: [], participation: { respondentCount: 0 } });
    expect(CEN.id).not.toBe(NOR.id);
  });
});
