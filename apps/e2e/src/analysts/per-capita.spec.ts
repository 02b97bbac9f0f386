/**
 * Per-capita measures on the aggregates (feedback, programs, partnerships,
 * participation) at branch, library system and consortium level, through
 * the real gateway: each value is the aggregate's count over the summed
 * service population of the branches counted (the directory's), null when a
 * population is missing, computed from the published (noised) respondent
 * count and withheld with it.
 */
import { DEMO_BRANCHES, DEMO_SYSTEMS } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

jest.setTimeout(240_000);

const FEEDBACK = 'totals { count resolvedCount } perCapita { servicePopulation countPerThousand resolvedCountPerThousand } groups { key { branch { id } } measures { count resolvedCount } perCapita { servicePopulation countPerThousand resolvedCountPerThousand } }';
const PROGRAMS = 'totals { attendance registrationCount sessionCount } perCapita { servicePopulation attendancePerCapita registrationsPerCapita sessionsPerThousand } groups { key { branch { id } } measures { attendance registrationCount sessionCount } perCapita { servicePopulation attendancePerCapita registrationsPerCapita sessionsPerThousand } }';
const PARTNERS = 'totals { partnershipCount volunteerHours contributedValue { amount currency } } perCapita { servicePopulation partnershipsPerThousand volunteerHoursPerCapita contributedValuePerThousand { amount currency } } groups { key { branch { id } } measures { partnershipCount volunteerHours contributedValue { amount currency } } perCapita { servicePopulation partnershipsPerThousand volunteerHoursPerCapita contributedValuePerThousand { amount currency } } }';
const PARTICIPATION = 'respondentCount perCapita { servicePopulation respondentsPerThousand }';

const population = (ids: string[]) => ids.reduce((sum, id) => sum + DEMO_BRANCHES.find((b) => b.id === id)!.servicePopulation, 0);

/** Every per-capita value of one aggregate answer (totals and groups) against count ÷ population. */
function expectPerCapita(agg: any, pop: number | null, kind: 'feedback' | 'programs' | 'partners') {
  const check = (m: any, p: any, popOf: number | null) => {
    expect(p.servicePopulation).toBe(popOf);
    const per = (n: number, scale = 1) => (popOf === null ? null : (n * scale) / popOf);
    const close = (actual: number | null, expected: number | null) => {
      if (expected === null) expect(actual).toBeNull();
      else expect(actual).toBeCloseTo(expected, 5);
    };
    if (kind === 'feedback') {
      close(p.countPerThousand, per(m.count, 1000));
      close(p.resolvedCountPerThousand, per(m.resolvedCount, 1000));
    } else if (kind === 'programs') {
      close(p.attendancePerCapita, per(m.attendance));
      close(p.registrationsPerCapita, per(m.registrationCount));
      close(p.sessionsPerThousand, per(m.sessionCount, 1000));
    } else {
      close(p.partnershipsPerThousand, per(m.partnershipCount, 1000));
      close(p.volunteerHoursPerCapita, per(m.volunteerHours));
      if (popOf === null) expect(p.contributedValuePerThousand).toEqual([]);
      else {
        expect(p.contributedValuePerThousand.map((v: any) => v.currency)).toEqual(m.contributedValue.map((v: any) => v.currency));
        p.contributedValuePerThousand.forEach((v: any, i: number) => expect(Math.abs(Number(v.amount) - (Number(m.contributedValue[i].amount) * 1000) / popOf)).toBeLessThanOrEqual(0.005 + 1e-9));
      }
    }
  };
  check(agg.totals, agg.perCapita, pop);
  for (const g of agg.groups) check(g.measures, g.perCapita, g.key.branch ? population([g.key.branch.id]) : pop);
}

describe('analysts: per-capita measures', () => {
  let graph: TestGraph;
  const year = new Date().getUTCFullYear() - 1;
  const v = { f: `${year}-01-01T00:00:00Z`, t: `${year + 1}-01-01T00:00:00Z`, df: `${year}-01-01`, dt: `${year}-12-31` };
  const rvl = DEMO_SYSTEMS.find((s) => s.code === 'RVL')!;
  const rvlIds = DEMO_BRANCHES.filter((b) => b.systemId === rvl.id).map((b) => b.id);
  const allIds = DEMO_BRANCHES.map((b) => b.id);
  const cen = DEMO_BRANCHES.find((b) => b.code === 'RVL-CEN')!;

  const LEVELS = `query($f: DateTime, $t: DateTime, $df: Date!, $dt: Date!) {
    branch(code: "RVL-CEN") {
      feedbackAggregate(from: $f, to: $t) { ${FEEDBACK} }
      programAggregate(from: $f, to: $t, groupBy: [AGE_GROUP]) { ${PROGRAMS} }
      partnershipAggregate(from: $f, to: $t) { ${PARTNERS} }
      participation(from: $df, to: $dt) { ${PARTICIPATION} }
    }
    librarySystem(code: "RVL") {
      feedbackAggregate(from: $f, to: $t, groupBy: [BRANCH]) { ${FEEDBACK} }
      programAggregate(from: $f, to: $t, groupBy: [BRANCH]) { ${PROGRAMS} }
      partnershipAggregate(from: $f, to: $t, groupBy: [BRANCH]) { ${PARTNERS} }
      participation(from: $df, to: $dt) { ${PARTICIPATION} }
    }
    consortium(code: "CVLC") {
      feedbackAggregate(from: $f, to: $t, groupBy: [CATEGORY]) { ${FEEDBACK} }
      programAggregate(from: $f, to: $t, groupBy: [BRANCH]) { ${PROGRAMS} }
      partnershipAggregate(from: $f, to: $t, groupBy: [PARTNER_TYPE]) { ${PARTNERS} }
      participation(from: $df, to: $dt) { ${PARTICIPATION} }
    }
  }`;

  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph?.stop());

  test.each(['ANALYST', 'ADMIN'] as const)('%s: at branch, system and consortium level each value is the count over the summed service population', async (role) => {
    const d = await graph.data(LEVELS, v, { as: role });
    for (const [level, pop] of [['branch', cen.servicePopulation], ['librarySystem', population(rvlIds)], ['consortium', population(allIds)]] as const) {
      const a = d[level];
      expectPerCapita(a.feedbackAggregate, pop, 'feedback');
      expectPerCapita(a.programAggregate, pop, 'programs');
      expectPerCapita(a.partnershipAggregate, pop, 'partners');
      // participation: from the published (perturbed) count, exactly
      expect(a.participation.perCapita.servicePopulation).toBe(pop);
      expect(a.participation.respondentCount).toBeGreaterThan(0);
      expect(a.participation.perCapita.respondentsPerThousand).toBeCloseTo((a.participation.respondentCount * 1000) / pop, 5);
    }
    // the demo data has something to divide at every level
    expect(d.consortium.programAggregate.totals.attendance).toBeGreaterThan(0);
    expect(d.librarySystem.feedbackAggregate.groups.length).toBe(rvlIds.length);
    expect(d.consortium.partnershipAggregate.totals.partnershipCount).toBeGreaterThan(0);
  });

  test('STAFF: a system or consortium counts their own branches over their own branches\' population', async () => {
    const staff = { role: 'STAFF' as const, branchCodes: ['RVL-CEN'] };
    const d = await graph.data(LEVELS, v, { as: staff });
    for (const level of ['branch', 'librarySystem', 'consortium'] as const) {
      expectPerCapita(d[level].feedbackAggregate, cen.servicePopulation, 'feedback');
      expectPerCapita(d[level].programAggregate, cen.servicePopulation, 'programs');
      expect(d[level].participation.perCapita.servicePopulation).toBe(cen.servicePopulation);
    }
    expect(d.librarySystem.feedbackAggregate.groups.map((g: any) => g.key.branch.id)).toEqual([cen.id]);
  });

  test('a root aggregate over every branch has no known population unless grouped by branch', async () => {
    const d = await graph.data(`query($f: DateTime, $t: DateTime, $ids: [ID!]) {
      all: programAggregate(from: $f, to: $t) { ${PROGRAMS} }
      byBranch: programAggregate(from: $f, to: $t, groupBy: [BRANCH]) { ${PROGRAMS} }
      some: feedbackAggregate(from: $f, to: $t, filter: { branchIds: $ids }) { ${FEEDBACK} }
    }`, { ...v, ids: rvlIds.slice(0, 2) }, { as: 'ANALYST' });
    expectPerCapita(d.all, null, 'programs');
    expectPerCapita(d.byBranch, null, 'programs');
    expect(d.byBranch.groups.length).toBe(DEMO_BRANCHES.length);
    expect(d.byBranch.groups.every((g: any) => g.perCapita.attendancePerCapita !== null)).toBe(true);
    expectPerCapita(d.some, population(rvlIds.slice(0, 2)), 'feedback');
  });

  test.each([
    ['PATRON', 'PATRON' as const, 'FORBIDDEN'],
    ['anonymous', undefined, 'UNAUTHENTICATED'],
  ])('%s gets no per-capita value (the aggregate is refused)', async (_, as, code) => {
    const res = await graph.query(`{ branch(code: "RVL-CEN") { name programAggregate { perCapita { attendancePerCapita } } } }`, undefined, { as });
    expect((res.body.data as any).branch).toEqual({ name: cen.name, programAggregate: null });
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
  });

  test('STAFF of another branch: no population and no value for a branch they may not aggregate', async () => {
    const d = await graph.data(`query($df: Date!, $dt: Date!) { branch(code: "RVL-CEN") { participation(from: $df, to: $dt) { ${PARTICIPATION} } } }`, v, { as: { role: 'STAFF', branchCodes: ['RVL-NOR'] } });
    expect(d.branch.participation).toEqual({ respondentCount: 0, perCapita: { servicePopulation: null, respondentsPerThousand: null } });
  });

  describe('missing populations and withheld counts (these change the directory: last)', () => {
    let newBranch: { id: string };

    beforeAll(async () => {
      const d = await graph.data(`mutation($i: CreateBranchInput!) { createBranch(input: $i) { branch { id servicePopulation } userErrors { code } } }`, {
        i: { systemId: rvl.id, code: 'RVL-POP', name: 'Population Unknown Branch' },
      }, { as: 'ADMIN' });
      expect(d.createBranch.userErrors).toEqual([]);
      expect(d.createBranch.branch.servicePopulation).toBeNull();
      newBranch = d.createBranch.branch;
    });

    test('a branch without a recorded population: null per-capita values for it and for every level that counts it, never a guess', async () => {
      const d = await graph.data(`query($f: DateTime, $t: DateTime, $df: Date!, $dt: Date!) {
        branch(code: "RVL-POP") { programAggregate(from: $f, to: $t) { ${PROGRAMS} } }
        librarySystem(code: "RVL") {
          feedbackAggregate(from: $f, to: $t, groupBy: [BRANCH]) { ${FEEDBACK} }
          programAggregate(from: $f, to: $t) { ${PROGRAMS} }
          partnershipAggregate(from: $f, to: $t) { ${PARTNERS} }
          participation(from: $df, to: $dt) { ${PARTICIPATION} }
        }
        mcl: librarySystem(code: "MCL") { programAggregate(from: $f, to: $t) { perCapita { servicePopulation } } }
      }`, v, { as: 'ANALYST' });
      expectPerCapita(d.branch.programAggregate, null, 'programs');
      expectPerCapita(d.librarySystem.programAggregate, null, 'programs');
      expectPerCapita(d.librarySystem.partnershipAggregate, null, 'partners');
      expect(d.librarySystem.participation.perCapita).toEqual({ servicePopulation: null, respondentsPerThousand: null });
      // the system's totals are null; its other branches' groups keep their own population
      expect(d.librarySystem.feedbackAggregate.perCapita).toEqual({ servicePopulation: null, countPerThousand: null, resolvedCountPerThousand: null });
      for (const g of d.librarySystem.feedbackAggregate.groups) expect(g.perCapita.servicePopulation).toBe(population([g.key.branch.id]));
      // another system is not affected
      expect(d.mcl.programAggregate.perCapita.servicePopulation).toBe(population(DEMO_BRANCHES.filter((b) => b.code.startsWith('MCL-')).map((b) => b.id)));
    });

    test('a withheld respondent count gives a null per-capita value, not one computed from the true count', async () => {
      const created = await graph.data(`mutation($i: CreateBranchInput!) { createBranch(input: $i) { branch { id } userErrors { code } } }`, {
        i: { systemId: rvl.id, code: 'RVL-FEW', name: 'Few Answers Branch', servicePopulation: 1000 },
      }, { as: 'ADMIN' });
      const id = created.createBranch.branch.id;
      for (let i = 0; i < 2; i++) {
        const s = await graph.data(`mutation($input: ParticipantDemographicsInput!) { submitParticipantDemographics(input: $input) { accepted userErrors { code } } }`, {
          input: { branchId: id, on: `${year}-05-0${i + 1}`, serviceArea: 'HEALTH', ageBand: '25 to 44', raceEthnicity: ['WHITE'], languageSpokenAtHome: 'english_only' },
        }, { as: 'ADMIN' });
        expect(s.submitParticipantDemographics).toEqual({ accepted: true, userErrors: [] });
      }
      const d = await graph.data(`query($df: Date!, $dt: Date!) { branch(code: "RVL-FEW") { participation(from: $df, to: $dt) { ${PARTICIPATION} ageBands { suppressed } } } }`, v, { as: 'ANALYST' });
      expect(d.branch.participation.respondentCount).toBe(0);
      expect(d.branch.participation.perCapita).toEqual({ servicePopulation: 1000, respondentsPerThousand: null });
      expect(newBranch.id).toBeTruthy();
    });
  });

  test('the libraries subgraph down (last: it stays down): perCapita is null with SERVICE_UNAVAILABLE, the counts still answer', async () => {
    await graph.subgraph('libraries').stop();
    await new Promise((r) => setTimeout(r, 5_500)); // past the directory cache's 5 s
    const res = await graph.query(`query($f: DateTime, $t: DateTime) { programAggregate(from: $f, to: $t, groupBy: [BRANCH]) { totals { attendance } groups { key { branch { id } } perCapita { attendancePerCapita } } } }`, v, { as: 'ANALYST' });
    const agg = (res.body.data as any).programAggregate;
    expect(agg.totals.attendance).toBeGreaterThan(0);
    expect(agg.groups.length).toBeGreaterThan(0);
    for (const g of agg.groups) expect(g.perCapita).toBeNull();
    expect(res.body.errors?.length).toBeGreaterThan(0);
    for (const e of res.body.errors ?? []) expect(e.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
