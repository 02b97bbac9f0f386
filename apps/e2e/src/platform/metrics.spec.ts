import { gatewayConfig, type RunningGateway, startGateway } from '@ceg/gateway';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

jest.setTimeout(60_000);

/** Sum of the samples of a metric whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if (!Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`))) continue;
    sum += Number(m[3]);
    found = true;
  }
  if (!found) throw new Error(`no sample of ${name} ${JSON.stringify(labels)}`);
  return sum;
}

const metricsOf = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
};

const QUERY = '{ branches(first: 5) { totalCount } programs(first: 5) { totalCount } }';

/** The metrics operators look for: subgraph calls, throttling, cost, database pools. */
describe('metrics', () => {
  let graph: TestGraph;
  let gatewayMetrics: string;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'], env: { RATE_LIMIT_ANONYMOUS_POINTS: '3', RATE_LIMIT_WINDOW_SECONDS: '3600' } });
    gatewayMetrics = `http://127.0.0.1:${graph.gateway.port}/metrics`;
  });
  afterAll(() => graph?.stop());

  test('per-subgraph call latency and errors, operation cost, throttled requests', async () => {
    const signedIn = await graph.data(QUERY, undefined, { as: 'ANALYST' });
    expect(signedIn.programs.totalCount).toBe(0);
    let status = 0;
    for (let i = 0; i < 5 && status !== 429; i++) status = (await graph.query(QUERY)).status;
    expect(status).toBe(429);

    const { text } = await metricsOf(gatewayMetrics);
    expect(sample(text, 'gateway_subgraph_request_duration_seconds_count', { subgraph: 'libraries', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'gateway_subgraph_request_duration_seconds_count', { subgraph: 'programs', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'gateway_operation_cost_points_count', { caller: 'signed_in' })).toBe(1);
    expect(sample(text, 'gateway_operation_cost_points_sum', { caller: 'signed_in' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gateway_throttled_requests_total', { caller: 'anonymous' })).toBe(1);

    // A subgraph goes away: its calls are counted as errors.
    await graph.subgraph('programs').stop();
    const partial = await graph.query(QUERY, undefined, { as: 'ANALYST' });
    expect(partial.body.errors?.[0]?.extensions?.serviceName).toBe('programs');
    const after = (await metricsOf(gatewayMetrics)).text;
    expect(sample(after, 'gateway_subgraph_errors_total', { subgraph: 'programs', kind: 'unavailable' })).toBe(1);
    expect(sample(after, 'gateway_subgraph_request_duration_seconds_count', { subgraph: 'programs', outcome: 'error' })).toBe(1);
  });

  test('a subgraph reports its database pool', async () => {
    const lib = graph.subgraph('libraries');
    const { text } = await metricsOf(lib.url.replace(/\/graphql$/, '/metrics'));
    const dialect = lib.db.dialect;
    expect(sample(text, 'db_pool_connections', { dialect, state: 'max' })).toBe(dialect === 'mysql' ? 10 : 1);
    expect(sample(text, 'db_pool_connections', { dialect, state: 'open' })).toBeGreaterThanOrEqual(1);
    if (dialect === 'mysql') expect(sample(text, 'db_pool_connections', { dialect, state: 'in_use' })).toBeGreaterThanOrEqual(0);
  });

  test('a subgraph counts the SQL statements it sends', async () => {
    const lib = graph.subgraph('libraries');
    const url = lib.url.replace(/\/graphql$/, '/metrics');
    const before = sample((await metricsOf(url)).text, 'db_statements_total', { dialect: lib.db.dialect });
    const sent = lib.db.queryCount;
    await graph.data('{ branches(first: 5) { totalCount nodes { code } } }', undefined, { as: 'ANALYST' });
    const after = sample((await metricsOf(url)).text, 'db_statements_total', { dialect: lib.db.dialect });
    expect(after - before).toBeGreaterThanOrEqual(1);
    expect(after - before).toBe(lib.db.queryCount - sent);
  });

  describe('in production', () => {
    const gateways: RunningGateway[] = [];
    const start = async (env: Record<string, string>, metricsPort?: number) => {
      const gw = await startGateway(gatewayConfig({ ...graph.env, NODE_ENV: 'production', ...env }), { port: 0, metricsPort, defaultMetrics: false });
      gateways.push(gw);
      return gw;
    };
    afterAll(() => Promise.all(gateways.map((g) => g.stop())));

    test('without METRICS_PORT or METRICS_TOKEN, /metrics is not on the public port', async () => {
      const gw = await start({});
      expect((await metricsOf(`http://127.0.0.1:${gw.port}/metrics`)).status).toBe(404);
    });

    test('METRICS_TOKEN: /metrics needs the bearer token', async () => {
      const gw = await start({ METRICS_TOKEN: 'scrape-me' });
      const url = `http://127.0.0.1:${gw.port}/metrics`;
      expect((await metricsOf(url)).status).toBe(401);
      expect((await metricsOf(url, { authorization: 'Bearer wrong-token' })).status).toBe(401);
      const ok = await metricsOf(url, { authorization: 'Bearer scrape-me' });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('gateway_subgraph_request_duration_seconds');
    });

    test('METRICS_PORT: /metrics only on the separate port', async () => {
      // METRICS_PORT turns the separate port on; the test lets the system pick a free one.
      const gw = await start({ METRICS_PORT: '9464' }, 0);
      expect(gw.metricsPort).toBeGreaterThan(0);
      expect((await metricsOf(`http://127.0.0.1:${gw.port}/metrics`)).status).toBe(404);
      const ok = await metricsOf(`http://127.0.0.1:${gw.metricsPort}/metrics`);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('gateway_throttled_requests_total');
    });
  });
});
