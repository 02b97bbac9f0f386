import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const dist = (p: string) => join(root, p, 'dist/index.js');
const built = ['libs/kit', 'apps/gateway', 'apps/libraries', 'apps/programs'].every((p) => existsSync(dist(p)));
// Tracing hooks Node's own module loader, which Jest replaces: the graph runs in a child process, from its build.
const run = built && !process.env.TEST_DATABASE_URL ? test : test.skip;

interface SpanRecord {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

/**
 * The gateway and two subgraphs in one process with OpenTelemetry on and an
 * in-memory exporter; one operation that needs both subgraphs; prints the
 * finished spans as JSON.
 */
const SCRIPT = `
const root = ${JSON.stringify(root)};
const { startTracing, shutdownTracing } = require(root + '/libs/kit/dist/tracing.js');
const { tracing } = require('@opentelemetry/sdk-node');
const exporter = new tracing.InMemorySpanExporter();
startTracing({ serviceName: 'community-graph', exporter });
require('reflect-metadata');
const kit = require(root + '/libs/kit/dist/index.js');
const { gatewayConfig, startGateway } = require(root + '/apps/gateway/dist/index.js');
const { librariesSubgraph } = require(root + '/apps/libraries/dist/index.js');
const { programsSubgraph } = require(root + '/apps/programs/dist/index.js');
(async () => {
  const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'tracing-test', SUBGRAPH_SECRET: 'tracing-test', DEMO_DATA: 'false', SHUTDOWN_GRACE_MS: '100' };
  const opts = { env, port: 0, databaseUrl: 'sqlite::memory:', defaultMetrics: false };
  const libraries = await kit.runSubgraph(librariesSubgraph, opts);
  const programs = await kit.runSubgraph(programsSubgraph, opts);
  // With Redis at hand, the cost budget lives there (and its calls are traced too).
  const redis = process.env.TRACE_REDIS_URL ? { RATE_LIMIT_REDIS_URL: process.env.TRACE_REDIS_URL, RATE_LIMIT_REDIS_PREFIX: 'ceg:tracing-test:' + process.pid + ':' } : {};
  const gateway = await startGateway(gatewayConfig({ ...env, ...redis, LIBRARIES_URL: libraries.url, PROGRAMS_URL: programs.url }), { port: 0, defaultMetrics: false });
  // Start-up spans (schema building, composition) are exported once the resource is ready: let them land, then forget them.
  await new Promise((r) => setTimeout(r, 1000));
  exporter.reset();
  const res = await fetch('http://127.0.0.1:' + gateway.port + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ branches(first: 1) { totalCount } programs(first: 1) { totalCount } }' }),
  });
  const body = await res.json();
  await new Promise((r) => setTimeout(r, 200));
  const spans = exporter.getFinishedSpans().map((s) => ({
    name: s.name,
    kind: s.kind,
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext ? s.parentSpanContext.spanId : undefined,
    attributes: s.attributes,
  }));
  process.stdout.write(JSON.stringify({ body, ports: { gateway: gateway.port, libraries: libraries.port, programs: programs.port }, spans }));
  await gateway.stop();
  await libraries.stop();
  await programs.stop();
  await shutdownTracing();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`;

const SERVER = 1;
const CLIENT = 2;
const portOf = (s: SpanRecord) => Number(s.attributes['server.port'] ?? s.attributes['net.host.port'] ?? s.attributes['url.port']);

/** Is Redis listening on 127.0.0.1:6379 (as in CI)? */
async function redisAvailable(): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(6379, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

run('one trace spans the gateway and the two subgraphs it calls (W3C traceparent propagated)', async () => {
  const withRedis = await redisAvailable();
  const env = { PATH: process.env.PATH, ...(withRedis ? { TRACE_REDIS_URL: 'redis://127.0.0.1:6379/0' } : {}) };
  const child = spawn(process.execPath, ['-e', SCRIPT], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`tracing run failed (${code}): ${err}`);
  const { body, ports, spans } = JSON.parse(out) as { body: { data: unknown }; ports: Record<string, number>; spans: SpanRecord[] };
  expect(body.data).toEqual({ branches: { totalCount: 0 }, programs: { totalCount: 0 } });

  const servers = spans.filter((s) => s.kind === SERVER);
  const gatewayServer = servers.find((s) => portOf(s) === ports.gateway)!;
  expect(gatewayServer).toBeDefined();
  // Every span of this request is in the gateway's trace: nothing started a trace of its own.
  expect(spans.filter((s) => s.traceId !== gatewayServer.traceId).map((s) => s.name)).toEqual([]);
  const trace = spans;

  for (const name of ['libraries', 'programs']) {
    const subgraphServer = servers.find((s) => portOf(s) === ports[name]);
    expect([name, subgraphServer?.traceId]).toEqual([name, gatewayServer.traceId]);
    // Its parent is the gateway's outgoing call: the traceparent header carried it across.
    const parent = spans.find((s) => s.spanId === subgraphServer!.parentSpanId)!;
    expect([name, parent.kind, portOf(parent)]).toEqual([name, CLIENT, ports[name]]);
  }
  const names = new Set(trace.map((s) => s.name));
  // The Apollo gateway's own spans, GraphQL execution in the subgraphs, and Express routing.
  expect([...names]).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.fetch', 'query', 'graphql.resolve branches', 'graphql.resolve programs']));
  expect([...names].some((n) => /^(router|middleware|request handler)/.test(n))).toBe(true);
  // The budget's Redis calls, by command only (never the key, which holds the client address).
  if (withRedis) {
    const redisSpans = trace.filter((s) => s.attributes['db.system'] === 'redis' || s.attributes['db.system.name'] === 'redis');
    expect(redisSpans.length).toBeGreaterThan(0);
    expect(JSON.stringify(redisSpans)).not.toMatch(/ceg:tracing-test|ip:/);
  }
  // Literal values of the operation never reach a span (graphql.source is masked: `first: *`).
  expect(JSON.stringify(spans)).not.toMatch(/first: 1/);
}, 60_000);

const librariesMain = join(root, 'apps/libraries/dist/main.js');

run('off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: not one OpenTelemetry SDK module is loaded', async () => {
  const probe = `require('reflect-metadata'); require(${JSON.stringify(dist('libs/kit'))}); process.stdout.write(String(Object.keys(require.cache).filter((k) => /@opentelemetry[\\\\/](sdk-node|instrumentation)/.test(k)).length))`;
  const loaded = async (env: Record<string, string>) => {
    const child = spawn(process.execPath, ['-e', probe], { cwd: root, env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((r) => child.on('exit', r));
    return Number(out);
  };
  expect(await loaded({})).toBe(0);
  expect(await loaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toBeGreaterThan(0);
}, 30_000);

run('a built subgraph exports its spans over OTLP, in the trace of the traceparent it was called with', async () => {
  const { createServer } = await import('node:http');
  const received: string[] = [];
  const collector = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.url === '/v1/traces') received.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const collectorPort = (collector.address() as import('node:net').AddressInfo).port;
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dataDir = mkdtempSync(join(tmpdir(), 'ceg-otel-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [librariesMain], {
    cwd: root,
    env: { PATH: process.env.PATH!, DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', LIBRARIES_PORT: String(port), SUBGRAPH_SECRET: 'otel-test', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    stdio: 'ignore',
  });
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error('libraries did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-subgraph-secret': 'otel-test', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: '{ branches(first: 1) { totalCount } }' }),
    });
    expect(res.status).toBe(200);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM'); // shutdown flushes the batch
    await exited;
    const spans = received.flatMap((b) => JSON.parse(b).resourceSpans ?? []);
    const services = spans.map((rs: any) => rs.resource.attributes.find((a: any) => a.key === 'service.name')?.value.stringValue);
    expect(new Set(services)).toEqual(new Set(['libraries']));
    const inTrace = spans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)).filter((s: any) => s.traceId === traceId);
    expect(inTrace.map((s: any) => s.name)).toEqual(expect.arrayContaining(['POST /graphql', 'query']));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    collector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
