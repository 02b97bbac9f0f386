import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { patron, publishedSession, register } from '../programs/helpers';

/**
 * RULES.md §6, the subgraph half: a bounded number of GraphQL requests in
 * flight per subgraph (fewer for aggregates and reports) with a fast, clear
 * refusal beyond it that the gateway reports for that part of the answer
 * only; health endpoints never wait behind GraphQL work; caps on the groups
 * aggregates return.
 */
describe('bulkhead and aggregate caps, through the gateway', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], env: { AGGREGATE_MAX_GROUPS: '40', AGGREGATE_MAX_GROUPS_PER_REQUEST: '60', SUBGRAPH_MAX_QUEUED_WRITES: '2', SUBGRAPH_MAX_QUEUE_WAIT_MS: '1500' } });
  });
  afterAll(() => graph?.stop());

  const aggregate = (groupBy: string, alias = 'agg') =>
    `${alias}: programAggregate(from: "2026-01-01T00:00:00Z", to: "2026-04-01T00:00:00Z", groupBy: [${groupBy}]) { totals { sessionCount } groups { measures { sessionCount } } }`;

  test('heavy slots full: an aggregate is refused at once as the programs service being unavailable, the rest of the answer and anonymous lists are served', async () => {
    const programs = graph.subgraph('programs');
    const held = programs.bulkhead.heavy.size;
    programs.bulkhead.heavy.inFlight = held; // every heavy slot taken, as by long-running aggregates
    try {
      const started = Date.now();
      const res = await graph.query(`{ ${aggregate('SERVICE_AREA')} consortia { code } }`, undefined, { as: 'ANALYST' });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(res.status).toBe(200);
      expect(res.body.data?.agg).toBeNull();
      expect((res.body.data?.consortia as unknown[]).length).toBeGreaterThan(0);
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', serviceName: 'programs' }) })]);
      expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|503|stack/i);

      // Lists and single fetches do not need a heavy slot.
      const anon = await graph.query('{ programs(first: 5) { nodes { id } } }');
      expect(anon.body.errors).toBeUndefined();
      expect((anon.body.data as any).programs.nodes).toHaveLength(5);
    } finally {
      programs.bulkhead.heavy.inFlight = 0;
    }
    const again = await graph.query(`{ ${aggregate('SERVICE_AREA')} }`, undefined, { as: 'ANALYST' });
    expect(again.body.errors).toBeUndefined();
    expect(programs.metrics.bulkheadRefusals).toBeDefined();
    expect(await programs.metrics.registry.getSingleMetricAsString('bulkhead_refusals_total')).toMatch(/kind="heavy"[^\n]* 1/);
  });

  test('all slots full: every GraphQL request to that subgraph is refused fast; /health, /ready and /metrics still answer', async () => {
    const programs = graph.subgraph('programs');
    programs.bulkhead.all.inFlight = programs.bulkhead.all.size;
    try {
      const res = await graph.query('{ programs(first: 5) { nodes { id } } consortia { code } }');
      expect(res.body.data?.programs).toBeNull();
      expect(res.body.data?.consortia).not.toBeNull();
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'programs' });

      const direct = await fetch(programs.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-subgraph-secret': graph.env.SUBGRAPH_SECRET! },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(direct.status).toBe(503);
      expect(direct.headers.get('retry-after')).toBe('1');
      expect(await direct.json()).toEqual({ errors: [{ message: 'The programs service is busy; try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });

      for (const path of ['/health', '/ready', '/metrics']) {
        const r = await fetch(programs.url.replace('/graphql', path));
        expect(r.status).toBe(200);
      }
    } finally {
      programs.bulkhead.all.inFlight = 0;
    }
  });

  test('all slots full: a short write waits its turn (first come, first served) and is served when a slot frees; reads are still refused at once; past the queue a write is refused', async () => {
    const { session } = await publishedSession(graph, { capacity: 5 });
    const programs = graph.subgraph('programs');
    programs.bulkhead.all.inFlight = programs.bulkhead.all.size;
    try {
      const first = register(graph, session.id, 'queued-1');
      await new Promise((r) => setTimeout(r, 150));
      const second = register(graph, session.id, 'queued-2');
      await new Promise((r) => setTimeout(r, 150));
      expect(programs.bulkhead.all.queued).toBe(2); // SUBGRAPH_MAX_QUEUED_WRITES
      // A third write finds the queue full: refused at once, nothing written.
      const started = Date.now();
      const third = await graph.query('mutation($id: ID!) { registerForSession(sessionId: $id) { registration { id } } }', { id: session.id }, { as: patron('queued-3') });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(third.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'programs' });
      // Reads never wait.
      const read = await graph.query('{ programs(first: 1) { nodes { id } } }');
      expect(read.body.data?.programs).toBeNull();
      // Two slots free up: the queued writes go in, in the order they came.
      programs.bulkhead.all.release();
      const one = await first;
      programs.bulkhead.all.release();
      const two = await second;
      expect([one.registration.status, two.registration.status]).toEqual(['CONFIRMED', 'CONFIRMED']);
      expect(new Date(one.registration.registeredAt).getTime()).toBeLessThan(new Date(two.registration.registeredAt).getTime());
      const rows: any[] = await programs.db.manager.query('SELECT patronId FROM registration WHERE sessionId = ?', [session.id]);
      expect(rows.map((r) => r.patronId).sort()).toEqual(['queued-1', 'queued-2']);
    } finally {
      programs.bulkhead.all.inFlight = 0;
    }
  });

  test('a queued write that gets no slot within SUBGRAPH_MAX_QUEUE_WAIT_MS is refused as busy, having written nothing', async () => {
    const { session } = await publishedSession(graph, { capacity: 5 });
    const programs = graph.subgraph('programs');
    programs.bulkhead.all.inFlight = programs.bulkhead.all.size;
    try {
      const started = Date.now();
      const res = await graph.query('mutation($id: ID!) { registerForSession(sessionId: $id) { registration { id } } }', { id: session.id }, { as: patron('queued-late') });
      const ms = Date.now() - started;
      expect(ms).toBeGreaterThanOrEqual(1400);
      expect(ms).toBeLessThan(4000);
      expect(res.body.data?.registerForSession ?? null).toBeNull();
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'programs' });
      expect(programs.bulkhead.all.queued).toBe(0);
    } finally {
      programs.bulkhead.all.inFlight = 0;
    }
    const rows: any[] = await programs.db.manager.query('SELECT id FROM registration WHERE sessionId = ?', [session.id]);
    expect(rows).toEqual([]);
    expect(await programs.metrics.registry.getSingleMetricAsString('bulkhead_refusals_total')).toMatch(/kind="queued"[^\n]* 1/);
  });

  test('slots are given back when requests end, also after errors', async () => {
    const programs = graph.subgraph('programs');
    await Promise.all([
      graph.query(`{ ${aggregate('SERVICE_AREA')} }`, undefined, { as: 'ANALYST' }),
      graph.query('{ programs(first: 500) { nodes { id } } }'),
      graph.query('{ programAggregate { totals { sessionCount } } }'), // anonymous: UNAUTHENTICATED
    ]);
    expect(programs.bulkhead.all.inFlight).toBe(0);
    expect(programs.bulkhead.heavy.inFlight).toBe(0);
  });

  test('AGGREGATE_MAX_GROUPS: an aggregate with more groups is OPERATION_LIMIT and null; a smaller one in the same request is answered', async () => {
    const res = await graph.query(`{ ${aggregate('SERVICE_AREA', 'small')} ${aggregate('BRANCH, SERVICE_AREA', 'big')} }`, undefined, { as: 'ANALYST' });
    expect(res.status).toBe(200);
    expect(res.body.data?.big).toBeNull();
    expect((res.body.data?.small as any).groups.length).toBeGreaterThan(0);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['big', 'groups'], extensions: expect.objectContaining({ code: 'OPERATION_LIMIT' }) })]);
    expect(res.body.errors![0].message).toMatch(/at most 40 are allowed/);
  });

  test('AGGREGATE_MAX_GROUPS_PER_REQUEST: aliases add up; past the budget the remaining aggregates are refused and the earlier ones kept', async () => {
    const one = await graph.data(`{ ${aggregate('SERVICE_AREA')} }`, undefined, { as: 'ANALYST' });
    const n = one.agg.groups.length as number;
    expect(n).toBeGreaterThan(1);
    const fit = Math.floor(60 / n); // the per-request budget is 60 groups
    const aliases = Array.from({ length: fit + 2 }, (_, i) => i);
    const res = await graph.query(`{ ${aliases.map((i) => aggregate('SERVICE_AREA', `a${i}`)).join(' ')} }`, undefined, { as: 'ANALYST' });
    const answered = aliases.filter((i) => (res.body.data as any)[`a${i}`] !== null);
    expect(answered).toEqual(aliases.slice(0, fit));
    expect(res.body.errors).toHaveLength(2);
    expect(res.body.errors![0].message).toMatch(/more than 60 groups together/);
    for (const e of res.body.errors!) expect(e.extensions).toMatchObject({ code: 'OPERATION_LIMIT' });
  });
});
