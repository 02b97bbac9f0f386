import type { TestGraph } from '@ceg/testing';
import { DEMO_BRANCHES } from '@ceg/demo-data';
import { startGraph } from '../graph';
import { asStaff, CEN } from './helpers';

jest.setTimeout(120_000);

const MEASURES = 'count openCount resolvedCount declinedCount averageRating averageHoursToAcknowledge averageHoursToResolve resolutionRate';

interface Recount { count: number; open: number; resolved: number; declined: number; ratingAvg: number | null }

describe('feedbackAggregate over the demo data', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries', 'feedback'] });
  });
  afterAll(() => graph?.stop());

  /** The same measures recounted row by row in the subgraph's database. */
  async function recount(where: string, params: unknown[]): Promise<Recount> {
    const rows: { status: string; rating: number | null }[] = await graph.subgraph('feedback').db.manager.query(`SELECT status, rating FROM feedback WHERE ${where}`, params);
    const rated = rows.filter((r) => r.rating !== null);
    return {
      count: rows.length,
      open: rows.filter((r) => ['RECEIVED', 'ACKNOWLEDGED', 'IN_PROGRESS'].includes(r.status)).length,
      resolved: rows.filter((r) => r.status === 'RESOLVED').length,
      declined: rows.filter((r) => r.status === 'DECLINED').length,
      ratingAvg: rated.length ? rated.reduce((s, r) => s + Number(r.rating), 0) / rated.length : null,
    };
  }

  const expectMatches = (m: any, r: Recount) => {
    expect(m.count).toBe(r.count);
    expect(m.openCount).toBe(r.open);
    expect(m.resolvedCount).toBe(r.resolved);
    expect(m.declinedCount).toBe(r.declined);
    expect(m.averageRating).toBeCloseTo(r.ratingAvg!, 2);
    expect(m.resolutionRate).toBeCloseTo(r.resolved / r.count, 6);
  };

  it('has a few thousand demo items across every demo branch, some in Spanish', async () => {
    const total = await recount('1 = 1', []);
    expect(total.count).toBeGreaterThan(2000);
    const d = await graph.data('{ feedbackAggregate(groupBy: [BRANCH, LANGUAGE]) { groups { key { branch { id } language } measures { count } } } }', {}, { as: 'ANALYST' });
    const branches = new Set(d.feedbackAggregate.groups.map((g: any) => g.key.branch.id));
    expect(branches.size).toBe(DEMO_BRANCHES.length);
    expect(d.feedbackAggregate.groups.some((g: any) => g.key.language === 'es')).toBe(true);
  });

  it('a branch aggregate equals a recount of its rows', async () => {
    const d = await graph.data(`{ branch(code: "RVL-CEN") { feedbackAggregate { totals { ${MEASURES} } } } }`, {}, { as: asStaff('RVL-CEN') });
    const m = d.branch.feedbackAggregate.totals;
    expectMatches(m, await recount('branchId = ?', [CEN]));
    expect(m.averageHoursToAcknowledge).toBeGreaterThan(0);
    expect(m.averageHoursToResolve).toBeGreaterThan(m.averageHoursToAcknowledge);
  });

  it('a consortium aggregate by BRANCH and PERIOD costs three SQL statements (two from midnight to midnight) and equals a recount', async () => {
    const db = graph.subgraph('feedback').db;
    // The default range ends now: the whole months from the monthly rollup, the whole days of the partial first and last months
    // from the daily rollup, the partial first and last days from the items.
    let before = db.queryCount;
    const d = await graph.data(`{ consortium(code: "CVLC") { feedbackAggregate(groupBy: [BRANCH, PERIOD], interval: QUARTER) {
      totals { ${MEASURES} } groups { key { branch { id code } period category } measures { ${MEASURES} } } } } }`, {}, { as: 'ANALYST' });
    expect(db.queryCount - before).toBe(3);
    const midnight = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1));
    before = db.queryCount;
    const whole = await graph.data(`query($to: DateTime!) { consortium(code: "CVLC") { feedbackAggregate(groupBy: [BRANCH, PERIOD], interval: QUARTER, to: $to) { totals { count } } } }`,
      { to: midnight.toISOString() }, { as: 'ANALYST' });
    // From midnight to midnight: no items are read, only the monthly rollup and the first (partial) month's days from the daily one.
    expect(db.queryCount - before).toBe(2);
    expect(whole.consortium.feedbackAggregate.totals.count).toBe(d.consortium.feedbackAggregate.totals.count);
    const agg = d.consortium.feedbackAggregate;
    expectMatches(agg.totals, await recount('1 = 1', []));
    // Groups: ordered by key, only the grouped dimensions set, and each equal to a recount.
    const keys = agg.groups.map((g: any) => `${g.key.branch.id}|${g.key.period}`);
    expect([...keys].sort()).toEqual(keys);
    expect(agg.groups.every((g: any) => g.key.category === null && /^\d{4}-(01|04|07|10)-01$/.test(g.key.period) && g.key.branch.code)).toBe(true);
    expect(agg.groups.reduce((s: number, g: any) => s + g.measures.count, 0)).toBe(agg.totals.count);
    const g = agg.groups.find((x: any) => x.key.branch.code === 'RVL-NOR');
    const from = new Date(`${g.key.period}T00:00:00.000Z`);
    const to = new Date(from);
    to.setUTCMonth(to.getUTCMonth() + 3);
    expectMatches(g.measures, await recount('branchId = ? AND submittedAt >= ? AND submittedAt < ?', [DEMO_BRANCHES[1].id, ...sqlInstants(db.dialect, from, to)]));
  });

  it('groups by every dimension and interval', async () => {
    for (const dim of ['BRANCH', 'CATEGORY', 'CHANNEL', 'STATUS', 'SENTIMENT', 'LANGUAGE', 'PERIOD']) {
      for (const interval of dim === 'PERIOD' ? ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] : ['MONTH']) {
        const filter = interval === 'DAY' ? { submittedFrom: new Date(Date.now() - 300 * 86_400_000).toISOString() } : null;
        const d = await graph.data('query($g: [FeedbackDimension!], $i: TimeInterval, $f: FeedbackFilter) { feedbackAggregate(groupBy: $g, interval: $i, filter: $f) { totals { count } groups { key { period } measures { count } } } }',
          { g: [dim], i: interval, f: filter }, { as: 'ADMIN' });
        const a = d.feedbackAggregate;
        expect(a.groups.length).toBeGreaterThan(0);
        expect(a.groups.reduce((s: number, x: any) => s + x.measures.count, 0)).toBe(a.totals.count);
        if (interval === 'WEEK') expect(a.groups.every((x: any) => new Date(`${x.key.period}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
      }
    }
  });

  it('STAFF aggregates cover only their own branches', async () => {
    const d = await graph.data('{ consortium(code: "CVLC") { feedbackAggregate(groupBy: [BRANCH]) { totals { count } groups { key { branch { code } } } } } }', {}, { as: asStaff('RVL-CEN') });
    expect(d.consortium.feedbackAggregate.groups.map((g: any) => g.key.branch.code)).toEqual(['RVL-CEN']);
    expect(d.consortium.feedbackAggregate.totals.count).toBe((await recount('branchId = ?', [CEN])).count);
  });

  it('bounds its work: 3 dimensions, 10 years (1 for DAY buckets), 100 ids', async () => {
    const q = 'query($g: [FeedbackDimension!], $i: TimeInterval, $f: FeedbackFilter) { feedbackAggregate(groupBy: $g, interval: $i, filter: $f) { totals { count } } }';
    const code = async (v: Record<string, unknown>) => (await graph.query(q, v, { as: 'ADMIN' })).body.errors?.[0]?.extensions?.code ?? 'OK';
    expect(await code({ g: ['BRANCH', 'STATUS', 'PERIOD'] })).toBe('OK');
    expect(await code({ g: ['BRANCH', 'STATUS', 'PERIOD', 'CHANNEL'] })).toBe('BAD_USER_INPUT');
    expect(await code({ f: { submittedFrom: '2010-01-01T00:00:00Z', submittedTo: '2021-01-02T00:00:00Z' } })).toBe('BAD_USER_INPUT');
    expect(await code({ f: { submittedFrom: '2011-01-01T00:00:00Z', submittedTo: '2020-12-31T00:00:00Z' } })).toBe('OK');
    expect(await code({ g: ['PERIOD'], i: 'DAY', f: { submittedFrom: '2024-01-01T00:00:00Z', submittedTo: '2025-06-01T00:00:00Z' } })).toBe('BAD_USER_INPUT');
    expect(await code({ g: ['PERIOD'], i: 'DAY' })).toBe('OK');
    expect(await code({ f: { branchIds: Array.from({ length: 101 }, (_, i) => `id-${i}`) } })).toBe('BAD_USER_INPUT');
  });
});

/** Instants as the dialect stores them, for hand-written recount queries. */
function sqlInstants(dialect: 'sqlite' | 'mysql', ...dates: Date[]): unknown[] {
  return dialect === 'sqlite' ? dates.map((d) => d.toISOString().replace('T', ' ').replace('Z', '')) : dates;
}

describe('batching', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries', 'feedback'] });
  });
  afterAll(() => graph?.stop());

  it('Branch.feedback for every branch costs the same few statements as for one, and pages per branch', async () => {
    const q = (first: number) => `{ branches(first: ${first}) { nodes { id feedback(first: 3, orderBy: VOTES_DESC) { totalCount nodes { id voteCount branch { id } responses { body } } pageInfo { hasNextPage endCursor } } } } }`;
    const db = graph.subgraph('feedback').db;
    let before = db.queryCount;
    const one = await graph.data(q(1), {}, { as: 'ADMIN' });
    const forOne = db.queryCount - before;
    before = db.queryCount;
    const all = await graph.data(q(12), {}, { as: 'ADMIN' });
    expect(db.queryCount - before).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(3);
    for (const b of all.branches.nodes) {
      const page = b.feedback.nodes;
      expect(page).toHaveLength(3);
      expect(page.every((n: any) => n.branch.id === b.id)).toBe(true);
      expect(page.map((n: any) => n.voteCount)).toEqual([...page.map((n: any) => n.voteCount)].sort((x, y) => y - x));
      expect(b.feedback.pageInfo.hasNextPage).toBe(true);
      // The batched page is the same as the branch's own list.
      const alone = await graph.data('query($f: FeedbackFilter) { feedbackItems(first: 3, orderBy: VOTES_DESC, filter: $f) { totalCount nodes { id } } }', { f: { branchIds: [b.id] } }, { as: 'ADMIN' });
      expect(page.map((n: any) => n.id)).toEqual(alone.feedbackItems.nodes.map((n: any) => n.id));
      expect(b.feedback.totalCount).toBe(alone.feedbackItems.totalCount);
    }
    expect(one.branches.nodes[0].feedback.nodes).toEqual(all.branches.nodes[0].feedback.nodes);
  });

  it('Branch.feedback pages through a branch with cursors, like feedbackItems', async () => {
    const q = 'query($a: String) { branch(code: "MCL-PIN") { feedback(first: 40, after: $a) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const d: any = await graph.data(q, { a: after }, { as: asStaff('MCL-PIN') });
      seen.push(...d.branch.feedback.nodes.map((n: { id: string }) => n.id));
      total = d.branch.feedback.totalCount;
      if (!d.branch.feedback.pageInfo.hasNextPage) break;
      after = d.branch.feedback.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
    expect(total).toBeGreaterThan(40);
  });
});
