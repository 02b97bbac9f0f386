import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_BRANCHES, demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

const thisYear = new Date().getUTCFullYear();
const lastYear = thisYear - 1;

/**
 * The README's queries, as a new user would paste them: every ```graphql block
 * with an `# as:` line. Its dates are written for the years at the time of
 * writing (2025 last year, 2026 this year) and are moved to today's.
 */
export function readmeQueries(readme: string): { as: string; query: string }[] {
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((q) => /^# as: /m.test(q))
    .map((q) => ({
      as: /^# as: (.*)$/m.exec(q)![1].trim(),
      query: q.replace(/\b2025-/g, `${lastYear}-`).replace(/\b2026-/g, `${thisYear}-`),
    }));
}

/** Lists that may well be empty for one item (a feedback item nobody has answered yet). */
const MAY_BE_EMPTY = new Set(['responses']);

/**
 * Where an answer shows nothing: an empty list, or a null at the top two
 * levels (a branch, a report). Deeper nulls are documented values (unlimited
 * seats, a withheld cell) and count as data.
 */
function emptyPaths(value: unknown, path = 'data', depth = 0, key = ''): string[] {
  if (value === null) return depth <= 2 ? [path] : [];
  if (Array.isArray(value)) return value.length === 0 && !MAY_BE_EMPTY.has(key) ? [path] : value.flatMap((v, i) => emptyPaths(v, `${path}[${i}]`, depth + 1, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => emptyPaths(v, `${path}.${k}`, depth + 1, k));
  return [];
}

describe('demo data a consortium would recognise, and the README queries on it', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph();
  }, 240_000);
  afterAll(() => graph?.stop());

  const as = (who: string) => {
    const [role, branch] = who.split(/\s+/);
    if (role === 'anonymous') return undefined;
    if (role === 'STAFF') return { role: 'STAFF' as const, branchCodes: [branch], sub: 'readme-staff' };
    return role as 'ANALYST';
  };

  const queries = readmeQueries(readFileSync(join(__dirname, '../../../../README.md'), 'utf8'));

  test('the README has a query for each kind of user', () => {
    expect(queries.map((q) => q.as.split(' ')[0])).toEqual(['anonymous', 'STAFF', 'ANALYST']);
  });

  test.each(queries.map((q) => [q.as, q] as const))('README query as %s answers data everywhere', async (_as, q) => {
    const res = await graph.query(q.query, {}, { as: as(q.as) });
    expect(res.body.errors).toBeUndefined();
    expect(emptyPaths(res.body.data)).toEqual([]);
  });

  test('every aggregate has last year and this year', async () => {
    const range = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31`, fromT: `${y}-01-01T00:00:00Z`, toT: `${y + 1}-01-01T00:00:00Z`, mid: `${y}-06-30` });
    for (const y of [lastYear, thisYear]) {
      const r = range(y);
      const data = await graph.data(
        `query($from: Date!, $to: Date!, $fromT: DateTime!, $toT: DateTime!, $mid: Date!) { consortium(code: "CVLC") {
          feedbackAggregate(filter: { submittedFrom: $fromT, submittedTo: $toT }) { totals { count resolvedCount } }
          programAggregate(from: $fromT, to: $toT) { totals { sessionCount attendance registrationCount outcomes { responseCount } } }
          plsProgramReport(from: $from, to: $to) { rows { item value } }
          partnershipAggregate(filter: { activeOn: $mid }) { totals { partnershipCount volunteerHours } }
          representationGaps(from: $from, to: $to) { participantShare }
        } }`,
        r,
        { as: 'ANALYST' },
      );
      const c = data.consortium;
      expect([y, c.feedbackAggregate.totals.count]).toEqual([y, expect.any(Number)]);
      expect(c.feedbackAggregate.totals.count).toBeGreaterThan(100);
      expect(c.programAggregate.totals.sessionCount).toBeGreaterThan(1000);
      expect(c.programAggregate.totals.registrationCount).toBeGreaterThan(0);
      expect(c.programAggregate.totals.outcomes.responseCount).toBeGreaterThan(0);
      expect(c.plsProgramReport.rows.find((row: any) => row.item === '600').value).toBeGreaterThan(1000);
      expect(c.partnershipAggregate.totals.partnershipCount).toBeGreaterThan(0);
      expect(c.representationGaps.some((g: any) => g.participantShare !== null)).toBe(true);
    }
  });

  test("attendance follows each branch's service population: last year 0.05 to 1.5 attendances per resident", async () => {
    const data = await graph.data(
      `query($from: DateTime!, $to: DateTime!) { consortium(code: "CVLC") { programAggregate(groupBy: [BRANCH], from: $from, to: $to) { groups { key { branch { id } } measures { attendance } } } } }`,
      { from: `${lastYear}-01-01T00:00:00Z`, to: `${thisYear}-01-01T00:00:00Z` },
      { as: 'ANALYST' },
    );
    const perCapita = Object.fromEntries(DEMO_BRANCHES.map((b) => [b.code, 0]));
    for (const g of data.consortium.programAggregate.groups) {
      const b = DEMO_BRANCHES.find((x) => x.id === g.key.branch.id)!;
      perCapita[b.code] = g.measures.attendance / b.servicePopulation;
    }
    for (const [code, v] of Object.entries(perCapita)) expect([code, v >= 0.05 && v <= 1.5]).toEqual([code, true]);
    // a branch of 98,500 residents draws more people than one of 2,900
    const attendance = (code: string) => perCapita[code] * demoBranch(code).servicePopulation;
    expect(attendance('RVL-CEN')).toBeGreaterThan(5 * attendance('MCL-PIN'));
  });

  test('nothing is dated in the future except sessions still to come', async () => {
    const now = new Date();
    const q = (name: string, sql: string) => graph.subgraph(name as never).db.manager.query(sql) as Promise<any[]>;
    const regs = await q('programs', 'SELECT registeredAt FROM registration');
    expect(regs.filter((r) => new Date(r.registeredAt) > now)).toEqual([]);
    const sessions = await q('programs', 'SELECT startsAt, status, attendance FROM program_session');
    // sessions ahead are planned (or already called off), never held
    expect(sessions.filter((s) => new Date(s.startsAt) > now && (s.status === 'COMPLETED' || s.attendance !== null))).toEqual([]);
    const feedback = await q('feedback', 'SELECT submittedAt FROM feedback');
    expect(feedback.filter((f) => new Date(f.submittedAt) > now)).toEqual([]);
    const discussions = await q('feedback', 'SELECT heldAt FROM community_discussion');
    expect(discussions.filter((d) => new Date(d.heldAt) > now)).toEqual([]);
  });

  test('discussions and needs assessments look like the real thing', async () => {
    const data = await graph.data(`{ branches(first: 20) { nodes { code communityDiscussions(first: 20) { title format attendeeCount } needsAssessments { title conductedOn method respondentCount } } } }`);
    for (const b of data.branches.nodes) {
      for (const d of b.communityDiscussions) if (d.format === 'ADVISORY_BOARD') expect(d.attendeeCount).toBeLessThanOrEqual(15);
      expect(b.needsAssessments.length).toBeGreaterThan(0);
      for (const a of b.needsAssessments) {
        expect(a.title.endsWith(a.conductedOn.slice(0, 4))).toBe(true);
        if (a.method !== 'SURVEY') expect(a.respondentCount).toBeLessThanOrEqual(100);
      }
    }
  });
});
