import { gatewayConfig, type RunningGateway, startGateway } from '@ceg/gateway';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { patron, publishedSession, register } from '../programs/helpers';
import { SlowProxy } from './proxy';

describe('a deadline per operation at the gateway', () => {
  let graph: TestGraph;
  let proxy: SlowProxy;
  let gateway: RunningGateway;
  const started: RunningGateway[] = [];

  /** The real gateway over the test graph, with the programs subgraph behind the slow proxy. */
  const gatewayWith = async (env: Record<string, string>) => {
    const g = await startGateway(gatewayConfig({ ...graph.env, PROGRAMS_URL: proxyUrl, ...env }), { port: 0, defaultMetrics: false });
    started.push(g);
    return g;
  };
  let proxyUrl: string;
  const post = async (g: RunningGateway, query: string) => {
    const authorization = await graph.authorization('ANALYST');
    const startedAt = performance.now();
    const res = await fetch(`http://127.0.0.1:${g.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: authorization! }, body: JSON.stringify({ query }) });
    return { status: res.status, body: (await res.json()) as any, ms: performance.now() - startedAt };
  };

  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'] });
    proxy = new SlowProxy(graph.env.PROGRAMS_URL!);
    proxyUrl = await proxy.start();
    gateway = await gatewayWith({ OPERATION_TIMEOUT_MS: '800', SUBGRAPH_TIMEOUT_MS: '10000' });
  });
  afterAll(async () => {
    for (const g of started) await g.stop();
    await proxy?.stop();
    await graph?.stop();
  });

  test('the default deadline is 15 s; the per-call timeout stays 10 s', () => {
    const config = gatewayConfig({});
    expect(config.operationTimeoutMs).toBe(15_000);
    expect(config.subgraphTimeoutMs).toBe(10_000);
    expect(() => gatewayConfig({ OPERATION_TIMEOUT_MS: 'soon' })).toThrow(/OPERATION_TIMEOUT_MS must be an integer/);
  });

  test('past the deadline the slow subgraph call is aborted and the answer says so; the rest is returned', async () => {
    proxy.delayMs = 4000;
    const abandonedBefore = proxy.abandoned;
    const res = await post(gateway, '{ programs(first: 1) { totalCount } branches(first: 1) { totalCount } }');
    expect(res.ms).toBeGreaterThanOrEqual(700);
    expect(res.ms).toBeLessThan(3000);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ programs: null, branches: { totalCount: 12 } });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('DEADLINE_EXCEEDED');
    expect(res.body.errors[0].message).toMatch(/deadline of 0\.8 s/);
    // the gateway closed its call to the subgraph: nothing keeps waiting for it
    await new Promise((r) => setTimeout(r, 100));
    expect(proxy.abandoned).toBe(abandonedBefore + 1);
  });

  test('an operation within its deadline is served', async () => {
    proxy.delayMs = 100;
    const res = await post(gateway, '{ programs(first: 1) { totalCount } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.programs.totalCount).toBeGreaterThan(0);
  });

  test('the per-subgraph-call timeout still applies when it comes first', async () => {
    const g = await gatewayWith({ OPERATION_TIMEOUT_MS: '15000', SUBGRAPH_TIMEOUT_MS: '300' });
    proxy.delayMs = 2000;
    const res = await post(g, '{ programs(first: 1) { totalCount } branches(first: 1) { totalCount } }');
    expect(res.ms).toBeLessThan(1500);
    expect(res.body.data).toEqual({ programs: null, branches: { totalCount: 12 } });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'programs' });
    expect(res.body.errors[0].message).toBe('The programs service did not answer in time.');
  });

  test('a registration whose answer misses the deadline is reported as of unknown outcome; registering again returns the seat it got', async () => {
    const { session } = await publishedSession(graph, { capacity: 3 });
    proxy.holdAnswerMs = 2500; // the subgraph writes the registration at once; its answer comes after the deadline
    try {
      const authorization = await graph.authorization(patron('late-answer'));
      const res = await fetch(`http://127.0.0.1:${gateway.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: authorization! },
        body: JSON.stringify({ query: 'mutation($id: ID!) { registerForSession(sessionId: $id) { registration { id status } userErrors { code } } }', variables: { id: session.id } }),
      });
      const body = (await res.json()) as any;
      expect(body.data?.registerForSession ?? null).toBeNull();
      expect(body.errors[0].extensions).toEqual({ code: 'DEADLINE_EXCEEDED', outcome: 'UNKNOWN' });
      expect(body.errors[0].message).toMatch(/may or may not have been made/);
    } finally {
      proxy.holdAnswerMs = 0;
    }
    // The write happened: a retry (straight through the graph's own gateway) learns the seat instead of taking a second one.
    const again = await register(graph, session.id, 'late-answer');
    expect(again.userErrors).toEqual([]);
    expect(again.registration.status).toBe('CONFIRMED');
    const second = await register(graph, session.id, 'late-answer');
    expect(second.registration.id).toBe(again.registration.id);
    const rows: any[] = await graph.subgraph('programs').db.manager.query('SELECT id FROM registration WHERE sessionId = ? AND liveKey IS NOT NULL', [session.id]);
    expect(rows.map((r) => r.id)).toEqual([again.registration.id]);
  });

  test('a read past the deadline keeps the plain message (nothing was asked to change)', async () => {
    proxy.delayMs = 4000;
    const res = await post(gateway, '{ programs(first: 1) { totalCount } }');
    expect(res.body.errors[0].extensions).toEqual({ code: 'DEADLINE_EXCEEDED' });
    expect(res.body.errors[0].message).toMatch(/ask for less/);
  });
});
