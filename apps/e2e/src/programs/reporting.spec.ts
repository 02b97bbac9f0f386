import { DEMO_BRANCHES, DEMO_SYSTEMS } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { MAX_NOISE, noiseOf } from '@ceg/conventions';
import { startGraph } from '../graph';
import { CEN, ERRORS, inHours, NOR, patron, publishedSession, schedule, STAFF_CEN, STAFF_NOR } from './helpers';

const DAY = 86_400_000;

/** The published value of n records whose keys sum to ks (RULES.md §3, as the README states it): 0 when empty, null when withheld. */
const published = (n: number, ks: number, minCell = 5): number | null => {
  if (n === 0) return 0;
  const v = n + noiseOf(ks);
  return n < minCell || v < minCell ? null : v;
};

/** An outcome summary recounted from IMMEDIATE survey rows (with their record keys) by the same rules. */
function expectedOutcomes(rows: any[]) {
  const sum = (list: any[]) => list.reduce((a, r) => a + Number(r.recordKey), 0);
  const responses = published(rows.length, sum(rows));
  const out: Record<string, unknown> = { responseCount: responses ?? 0, suppressed: responses === null };
  for (const m of ['knowledge', 'confidence', 'application', 'awareness']) {
    const answered = rows.filter((r) => r[m] !== null);
    const agreed = answered.filter((r) => r[m] >= 4);
    const whole = published(answered.length, sum(answered));
    if (responses === null || answered.length === 0) out[m] = null;
    else if (whole === null) {
      out[m] = null;
      out.suppressed = true;
    } else out[m] = Math.round((Math.min(whole, Math.max(0, agreed.length + noiseOf(sum(agreed) + sum(answered)))) / whole) * 10_000) / 10_000;
  }
  return out;
}
const MEASURES = 'programCount sessionCount attendance averageAttendance registrationCount fillRate noShowRate outcomes { responseCount knowledge confidence application awareness suppressed }';

interface SessionFact {
  id: string; programId: string; branchId: string; startsAt: number; status: string; attendance: number | null; capacity: number | null;
  format: string; ageGroup: string; serviceArea: string;
}

/** Outcome surveys, aggregates and the PLS report on a year of demo data, checked against recounts of the rows. */
describe('programs: outcomes, aggregates and the PLS report', () => {
  let graph: TestGraph;
  let seedMs: number;
  beforeAll(async () => {
    const started = Date.now();
    graph = await startGraph({ only: ['libraries', 'programs'] });
    seedMs = Date.now() - started;
  });
  afterAll(() => graph?.stop());

  const sql = (q: string, params: unknown[] = []) => graph.subgraph('programs').db.manager.query(q, params) as Promise<any[]>;
  const time = (v: unknown) => (v instanceof Date ? v.getTime() : new Date(`${String(v).replace(' ', 'T')}Z`).getTime());

  async function facts(): Promise<{ sessions: SessionFact[]; regs: Map<string, string[]>; answers: Map<string, any[]> }> {
    const sessions = (await sql(
      'SELECT s.id, s.programId, s.branchId, s.startsAt, s.status, s.attendance, s.capacity, p.format, p.ageGroup, p.serviceArea FROM program_session s JOIN program p ON p.id = s.programId',
    )).map((r) => ({ ...r, startsAt: time(r.startsAt), attendance: r.attendance === null ? null : Number(r.attendance), capacity: r.capacity === null ? null : Number(r.capacity) }));
    const regs = new Map<string, string[]>();
    for (const r of await sql('SELECT sessionId, status FROM registration')) regs.set(r.sessionId, [...(regs.get(r.sessionId) ?? []), r.status]);
    const answers = new Map<string, any[]>();
    for (const r of await sql("SELECT sessionId, knowledge, recordKey FROM outcome_response WHERE surveyType = 'IMMEDIATE'")) answers.set(r.sessionId, [...(answers.get(r.sessionId) ?? []), r]);
    await settle();
    return { sessions, regs, answers };
  }

  /**
   * Reading every row in-process blocks the event loop for a moment (the
   * embedded SQLite driver is synchronous), long enough for the test client's
   * keep-alive connection to the gateway to go stale: one throwaway request
   * lets it open a fresh one.
   */
  async function settle() {
    for (let i = 0; i < 3; i++) {
      try {
        await graph.query('{ __typename }');
        return;
      } catch {
        /* a stale keep-alive connection was reset; the next try opens a new one */
      }
    }
  }

  /** The measures, recounted in plain code from the rows. */
  function recount(f: Awaited<ReturnType<typeof facts>>, keep: (s: SessionFact) => boolean) {
    const held = f.sessions.filter((s) => s.status !== 'CANCELLED' && keep(s));
    const regsOf = (s: SessionFact) => f.regs.get(s.id) ?? [];
    const attended = held.filter((s) => s.attendance !== null);
    return {
      programCount: new Set(held.map((s) => s.programId)).size,
      sessionCount: held.length,
      attendance: attended.reduce((n, s) => n + s.attendance!, 0),
      registrationCount: held.reduce((n, s) => n + regsOf(s).filter((st) => st !== 'CANCELLED').length, 0),
      noShows: held.reduce((n, s) => n + regsOf(s).filter((st) => st === 'NO_SHOW').length, 0),
      came: held.reduce((n, s) => n + regsOf(s).filter((st) => st === 'ATTENDED').length, 0),
      responses: held.reduce((n, s) => n + (f.answers.get(s.id)?.length ?? 0), 0),
      responsesKey: held.reduce((n, s) => n + (f.answers.get(s.id) ?? []).reduce((k, r) => k + Number(r.recordKey), 0), 0),
    };
  }

  test('demo data: a year of programs for every branch, loaded in seconds', async () => {
    const [programs] = await sql('SELECT COUNT(*) AS n FROM program');
    const [sessions] = await sql('SELECT COUNT(*) AS n FROM program_session');
    const [regs] = await sql('SELECT COUNT(*) AS n FROM registration');
    const [answers] = await sql('SELECT COUNT(*) AS n FROM outcome_response');
    const volume = { programs: Number(programs.n), sessions: Number(sessions.n), registrations: Number(regs.n), responses: Number(answers.n) };
    console.info(`demo programs on ${graph.subgraph('programs').db.dialect}: ${JSON.stringify(volume)}; graph with demo data up in ${seedMs} ms`);
    expect(volume.programs).toBeGreaterThan(100);
    expect(volume.sessions).toBeGreaterThan(2000);
    expect(volume.registrations).toBeGreaterThan(5000);
    expect(volume.responses).toBeGreaterThan(1000);
    const perBranch = await sql('SELECT branchId, COUNT(*) AS n FROM program GROUP BY branchId');
    expect(perBranch).toHaveLength(DEMO_BRANCHES.length);
    // Public reads work on it; a waitlist never exceeds its seats.
    const { sessions: page } = await graph.data(`{ sessions(first: 50, filter: { hasSeats: true }) { totalCount nodes { capacity seatsAvailable status } } }`);
    expect(page.totalCount).toBeGreaterThan(0);
    expect(page.nodes.every((n: any) => n.status === 'SCHEDULED' && (n.capacity === null || n.seatsAvailable > 0))).toBe(true);
    const over = await sql("SELECT s.id FROM program_session s WHERE s.capacity < (SELECT COUNT(*) FROM registration r WHERE r.sessionId = s.id AND r.status IN ('CONFIRMED', 'ATTENDED'))");
    expect(over).toEqual([]);
  });

  test('to-many fields are batched: statements do not grow with the number of parents', async () => {
    const db = graph.subgraph('programs').db;
    const q = `query($n: Int) { branches(first: $n) { nodes { code
      programs(first: 5) { totalCount nodes { id nextSession { id } totalAttendance outcomes { responseCount }
        sessions(first: 3) { totalCount nodes { id registeredCount seatsAvailable registrations(first: 5) { totalCount nodes { id patronId } } } } } }
      upcomingSessions(first: 3) { totalCount nodes { id program { id } } } } } }`;
    const statements = async (n: number) => {
      const before = db.queryCount;
      const data = await graph.data(q, { n }, { as: 'ADMIN' });
      expect(data.branches.nodes).toHaveLength(n);
      return { count: db.queryCount - before, data };
    };
    const few = await statements(2);
    const many = await statements(12);
    expect(many.count).toBe(few.count);
    expect(many.count).toBeLessThanOrEqual(20);
    // Every branch got its own page, and the pages agree with the single-parent answer.
    const cen = many.data.branches.nodes.find((b: any) => b.code === 'RVL-CEN');
    const alone = await graph.data(`{ branch(code: "RVL-CEN") { programs(first: 5) { totalCount nodes { id sessions(first: 3) { totalCount nodes { id } } } } } }`, {}, { as: 'ADMIN' });
    expect(cen.programs.totalCount).toBe(alone.branch.programs.totalCount);
    expect(cen.programs.nodes.map((p: any) => [p.id, p.sessions.totalCount, p.sessions.nodes.map((s: any) => s.id)]))
      .toEqual(alone.branch.programs.nodes.map((p: any) => [p.id, p.sessions.totalCount, p.sessions.nodes.map((s: any) => s.id)]));
    // Paging a nested connection with its cursor continues where the page ended.
    const page1 = await graph.data(`{ branch(code: "RVL-CEN") { programs(first: 2) { pageInfo { hasNextPage endCursor } nodes { id } } } }`);
    const page2 = await graph.data(`query($after: String) { branch(code: "RVL-CEN") { programs(first: 2, after: $after) { pageInfo { hasPreviousPage } nodes { id } } } }`, { after: page1.branch.programs.pageInfo.endCursor });
    const both = await graph.data(`{ branch(code: "RVL-CEN") { programs(first: 4) { nodes { id } } } }`);
    expect([...page1.branch.programs.nodes, ...page2.branch.programs.nodes]).toEqual(both.branch.programs.nodes);
    expect(page2.branch.programs.pageInfo.hasPreviousPage).toBe(true);
  });

  test('outcome summaries: anonymous answers, share of 4-5 from perturbed counts, withheld below PRIVACY_MIN_CELL', async () => {
    const { program } = await publishedSession(graph);
    const past = await schedule(graph, program.id, { startsAt: inHours(-26), endsAt: inHours(-25) });
    const survey = `mutation($input: OutcomeSurveyInput!) { submitOutcomeSurvey(input: $input) { accepted ${ERRORS} } }`;
    const outcomes = async (as?: any) => (await graph.data(`query($id: ID!) { program(id: $id) { outcomes { responseCount knowledge confidence application awareness suppressed } } }`, { id: program.id }, { as })).program.outcomes;
    expect(await outcomes()).toEqual({ responseCount: 0, knowledge: null, confidence: null, application: null, awareness: null, suppressed: false });
    const answers = [[5, 4, 5, 3], [4, 4, 2, 5], [3, 5, 4, 5], [2, 1, 4, 4]];
    for (const [i, [k, c, a, w]] of answers.entries()) {
      const res = await graph.data(survey, { input: { sessionId: past.id, surveyType: 'IMMEDIATE', knowledge: k, confidence: c, application: a, awareness: w, comment: i === 0 ? 'Loved it' : null } }, { as: i % 2 ? patron('s') : undefined });
      expect(res.submitOutcomeSurvey).toEqual({ accepted: true, userErrors: [] });
    }
    await graph.data(survey, { input: { sessionId: past.id, surveyType: 'FOLLOW_UP', knowledge: 5 } });
    // Four answers: withheld for everyone, ADMIN included; not even their number is shown.
    for (const as of [undefined, 'ADMIN', STAFF_CEN]) {
      expect(await outcomes(as)).toEqual({ responseCount: 0, knowledge: null, confidence: null, application: null, awareness: null, suppressed: true });
    }
    // Ten answers: shown, perturbed by the cell keys of their random record keys, the same every time.
    for (let i = 0; i < 6; i++) await graph.data(survey, { input: { sessionId: past.id, surveyType: 'IMMEDIATE', knowledge: 5, confidence: 5, application: 1, awareness: 4 } });
    const rows = await sql("SELECT * FROM outcome_response WHERE sessionId = ? AND surveyType = 'IMMEDIATE'", [past.id]);
    expect(rows).toHaveLength(10);
    const got = await outcomes();
    expect(got).toEqual(expectedOutcomes(rows));
    expect(Math.abs(got.responseCount - 10)).toBeLessThanOrEqual(MAX_NOISE);
    // knowledge 5,4,3,2 + six 5s → 8/10, within the noise of two counts (±3 each)
    expect(Math.abs(got.knowledge - 0.8)).toBeLessThan(0.45);
    expect(await outcomes('ADMIN')).toEqual(got);
    // Nothing that identifies a respondent is stored; the record key is random.
    const cols = rows[0];
    expect(Object.keys(cols).sort()).toEqual(['application', 'awareness', 'branchId', 'comment', 'confidence', 'id', 'knowledge', 'programId', 'recordKey', 'sessionId', 'submittedOn', 'surveyType']);
    expect(new Set(rows.map((r) => Number(r.recordKey))).size).toBeGreaterThan(1);
    // A future session takes no survey yet.
    const future = await schedule(graph, program.id);
    const early = await graph.data(survey, { input: { sessionId: future.id, surveyType: 'IMMEDIATE', knowledge: 5 } });
    expect(early.submitOutcomeSurvey.userErrors[0].code).toBe('CONFLICT');
  });

  test('programAggregate equals recounts, per role and per parent', async () => {
    const from = new Date(Date.now() - 365 * DAY).toISOString();
    const to = new Date(Date.now() + 100 * DAY).toISOString();
    const inRange = (s: SessionFact) => s.startsAt >= Date.parse(from) && s.startsAt < Date.parse(to);
    const f = await facts();
    const q = `query($from: DateTime, $to: DateTime, $g: [ProgramDimension!]) {
      programAggregate(from: $from, to: $to, groupBy: $g) { totals { ${MEASURES} } groups { key { branch { id } serviceArea ageGroup format period } measures { ${MEASURES} } } }
      consortia { programAggregate(from: $from, to: $to) { totals { sessionCount attendance } } }
    }`;
    const check = (m: any, r: ReturnType<typeof recount>) => {
      expect(m).toMatchObject({ programCount: r.programCount, sessionCount: r.sessionCount, attendance: r.attendance, registrationCount: r.registrationCount });
      expect(m.outcomes.responseCount).toBe(published(r.responses, r.responsesKey) ?? 0);
      if (r.came + r.noShows) expect(m.noShowRate).toBeCloseTo(r.noShows / (r.came + r.noShows), 3);
    };

    const all = await graph.data(q, { from, to, g: ['BRANCH', 'FORMAT'] }, { as: 'ANALYST' });
    check(all.programAggregate.totals, recount(f, inRange));
    expect(all.consortia[0].programAggregate.totals).toEqual({ sessionCount: all.programAggregate.totals.sessionCount, attendance: all.programAggregate.totals.attendance });
    const groups = all.programAggregate.groups;
    expect(groups.length).toBeGreaterThan(DEMO_BRANCHES.length);
    for (const g of groups) check(g.measures, recount(f, (s) => inRange(s) && s.branchId === g.key.branch.id && s.format === g.key.format));
    for (const k of ['sessionCount', 'attendance', 'registrationCount'] as const) {
      expect(groups.reduce((n: number, g: any) => n + g.measures[k], 0)).toBe(all.programAggregate.totals[k]);
    }

    const byMonth = await graph.data(q, { from, to, g: ['PERIOD', 'SERVICE_AREA'] }, { as: 'ADMIN' });
    for (const g of byMonth.programAggregate.groups) {
      expect(g.key.period).toMatch(/^\d{4}-\d{2}-01$/);
      const r = recount(f, (s) => inRange(s) && s.serviceArea === g.key.serviceArea && new Date(s.startsAt).toISOString().slice(0, 7) === g.key.period.slice(0, 7));
      check(g.measures, r);
    }

    // STAFF: their own branches only, whatever they ask for.
    await settle();
    const mine = await graph.data(q, { from, to, g: [] }, { as: STAFF_CEN });
    check(mine.programAggregate.totals, recount(f, (s) => inRange(s) && s.branchId === CEN.id));
    expect(mine.consortia[0].programAggregate.totals.sessionCount).toBe(mine.programAggregate.totals.sessionCount);
    const branches = await graph.data(`query($from: DateTime, $to: DateTime, $ids: [ID!]) {
      programAggregate(from: $from, to: $to, filter: { branchIds: $ids }) { totals { sessionCount } }
      cen: branch(code: "RVL-CEN") { programAggregate(from: $from, to: $to) { totals { sessionCount } } }
      nor: branch(code: "RVL-NOR") { programAggregate(from: $from, to: $to) { totals { sessionCount } } }
    }`, { from, to, ids: [NOR.id] }, { as: STAFF_CEN });
    expect(branches.programAggregate.totals.sessionCount).toBe(0);
    expect(branches.nor.programAggregate.totals.sessionCount).toBe(0);
    expect(branches.cen.programAggregate.totals.sessionCount).toBe(recount(f, (s) => inRange(s) && s.branchId === CEN.id).sessionCount);

    const sys = DEMO_SYSTEMS[1];
    const system = await graph.data(`query($id: ID!, $from: DateTime, $to: DateTime) { librarySystem(id: $id) { programAggregate(from: $from, to: $to, groupBy: [AGE_GROUP]) { totals { ${MEASURES} } } } }`, { id: sys.id, from, to }, { as: 'ANALYST' });
    const sysBranches = new Set(DEMO_BRANCHES.filter((b) => b.systemId === sys.id).map((b) => b.id));
    check(system.librarySystem.programAggregate.totals, recount(f, (s) => inRange(s) && sysBranches.has(s.branchId)));

    // Who may not ask, and the limits.
    expect((await graph.query(`{ programAggregate { totals { sessionCount } } }`)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graph.query(`{ programAggregate { totals { sessionCount } } }`, {}, { as: patron('x') })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const nested = await graph.query(`{ branch(code: "RVL-CEN") { code programAggregate { totals { sessionCount } } } }`, {}, { as: patron('x') });
    expect(nested.body.data).toEqual({ branch: { code: 'RVL-CEN', programAggregate: null } });
    expect(nested.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const args of [
      'groupBy: [BRANCH, FORMAT, AGE_GROUP, SERVICE_AREA]',
      'from: "2010-01-01T00:00:00Z", to: "2021-01-02T00:00:00Z"',
      'from: "2024-01-01T00:00:00Z", to: "2025-06-01T00:00:00Z", groupBy: [PERIOD], interval: DAY',
      `filter: { branchIds: [${Array.from({ length: 101 }, (_, i) => `"b${i}"`).join(',')}] }`,
    ]) {
      expect((await graph.query(`{ programAggregate(${args}) { totals { sessionCount } } }`, {}, { as: 'ANALYST' })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  test('plsProgramReport: totals equal the sum of their parts and a recount of held sessions', async () => {
    const toDate = new Date().toISOString().slice(0, 10);
    const fromDate = new Date(Date.now() - 364 * DAY).toISOString().slice(0, 10);
    const f = await facts();
    const lo = Date.parse(`${fromDate}T00:00:00Z`);
    const hi = Math.min(Date.parse(`${toDate}T00:00:00Z`) + DAY, Date.now());
    const heldIn = (ids: Set<string>) => f.sessions.filter((s) => s.status !== 'CANCELLED' && s.startsAt >= lo && s.startsAt < hi && s.startsAt <= Date.now() && ids.has(s.branchId));
    const value = (rows: any[], item: string) => rows.find((r) => r.item === item).value;
    const verify = (report: any, ids: Set<string>) => {
      const rows = report.rows;
      expect(rows.map((r: any) => r.item)).toEqual(['600', '601', '602', '603', '604', '605', '606', '607', '608', '609', '610', '611', '612', '613', '614', '615', '616', '617', '618', '619', '630']);
      const sum = (items: string[]) => items.reduce((n, i) => n + value(rows, i), 0);
      expect(sum(['601', '602', '603', '604', '605'])).toBe(value(rows, '600'));
      expect(sum(['606', '607', '608'])).toBe(value(rows, '609'));
      expect(value(rows, '609')).toBe(value(rows, '600'));
      expect(sum(['611', '612', '613', '614', '615'])).toBe(value(rows, '610'));
      expect(sum(['616', '617', '618'])).toBe(value(rows, '619'));
      expect(value(rows, '619')).toBe(value(rows, '610'));
      const held = heldIn(ids);
      const sync = held.filter((s) => s.format !== 'RECORDED');
      expect(value(rows, '600')).toBe(sync.length);
      expect(value(rows, '601')).toBe(sync.filter((s) => s.ageGroup === 'EARLY_CHILDHOOD').length);
      expect(value(rows, '607')).toBe(sync.filter((s) => s.format === 'OFFSITE').length);
      expect(value(rows, '610')).toBe(sync.reduce((n, s) => n + (s.attendance ?? 0), 0));
      expect(value(rows, '618')).toBe(sync.filter((s) => s.format === 'VIRTUAL').reduce((n, s) => n + (s.attendance ?? 0), 0));
      expect(value(rows, '630')).toBe(held.filter((s) => s.format === 'RECORDED').reduce((n, s) => n + (s.attendance ?? 0), 0));
      expect(value(rows, '600')).toBeGreaterThan(0);
      expect(rows.find((r: any) => r.item === '600').element).toBe('TOTPRO');
    };
    const fields = 'from to branchIds rows { item element label value }';
    const all = await graph.data(`query($from: Date!, $to: Date!) { consortia { plsProgramReport(from: $from, to: $to) { ${fields} } } }`, { from: fromDate, to: toDate }, { as: 'ANALYST' });
    const report = all.consortia[0].plsProgramReport;
    expect(report).toMatchObject({ from: fromDate, to: toDate });
    expect([...report.branchIds].sort()).toEqual(DEMO_BRANCHES.map((b) => b.id).sort());
    verify(report, new Set(DEMO_BRANCHES.map((b) => b.id)));
    expect(report.rows.find((r: any) => r.item === '630').value).toBeGreaterThan(0);

    const sys = DEMO_SYSTEMS[2];
    const sysIds = new Set(DEMO_BRANCHES.filter((b) => b.systemId === sys.id).map((b) => b.id));
    const bySystem = await graph.data(`query($id: ID!, $from: Date!, $to: Date!) { librarySystem(id: $id) { plsProgramReport(from: $from, to: $to) { ${fields} } } }`, { id: sys.id, from: fromDate, to: toDate }, { as: 'ADMIN' });
    verify(bySystem.librarySystem.plsProgramReport, sysIds);

    const root = `query($from: Date!, $to: Date!, $ids: [ID!]!) { plsProgramReport(from: $from, to: $to, branchIds: $ids) { ${fields} } }`;
    const own = await graph.data(root, { from: fromDate, to: toDate, ids: [CEN.id, NOR.id] }, { as: STAFF_CEN });
    expect(own.plsProgramReport.branchIds).toEqual([CEN.id]);
    verify(own.plsProgramReport, new Set([CEN.id]));
    const other = await graph.data(root, { from: fromDate, to: toDate, ids: [CEN.id] }, { as: STAFF_NOR });
    expect(other.plsProgramReport.branchIds).toEqual([]);
    expect(other.plsProgramReport.rows.every((r: any) => r.value === 0)).toBe(true);
    expect((await graph.query(root, { from: fromDate, to: toDate, ids: [CEN.id] }, { as: patron('x') })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graph.query(root, { from: '2000-01-01', to: '2012-01-01', ids: [CEN.id] }, { as: 'ADMIN' })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await graph.query(root, { from: toDate, to: fromDate, ids: [CEN.id] }, { as: 'ADMIN' })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
