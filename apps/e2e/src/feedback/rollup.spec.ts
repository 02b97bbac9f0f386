import { rmSync } from 'node:fs';
import { dropMysqlDatabase, openDatabase } from '@ceg/persistence';
import { testDatabase, type TestGraph } from '@ceg/testing';
import { ALL_SUBGRAPHS, startGraph } from '../graph';
import { base, row, SAMPLE } from '../import/feedback-sample';
import { CEN, NOR, STATUS, submit, validInput } from './helpers';

jest.setTimeout(300_000);

const HIDE = 'mutation($i: HideFeedbackInput!) { hideFeedback(input: $i) { userErrors { field code } } }';
const SHOW = 'mutation($i: ShowFeedbackInput!) { showFeedback(input: $i) { userErrors { field code } } }';
const MERGE = 'mutation($i: MergeFeedbackInput!) { mergeFeedback(input: $i) { userErrors { field code } } }';
const IMPORT = 'mutation($input: ImportFeedbackInput!) { importFeedback(input: $input) { created updated userErrors { message } } }';
const MEASURES = 'count openCount resolvedCount declinedCount averageRating averageHoursToAcknowledge averageHoursToResolve resolutionRate';
const DAY = 86_400_000;
const OPEN = ['RECEIVED', 'ACKNOWLEDGED', 'IN_PROGRESS'];

interface Item {
  id: string; branchId: string; category: string; channel: string; status: string; sentiment: string; language: string; isPublic: boolean; moderationState: string;
  rating: number | null; submittedAt: Date; acknowledgedAt: Date | null; resolvedAt: Date | null; searchText: string;
}

const instant = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

/** Every item, read straight from the subgraph's database. */
async function items(graph: TestGraph): Promise<Item[]> {
  const rows: Record<string, unknown>[] = await graph.subgraph('feedback').db.manager.query(
    'SELECT id, branchId, category, channel, status, sentiment, language, isPublic, moderationState, rating, submittedAt, acknowledgedAt, resolvedAt, searchText FROM feedback',
  );
  return rows.map((r) => ({
    ...(r as unknown as Item),
    isPublic: Boolean(Number(r.isPublic)),
    rating: r.rating === null ? null : Number(r.rating),
    submittedAt: instant(r.submittedAt)!,
    acknowledgedAt: instant(r.acknowledgedAt),
    resolvedAt: instant(r.resolvedAt),
  }));
}

function period(at: Date, interval: string): string {
  const day = at.toISOString().slice(0, 10);
  const [y, m] = [at.getUTCFullYear(), at.getUTCMonth() + 1];
  switch (interval) {
    case 'DAY': return day;
    case 'WEEK': return new Date(Date.parse(day) - ((at.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
    case 'MONTH': return `${day.slice(0, 7)}-01`;
    case 'QUARTER': return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    default: return `${y}-01-01`;
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;
const mean = (xs: number[]) => (xs.length ? round(xs.reduce((s, x) => s + x, 0) / xs.length) : null);

/** The measures of a set of items, computed here from the rows. */
function measures(xs: Item[]) {
  const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;
  const resolved = xs.filter((x) => x.status === 'RESOLVED').length;
  return {
    count: xs.length,
    openCount: xs.filter((x) => OPEN.includes(x.status)).length,
    resolvedCount: resolved,
    declinedCount: xs.filter((x) => x.status === 'DECLINED').length,
    averageRating: mean(xs.filter((x) => x.rating !== null).map((x) => x.rating!)),
    averageHoursToAcknowledge: mean(xs.filter((x) => x.acknowledgedAt).map((x) => hours(x.submittedAt, x.acknowledgedAt!))),
    averageHoursToResolve: mean(xs.filter((x) => x.resolvedAt).map((x) => hours(x.submittedAt, x.resolvedAt!))),
    resolutionRate: xs.length ? resolved / xs.length : null,
  };
}

interface Shape { groupBy: string[]; interval: string; filter: Record<string, unknown> }

/** The aggregate of a shape recounted from the rows: the items an aggregate counts (not MERGED), filtered, grouped. */
function recount(all: Item[], shape: Shape, from: Date, to: Date) {
  const f = shape.filter;
  const xs = all.filter((x) => x.moderationState !== 'MERGED' && x.submittedAt >= from && x.submittedAt < to
    && (!f.statuses || (f.statuses as string[]).includes(x.status))
    && (!f.categories || (f.categories as string[]).includes(x.category))
    && (f.isPublic === undefined || f.isPublic === x.isPublic)
    && (!f.moderationStates || (f.moderationStates as string[]).includes(x.moderationState))
    && (!f.branchIds || (f.branchIds as string[]).includes(x.branchId)));
  const keyOf = (x: Item) => shape.groupBy.map((d) => (d === 'PERIOD' ? period(x.submittedAt, shape.interval) : d === 'BRANCH' ? x.branchId : String(x[d.toLowerCase() as keyof Item]))).join('|');
  const groups = new Map<string, Item[]>();
  for (const x of xs) groups.set(keyOf(x), [...(groups.get(keyOf(x)) ?? []), x]);
  return { totals: measures(xs), groups: new Map([...groups].map(([k, g]) => [k, measures(g)])) };
}

const AGGREGATE = `query($g: [FeedbackDimension!], $i: TimeInterval, $f: FeedbackFilter) {
  feedbackAggregate(groupBy: $g, interval: $i, filter: $f) { totals { ${MEASURES} } groups { key { branch { id } category channel status sentiment language period } measures { ${MEASURES} } } }
}`;

function expectSame(got: Record<string, number | null>, want: Record<string, number | null>, where: string) {
  for (const [k, v] of Object.entries(want)) {
    const g = got[k];
    if (v === null || g === null) expect([where, k, g]).toEqual([where, k, v]);
    // Hours: the rollup sums milliseconds, the items' SQL seconds (MySQL) or Julian days (SQLite); both rounded to 3 decimals.
    else if (k.startsWith('averageHours')) expect([where, k, Math.abs(g - v) <= 0.0011]).toEqual([where, k, true]);
    else expect([where, k, g]).toEqual([where, k, k === 'resolutionRate' || k === 'averageRating' ? expect.closeTo(v, 9) : v]);
  }
}

async function compare(graph: TestGraph, shape: Shape, from: Date, to: Date) {
  const db = graph.subgraph('feedback').db;
  const before = db.queryCount;
  const d = await graph.data(AGGREGATE, { g: shape.groupBy, i: shape.interval, f: { ...shape.filter, submittedFrom: from.toISOString(), submittedTo: to.toISOString() } }, { as: 'ADMIN' });
  const statements = db.queryCount - before;
  const want = recount(await items(graph), shape, from, to);
  const where = JSON.stringify({ ...shape, from, to });
  expectSame(d.feedbackAggregate.totals, want.totals, where);
  const got = new Map<string, Record<string, number | null>>(d.feedbackAggregate.groups.map((g: { key: Record<string, unknown>; measures: Record<string, number | null> }) => [
    shape.groupBy.map((dim) => (dim === 'BRANCH' ? (g.key.branch as { id: string }).id : String(g.key[dim.toLowerCase()]))).join('|'), g.measures]));
  expect([where, [...got.keys()].sort()]).toEqual([where, [...want.groups.keys()].sort()]);
  for (const [k, m] of want.groups) expectSame(got.get(k)!, m, `${where} ${k}`);
  return { count: d.feedbackAggregate.totals.count as number, statements };
}

const SHAPES: Shape[] = [
  { groupBy: [], interval: 'MONTH', filter: {} },
  { groupBy: ['BRANCH', 'PERIOD'], interval: 'MONTH', filter: {} },
  { groupBy: ['PERIOD', 'BRANCH'], interval: 'DAY', filter: {} },
  { groupBy: ['PERIOD'], interval: 'WEEK', filter: {} },
  { groupBy: ['BRANCH', 'PERIOD'], interval: 'QUARTER', filter: {} },
  { groupBy: ['PERIOD'], interval: 'YEAR', filter: {} },
  { groupBy: ['STATUS', 'CATEGORY', 'CHANNEL'], interval: 'MONTH', filter: {} },
  { groupBy: ['SENTIMENT', 'LANGUAGE'], interval: 'MONTH', filter: { isPublic: true } },
  { groupBy: ['BRANCH'], interval: 'MONTH', filter: { moderationStates: ['HIDDEN', 'HELD', 'PUBLISHED'] } },
  { groupBy: ['STATUS'], interval: 'MONTH', filter: { statuses: ['RESOLVED', 'IN_PROGRESS', 'DECLINED'], categories: ['FACILITIES', 'COLLECTIONS'] } },
  { groupBy: ['PERIOD', 'STATUS'], interval: 'MONTH', filter: { branchIds: [CEN, NOR], isPublic: false } },
  // The monthly rollup's shapes: branch and month, quarter or year at most, no filter but the range and the branches.
  { groupBy: ['BRANCH'], interval: 'MONTH', filter: {} },
  { groupBy: ['PERIOD'], interval: 'MONTH', filter: {} },
  { groupBy: ['PERIOD', 'BRANCH'], interval: 'QUARTER', filter: { branchIds: [CEN, NOR] } },
  { groupBy: ['PERIOD'], interval: 'YEAR', filter: { branchIds: [NOR] } },
];

/** Whether the monthly rollup answers a shape's whole months (aggregates.ts monthlyAnswers). */
const monthly = (shape: Shape) => Object.keys(shape.filter).every((k) => k === 'branchIds')
  && shape.groupBy.every((d) => d === 'BRANCH' || d === 'PERIOD') && (!shape.groupBy.includes('PERIOD') || ['MONTH', 'QUARTER', 'YEAR'].includes(shape.interval));

describe('feedback aggregates from the daily rollup', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries', 'feedback'] });
  });
  afterAll(() => graph?.stop());

  it('answer exactly what the items recount to after submissions, status changes, moderation and imports, whole days or not', async () => {
    const db = graph.subgraph('feedback').db;
    const staff = { role: 'STAFF' as const, branchCodes: ['RVL-CEN', 'RVL-NOR'], sub: 'staff-rollup', name: 'Staff' };
    // Items of earlier days (the demo data's), so that writes move contributions between the cells of past days.
    const old: { id: string; status: string; moderationState: string }[] = await db.manager.query(
      `SELECT id, status, moderationState FROM feedback WHERE branchId = ? AND isPublic = ? ORDER BY submittedAt, id`, [CEN, true]);
    const byStatus = (s: string) => old.filter((o) => o.status === s && o.moderationState === 'PUBLISHED');
    const status = async (id: string, to: string) => {
      const r = await graph.data(STATUS, { input: { feedbackId: id, status: to } }, { as: staff });
      expect([id, to, r.updateFeedbackStatus.userErrors]).toEqual([id, to, []]);
    };
    const moderate = async (mutation: string, input: Record<string, unknown>) => {
      const r = await graph.data(mutation, { i: { reason: 'Checked by staff', ...input } }, { as: staff });
      expect(Object.values(r)[0]).toEqual({ userErrors: [] });
    };

    // Submissions: public and not, rated and not, one the screen holds, in two branches.
    const fresh = [];
    for (const [i, over] of [
      { isPublic: true, rating: 4 }, { isPublic: false, rating: null }, { isPublic: true, rating: 2, category: 'COLLECTIONS', channel: 'EMAIL' },
      { isPublic: true, branchId: NOR, rating: 5 }, { isPublic: false, branchId: NOR, rating: 1, category: 'STAFF' },
      { isPublic: true, subject: 'Rude librarian', body: 'The librarian John Smith (503-555-0142) was rude to my son. What an idiot.', rating: 1 },
      { isPublic: true, subject: 'Horario', body: 'Me encanta la biblioteca, gracias por abrir los sábados.', language: 'es', rating: 5 },
    ].entries()) fresh.push(await submit(graph, validInput({ subject: `Rollup item ${i}`, ...over }), i % 2 ? staff : undefined));
    const held: string = fresh[5].id;

    // Status changes: acknowledgement, progress, resolution, reopening, declining (a held item declined is hidden).
    await status(fresh[0].id, 'ACKNOWLEDGED');
    await status(fresh[0].id, 'RESOLVED');
    await status(fresh[0].id, 'IN_PROGRESS');
    await status(fresh[3].id, 'ACKNOWLEDGED');
    await status(fresh[3].id, 'IN_PROGRESS');
    await status(fresh[3].id, 'RESOLVED');
    await status(held, 'DECLINED');
    await status(byStatus('RECEIVED')[0].id, 'ACKNOWLEDGED');
    await status(byStatus('ACKNOWLEDGED')[0].id, 'RESOLVED');
    await status(byStatus('RESOLVED')[0].id, 'IN_PROGRESS');
    await status(byStatus('IN_PROGRESS')[0].id, 'DECLINED');
    // Moderation: hide, show again, hide for good, merge (a merged duplicate counts no more).
    await moderate(HIDE, { feedbackId: fresh[2].id });
    await moderate(SHOW, { feedbackId: fresh[2].id });
    await moderate(HIDE, { feedbackId: byStatus('RESOLVED')[1].id });
    await moderate(SHOW, { feedbackId: held });
    await moderate(MERGE, { duplicateId: byStatus('RESOLVED')[2].id, targetId: byStatus('RESOLVED')[3].id });
    await moderate(MERGE, { duplicateId: fresh[6].id, targetId: fresh[0].id });

    // The import: new items, then a corrected row that moves its item to another day, category and rating.
    const importCsv = async (csv: string) => (await graph.data(IMPORT, {
      input: { csv, branches: [{ source: 'RVL-CEN', branchId: CEN }, { source: 'rvl-nor', branchId: NOR }], timeZone: 'America/Los_Angeles' },
    }, { as: 'ADMIN' })).importFeedback;
    expect(await importCsv(SAMPLE)).toMatchObject({ created: 5, updated: 0, userErrors: [] });
    const card3 = (over: Record<string, string | number>) => row(base('CARD-003', { category: 'PROGRAMS', subject: 'Book club', text: 'Call me at 503-555-0142 about the evening book club.', rating: '', tags: '', submitted_at: '2025-02-12 11:00', ...over }));
    expect(SAMPLE).toContain(card3({}));
    expect(await importCsv(SAMPLE.replace(card3({}), card3({ category: 'HOURS', rating: 3, submitted_at: '2025-02-14 23:30' })))).toMatchObject({ created: 0, updated: 1, userErrors: [] });

    // The rollup holds, cell by cell, what the items sum to.
    const cells: Record<string, unknown>[] = await db.manager.query('SELECT * FROM feedback_daily WHERE n <> 0');
    const cellKey = (c: { branchId: string; day: string; category: string; channel: string; status: string; sentiment: string; language: string; isPublic: boolean; moderationState: string }) =>
      [c.branchId, c.day, c.category, c.channel, c.status, c.sentiment, c.language, Number(c.isPublic), c.moderationState].join('|');
    const dayText = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
    const stored = new Map(cells.map((c) => [cellKey({ ...(c as unknown as Item), day: dayText(c.day), isPublic: Boolean(Number(c.isPublic)) }),
      [c.n, c.ratingSum, c.ratingN, c.ackMs, c.ackN, c.resMs, c.resN].map(Number)]));
    const expected = new Map<string, number[]>();
    for (const x of await items(graph)) {
      const k = cellKey({ ...x, day: x.submittedAt.toISOString().slice(0, 10) });
      const v = expected.get(k) ?? [0, 0, 0, 0, 0, 0, 0];
      const add = [1, x.rating ?? 0, x.rating === null ? 0 : 1, x.acknowledgedAt ? x.acknowledgedAt.getTime() - x.submittedAt.getTime() : 0, x.acknowledgedAt ? 1 : 0,
        x.resolvedAt ? x.resolvedAt.getTime() - x.submittedAt.getTime() : 0, x.resolvedAt ? 1 : 0];
      expected.set(k, v.map((n, i) => n + add[i]));
    }
    expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, v] of expected) expect([k, stored.get(k)]).toEqual([k, v]);

    // The monthly rollup holds, branch and month by branch and month, what the items that are not MERGED sum to.
    const months: Record<string, unknown>[] = await db.manager.query('SELECT * FROM feedback_monthly');
    const storedMonths = new Map(months.map((c) => [`${c.branchId}|${dayText(c.month)}`,
      [c.n, c.openN, c.resolvedN, c.declinedN, c.ratingSum, c.ratingN, c.ackMs, c.ackN, c.resMs, c.resN].map(Number)]));
    const expectedMonths = new Map<string, number[]>();
    for (const x of await items(graph)) {
      if (x.moderationState === 'MERGED') continue;
      const k = `${x.branchId}|${x.submittedAt.toISOString().slice(0, 7)}-01`;
      const v = expectedMonths.get(k) ?? Array.from({ length: 10 }, () => 0);
      const add = [1, OPEN.includes(x.status) ? 1 : 0, x.status === 'RESOLVED' ? 1 : 0, x.status === 'DECLINED' ? 1 : 0, x.rating ?? 0, x.rating === null ? 0 : 1,
        x.acknowledgedAt ? x.acknowledgedAt.getTime() - x.submittedAt.getTime() : 0, x.acknowledgedAt ? 1 : 0,
        x.resolvedAt ? x.resolvedAt.getTime() - x.submittedAt.getTime() : 0, x.resolvedAt ? 1 : 0];
      expectedMonths.set(k, v.map((n, i) => n + add[i]));
    }
    expect([...storedMonths.keys()].sort()).toEqual([...expectedMonths.keys()].sort());
    for (const [k, v] of expectedMonths) expect([k, storedMonths.get(k)]).toEqual([k, v]);

    // Every shape, over whole days (the daily rollup alone: one statement; the monthly shapes: whole months from the monthly
    // rollup, the days of the partial months from the daily one), whole months (the monthly shapes: the monthly rollup alone),
    // a range starting and ending within days (the partial days from the items) and the default range.
    const now = new Date();
    const tomorrow = new Date(Math.floor(Date.now() / DAY) * DAY + DAY);
    // Within the DAY interval's span (366 days): from the 10th of the month eleven months back, and the twelve months up to the next one.
    const wholeFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 10));
    const monthsFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
    const monthsTo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const partialFrom = new Date(wholeFrom.getTime() + 100 * DAY + 7 * 3_600_000 + 12_345);
    const partialTo = new Date(Date.now() + 60_000);
    for (const shape of SHAPES) {
      const whole = await compare(graph, shape, wholeFrom, tomorrow);
      expect([shape, whole.statements]).toEqual([shape, monthly(shape) ? 2 : 1]);
      expect(whole.count).toBeGreaterThan(0);
      const inMonths = await compare(graph, shape, monthsFrom, monthsTo);
      expect([shape, inMonths.statements]).toEqual([shape, 1]);
      expect(inMonths.count).toBeGreaterThan(0);
      await compare(graph, shape, partialFrom, partialTo);
      await compare(graph, shape, new Date(partialTo.getTime() - 3_600_000), partialTo);
    }
    // A search is answered from the items.
    const searched = await graph.data('query($f: FeedbackFilter) { feedbackAggregate(groupBy: [STATUS], filter: $f) { totals { count } } }', { f: { search: 'biblioteca' } }, { as: 'ADMIN' });
    expect(searched.feedbackAggregate.totals.count).toBeGreaterThan(0);

    // The aggregate over whole days reads the daily rollup (grouped by category: not the monthly rollup's): a changed cell changes the answer.
    const one = cells.find((c) => Number(c.n) > 0 && c.moderationState !== 'MERGED' && dayText(c.day) >= wholeFrom.toISOString().slice(0, 10))!;
    const q = { g: ['CATEGORY'], i: 'MONTH', f: { submittedFrom: wholeFrom.toISOString(), submittedTo: tomorrow.toISOString() } };
    const count = (await graph.data(AGGREGATE, q, { as: 'ADMIN' })).feedbackAggregate.totals.count;
    const changed = await db.manager.query(
      'UPDATE feedback_daily SET n = n + 5 WHERE branchId = ? AND day = ? AND category = ? AND channel = ? AND status = ? AND sentiment = ? AND language = ? AND isPublic = ? AND moderationState = ?',
      [one.branchId, one.day, one.category, one.channel, one.status, one.sentiment, one.language, one.isPublic, one.moderationState]);
    expect(changed).toBeDefined();
    expect((await graph.data(AGGREGATE, q, { as: 'ADMIN' })).feedbackAggregate.totals.count).toBe(count + 5);

    // The aggregate over whole months reads the monthly rollup: a changed month changes the answer; a filter the monthly rollup
    // cannot honour (isPublic) is answered from the daily one, which the change does not touch.
    const inMonths = { g: ['BRANCH'], i: 'MONTH', f: { submittedFrom: monthsFrom.toISOString(), submittedTo: monthsTo.toISOString() } };
    const month = months.find((c) => Number(c.n) > 0 && dayText(c.month) >= monthsFrom.toISOString().slice(0, 10))!;
    const byBranch = async (vars: typeof inMonths) => new Map((await graph.data(AGGREGATE, vars, { as: 'ADMIN' })).feedbackAggregate.groups
      .map((g: { key: { branch: { id: string } }; measures: { count: number } }) => [g.key.branch.id, g.measures.count]));
    const publicOnly = { ...inMonths, f: { ...inMonths.f, isPublic: true } };
    const [countBefore, publicBefore] = [await byBranch(inMonths), await byBranch(publicOnly)];
    await db.manager.query('UPDATE feedback_monthly SET n = n + 7 WHERE branchId = ? AND month = ?', [month.branchId, month.month]);
    expect((await byBranch(inMonths)).get(month.branchId)).toBe(Number(countBefore.get(month.branchId)) + 7);
    expect(await byBranch(publicOnly)).toEqual(publicBefore);
  });
});

describe('the daily rollup under concurrent writes', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  it('counts every one of many submissions with the same values at once (one rollup cell), and their status changes at once', async () => {
    const n = 40;
    const input = validInput({ branchId: NOR, isPublic: false, rating: 3 });
    const made = await Promise.all(Array.from({ length: n }, (_, i) => submit(graph, input, { role: 'PATRON', sub: `burst-${i}` })));
    const staff = { role: 'STAFF' as const, branchCodes: ['RVL-NOR'], sub: 'staff-nor', name: 'Staff' };
    const moved = await Promise.all(made.map((f) => graph.data(STATUS, { input: { feedbackId: f.id, status: 'ACKNOWLEDGED' } }, { as: staff })));
    expect(moved.map((m) => m.updateFeedbackStatus.userErrors)).toEqual(made.map(() => []));
    const cells: { status: string; n: number }[] = await graph.subgraph('feedback').db.manager.query('SELECT status, n FROM feedback_daily WHERE branchId = ?', [NOR]);
    expect(cells.map((c) => [c.status, Number(c.n)])).toEqual([['ACKNOWLEDGED', n]]);
  });
});

/** The rollup's migration on a database that already holds items (an upgrade). */
it('the migrations fill the daily rollup from the items already stored and the monthly one from the daily one', async () => {
  const def = ALL_SUBGRAPHS.feedback;
  const migrations = def.migrations as (new () => { name: string })[];
  const target = testDatabase();
  const url = target.dialect === 'mysql' ? target.url(`ceg_rollup_${Date.now()}`) : undefined;
  const dir = `/tmp/ceg-rollup-${process.pid}-${Date.now()}`;
  const at = migrations.findIndex((m) => new m().name === 'DailyRollup1796544000000');
  const before = await openDatabase({ service: 'feedback', databaseUrl: url, dataDir: dir, entities: def.entities as never, migrations: migrations.slice(0, at) as never });
  await before.migrate();
  const insert = `INSERT INTO feedback (id, branchId, channel, category, subject, body, rating, language, sentiment, status, isPublic, voteCount, tags, submittedAt, acknowledgedAt, rateKey, moderationState, screenFlags, searchText)
    VALUES (?, 'b', 'EMAIL', 'OTHER', 's', 'b', ?, 'en', 'NEUTRAL', ?, 1, 0, '[]', ?, ?, 'x', 'PUBLISHED', '', '')`;
  await before.ds.query(insert, ['11111111-1111-4111-8111-111111111111', 4, 'ACKNOWLEDGED', '2026-01-01 23:59:59.500', '2026-01-02 01:59:59.500']);
  await before.ds.query(insert, ['22222222-2222-4222-8222-222222222222', null, 'RECEIVED', '2026-01-01 00:00:00.000', null]);
  await before.ds.query(insert, ['33333333-3333-4333-8333-333333333333', 2, 'ACKNOWLEDGED', '2026-01-02 00:00:00.000', '2026-01-02 00:30:00.000']);
  await before.close();
  const after = await openDatabase({ service: 'feedback', databaseUrl: url, dataDir: dir, entities: def.entities as never, migrations: migrations as never });
  expect(await after.migrate()).toEqual(migrations.slice(at).map((m) => new m().name));
  const rows: Record<string, unknown>[] = await after.ds.query('SELECT day, month, status, n, ratingSum, ratingN, ackMs, ackN FROM feedback_daily ORDER BY day, status');
  const text = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  expect(rows.map((r) => [text(r.day), text(r.month), r.status, ...[r.n, r.ratingSum, r.ratingN, r.ackMs, r.ackN].map(Number)])).toEqual([
    ['2026-01-01', '2026-01-01', 'ACKNOWLEDGED', 1, 4, 1, 7_200_000, 1],
    ['2026-01-01', '2026-01-01', 'RECEIVED', 1, 0, 0, 0, 0],
    ['2026-01-02', '2026-01-01', 'ACKNOWLEDGED', 1, 2, 1, 1_800_000, 1],
  ]);
  // The monthly rollup: the items of the branch and month, from the daily rollup.
  const months: Record<string, unknown>[] = await after.ds.query('SELECT branchId, month, n, openN, resolvedN, declinedN, ratingSum, ratingN, ackMs, ackN, resMs, resN FROM feedback_monthly');
  expect(months.map((r) => [r.branchId, text(r.month), ...[r.n, r.openN, r.resolvedN, r.declinedN, r.ratingSum, r.ratingN, r.ackMs, r.ackN, r.resMs, r.resN].map(Number)]))
    .toEqual([['b', '2026-01-01', 3, 3, 0, 0, 6, 2, 9_000_000, 2, 0, 0]]);
  await after.close();
  if (url) await dropMysqlDatabase(url, 'feedback');
  rmSync(dir, { recursive: true, force: true });
});
