import { DEMO_BRANCHES } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { inHours, publishedSession, STAFF_CEN } from '../programs/helpers';
import { agreedBounds, AuditReport, bounds, type Interval, intersect, minus, nonNegative, plus, shift, ZERO_UP } from './auditor';

jest.setTimeout(300_000);

/**
 * The four attacks of the privacy issue, as an ANALYST runs them through the
 * gateway on the demo data (RULES.md §3), on SQLite and on MariaDB: two date
 * ranges one day apart, a branch against the consortium less the other
 * branches, two groupings of programAggregate, and padding a withheld
 * outcome summary with one's own anonymous surveys. Each must leave the
 * hidden value undetermined (auditor.ts says what each answer tells).
 */
const K = 5;
const DAY = 86_400_000;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const PARTICIPATION = 'respondentCount ageBands { key count } raceEthnicity { key count } languagesSpokenAtHome { key count }';
const COLUMNS = { ageBands: 'ageBand', raceEthnicity: 'raceEthnicity', languagesSpokenAtHome: 'homeLanguage' } as const;

/** A participation answer as cells: TOTAL and `<field>:<key>`. */
function cells(p: any): Map<string, number | null> {
  const out = new Map<string, number | null>([['TOTAL', p.respondentCount === 0 && p.ageBands.some((s: any) => s.count === null) ? null : p.respondentCount]]);
  for (const f of Object.keys(COLUMNS)) for (const s of p[f]) out.set(`${f}:${s.key}`, s.count);
  return out;
}
/** What a cell says (a withheld breakdown cell may be a complement or empty: 0 to the total's bound). */
function cellBounds(c: Map<string, number | null>, cell: string): Interval {
  const total = bounds(c.get('TOTAL')!, K);
  if (cell === 'TOTAL') return total;
  const v = c.get(cell)!;
  return v === null ? { lo: 0, hi: total.hi } : intersect(bounds(v, K), { lo: 0, hi: total.hi });
}

describe('privacy: the four attacks of the issue, through the gateway on the demo data', () => {
  let graph: TestGraph;
  const report = new AuditReport();
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const from = date(today - 200 * DAY);

  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'diversity-metrics', 'programs'], env: { RATE_LIMIT_SIGNED_IN_POINTS: '10000000', TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    console.log(report.toString());
    await graph?.stop();
  });

  const dm = (q: string, p: unknown[] = []) => graph.subgraph('diversity-metrics').db.manager.query(q, p) as Promise<any[]>;
  const participation = async (parent: string, f: string, t: string) =>
    cells((await graph.data(`{ x: ${parent} { participation(from: "${f}", to: "${t}") { ${PARTICIPATION} } } }`, {}, { as: 'ANALYST' })).x.participation);
  /** The true counts of a set of sheets. */
  function truthOf(rows: any[]): Map<string, number> {
    const out = new Map<string, number>([['TOTAL', rows.length]]);
    for (const r of rows) for (const [f, col] of Object.entries(COLUMNS)) if (r[col] !== null) out.set(`${f}:${r[col]}`, (out.get(`${f}:${r[col]}`) ?? 0) + 1);
    return out;
  }
  const day = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

  test('1. two date ranges one day apart (RVL-CEN, every day of the last month) do not give away the day\'s people', async () => {
    const cen = DEMO_BRANCHES.find((b) => b.code === 'RVL-CEN')!;
    const rows = await dm('SELECT activityOn, ageBand, raceEthnicity, homeLanguage FROM participant_response WHERE branchId = ?', [cen.id]);
    let differingFromTruth = 0;
    let before = await participation(`branch(code: "RVL-CEN")`, from, date(today - 31 * DAY));
    for (let d = 30; d >= 1; d--) {
      const to = date(today - d * DAY);
      const after = await participation(`branch(code: "RVL-CEN")`, from, to);
      const truth = truthOf(rows.filter((r) => day(r.activityOn) === to));
      for (const [cell, t] of truth) {
        if (t < 1 || t >= K) continue;
        const found = nonNegative(minus(cellBounds(after, cell), cellBounds(before, cell)));
        report.attempt('1. ranges one day apart', `RVL-CEN ${to} ${cell}`, t, found, true);
        const a = after.get(cell);
        const b = before.get(cell);
        if (a === null || b === null || a! - b! !== t) differingFromTruth++;
      }
      before = after;
    }
    expect(report.tried.get('1. ranges one day apart')).toBeGreaterThan(20);
    // Differencing gives noise, not the person: the plain difference is often not the day's count.
    expect(differingFromTruth).toBeGreaterThan(0);
    expect(report.unsound).toEqual([]);
    expect(report.recoveries).toEqual([]);
  });

  test('2. a branch against the consortium and its system, less the other branches, does not give away its withheld cells', async () => {
    const to = date(today);
    const consortium = await participation(`consortium(code: "CVLC")`, from, to);
    const systems = new Map<string, Map<string, number | null>>();
    for (const code of ['RVL', 'MCL', 'HCL']) systems.set(code, await participation(`librarySystem(code: "${code}")`, from, to));
    const branches = new Map<string, Map<string, number | null>>();
    for (const b of DEMO_BRANCHES) branches.set(b.id, await participation(`branch(code: "${b.code}")`, from, to));
    const rows = await dm('SELECT branchId, activityOn, ageBand, raceEthnicity, homeLanguage FROM participant_response');
    const inRange = rows.filter((r) => day(r.activityOn) >= from && day(r.activityOn) <= to);
    for (const target of DEMO_BRANCHES) {
      const truth = truthOf(inRange.filter((r) => r.branchId === target.id));
      const system = systems.get(target.code.split('-')[0])!;
      for (const [label, parent, members] of [
        ['consortium', consortium, DEMO_BRANCHES], ['system', system, DEMO_BRANCHES.filter((b) => b.systemId === target.systemId)],
      ] as const) {
        for (const [cell, t] of truth) {
          if (t < 1 || t >= K) continue;
          let rest: Interval = { lo: 0, hi: 0 };
          for (const m of members) if (m.id !== target.id) rest = plus(rest, cellBounds(branches.get(m.id)!, cell));
          const found = intersect(nonNegative(minus(cellBounds(parent, cell), rest)), cellBounds(branches.get(target.id)!, cell));
          report.attempt(`2. ${label} less the other branches`, `${target.code} ${cell}`, t, found, true);
        }
      }
    }
    expect(report.tried.get('2. consortium less the other branches')).toBeGreaterThan(0);
    expect(report.unsound).toEqual([]);
    expect(report.recoveries).toEqual([]);
  });

  test('3. programAggregate by [BRANCH, SERVICE_AREA, AGE_GROUP] against [BRANCH] does not give away a withheld group\'s responses or answers', async () => {
    const q = (g: string) => `{ programAggregate(groupBy: [${g}]) { groups { key { branch { id } serviceArea ageGroup } measures { outcomes { responseCount knowledge suppressed } } } } }`;
    const fine = (await graph.data(q('BRANCH, SERVICE_AREA, AGE_GROUP'), {}, { as: 'ANALYST' })).programAggregate.groups;
    const coarse = (await graph.data(q('BRANCH'), {}, { as: 'ANALYST' })).programAggregate.groups;
    const countOf = (o: any) => bounds(o.suppressed && o.responseCount === 0 ? null : o.responseCount, K);
    const agreedOf = (o: any) => (o.knowledge === null ? { lo: 0, hi: countOf(o).hi } : agreedBounds(o.knowledge, o.responseCount));
    const pm = (s: string, p: unknown[]) => graph.subgraph('programs').db.manager.query(s, p) as Promise<any[]>;
    const now = Date.now();
    const yearAgo = now - 365 * DAY;
    const time = (v: unknown) => (v instanceof Date ? v.getTime() : new Date(`${String(v).replace(' ', 'T')}Z`).getTime());
    const answers = await pm(
      `SELECT s.branchId, s.startsAt, p.serviceArea, p.ageGroup, o.knowledge FROM outcome_response o JOIN program_session s ON s.id = o.sessionId JOIN program p ON p.id = s.programId
       WHERE o.surveyType = 'IMMEDIATE' AND s.status <> 'CANCELLED'`,
      [],
    );
    for (const g of fine) {
      const o = g.measures.outcomes;
      if (!(o.suppressed && o.responseCount === 0)) continue;
      const truth = { n: 0, agreed: 0 };
      for (const r of answers) {
        if (r.branchId !== g.key.branch.id || r.serviceArea !== g.key.serviceArea || r.ageGroup !== g.key.ageGroup || time(r.startsAt) < yearAgo || time(r.startsAt) >= now) continue;
        truth.n++;
        if (Number(r.knowledge) >= 4) truth.agreed++;
      }
      const siblings = fine.filter((h: any) => h !== g && h.key.branch.id === g.key.branch.id);
      const parent = coarse.find((c: any) => c.key.branch.id === g.key.branch.id).measures.outcomes;
      const rest = siblings.reduce((a: Interval, h: any) => plus(a, countOf(h.measures.outcomes)), { lo: 0, hi: 0 });
      const n = intersect(nonNegative(minus(countOf(parent), rest)), countOf(o));
      report.attempt('3. groupings (responses)', `${g.key.branch.id} ${g.key.serviceArea} ${g.key.ageGroup}`, Number(truth.n), n, true);
      if (parent.knowledge !== null) {
        const restAgreed = siblings.reduce((a: Interval, h: any) => plus(a, agreedOf(h.measures.outcomes)), { lo: 0, hi: 0 });
        const agreed = intersect(nonNegative(minus(agreedOf(parent), restAgreed)), { lo: 0, hi: n.hi });
        report.attempt('3. groupings (agreed answers)', `${g.key.branch.id} ${g.key.serviceArea} ${g.key.ageGroup}`, Number(truth.agreed ?? 0), agreed, true);
      }
    }
    expect(report.tried.get('3. groupings (responses)')).toBeGreaterThan(0);
    expect(report.unsound).toEqual([]);
    expect(report.recoveries).toEqual([]);
  });

  test('4. padding a withheld outcome summary with one\'s own anonymous surveys does not give away the earlier answers, and stuffing stops at the limit', async () => {
    const pm = (s: string, p: unknown[] = []) => graph.subgraph('programs').db.manager.query(s, p) as Promise<any[]>;
    // A session with three paper surveys entered by staff: its outcomes are withheld.
    const { program, session } = await publishedSession(graph, { startsAt: inHours(-26), endsAt: inHours(-25) });
    const survey = 'mutation($input: OutcomeSurveyInput!) { submitOutcomeSurvey(input: $input) { accepted userErrors { code } } }';
    for (const k of [5, 4, 2]) {
      const r = await graph.data(survey, { input: { sessionId: session.id, surveyType: 'IMMEDIATE', knowledge: k, confidence: k, application: k, awareness: k } }, { as: STAFF_CEN });
      expect(r.submitOutcomeSurvey.accepted).toBe(true);
    }
    expect(Number((await pm('SELECT COUNT(*) AS n FROM outcome_response WHERE programId = ?', [program.id]))[0].n)).toBe(3);
    const target = { programId: program.id, sessionId: session.id, n: 3, agreed: 2 };
    const send = async (input: Record<string, unknown>) => {
      const res = await fetch(graph.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.44.0.1' }, body: JSON.stringify({ query: survey, variables: { input } }) });
      return ((await res.json()) as any).data.submitOutcomeSurvey;
    };
    let n: Interval = ZERO_UP;
    let agreed: Interval = ZERO_UP;
    let shownAt = -1;
    for (let p = 0; p <= K; p++) {
      if (p > 0) expect((await send({ sessionId: target.sessionId, surveyType: 'IMMEDIATE', knowledge: 1, confidence: 1, application: 1, awareness: 1 })).accepted).toBe(true);
      const o = (await graph.data(`{ program(id: "${target.programId}") { outcomes { responseCount knowledge suppressed } } }`, {}, { as: 'ADMIN' })).program.outcomes;
      const shown = !(o.suppressed && o.responseCount === 0);
      n = intersect(n, shift(bounds(shown ? o.responseCount : null, K), -p));
      if (o.knowledge !== null) agreed = intersect(agreed, agreedBounds(o.knowledge, o.responseCount));
      if (shown) {
        shownAt = p;
        break;
      }
    }
    report.attempt('4. padding (responses)', target.programId, Number(target.n), n, true);
    report.attempt('4. padding (agreed answers)', target.programId, Number(target.agreed), intersect(agreed, { lo: 0, hi: n.hi }), true);
    expect(report.unsound).toEqual([]);
    expect(report.recoveries).toEqual([]);
    // Stuffing: one client gets SURVEY_RATE_PER_HOUR (30) surveys an hour, no more.
    let accepted = Math.max(shownAt, 0) + (shownAt === -1 ? K : 0);
    for (let i = 0; i < 40; i++) if ((await send({ sessionId: target.sessionId, surveyType: 'IMMEDIATE', knowledge: 5 })).accepted) accepted++;
    expect(accepted).toBe(30);
  });
});
