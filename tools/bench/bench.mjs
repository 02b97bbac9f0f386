#!/usr/bin/env node
// `npm run bench`: starts the graph (every subgraph and the gateway in its own
// process, from their builds, NODE_ENV=production, demo data on a fresh SQLite
// folder or on MySQL/MariaDB with --database), drives each scenario with
// autocannon from a separate process (tools/bench/load.mjs), and reports per
// scenario: requests per second, p50/p99 latency, the server CPU time per
// request (from /proc/<pid>/stat of the gateway and of the subgraphs), SQL
// statements per request, and every process's resident memory once started and
// afterwards. One connection: `branches(first: 20)` one request at a time via the
// gateway and directly to the libraries subgraph (tools/bench/serial.mjs), for
// the latency the gateway adds. Prints a markdown table and writes the same
// figures as JSON.
//
//   npm run bench                         # 10 s per scenario, 2 alternating rounds
//   npm run bench -- --quick              # a few seconds in all (what CI runs)
//   npm run bench -- --database mysql://root@127.0.0.1:3306 --base-port 4350
//   npm run bench -- --only branches,branch-page --seconds 20 --connections 10
//   npm run bench -- --database … --database-prefix perf_large --consortium LARGE --plain-sql [--plain-sql-of programs]
//                                         # consortium aggregates against the plain SQL (see README, A large consortium)
//   npm run bench -- --hive               # also Hive Gateway on the same supergraph (needs @graphql-hive/gateway)
//   npm run bench -- --cpu-prof DIR       # the gateway and every subgraph write a V8 CPU profile to DIR on exit
//   npm run bench -- --node-arg=--max-semi-space-size=4   # a Node/V8 flag for every process of the graph
//
// Linux only for the CPU and memory columns (/proc); elsewhere they are empty.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, root } from '../build.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    database: { type: 'string' },
    'base-port': { type: 'string' },
    json: { type: 'string', default: join(root, 'tmp/bench/result.json') },
    hive: { type: 'boolean', default: false },
    burst: { type: 'string' },
    seats: { type: 'string' },
    'cpu-prof': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'keep-data': { type: 'boolean', default: false },
    env: { type: 'string', multiple: true },
    'node-arg': { type: 'string', multiple: true },
    'database-prefix': { type: 'string' },
    consortium: { type: 'string' },
    'plain-sql': { type: 'boolean', default: false },
    'plain-sql-runs': { type: 'string' },
    'plain-sql-of': { type: 'string', default: 'feedback,programs' },
    branch: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const quick = args.quick;
const seconds = Number(args.seconds ?? (quick ? 1 : 10));
const connections = Number(args.connections);
const rounds = Number(args.rounds ?? (quick ? 1 : 2));
const burst = Number(args.burst ?? (quick ? 50 : 1000));
const seats = Number(args.seats ?? (quick ? 5 : 100));
const only = args.only ? new Set(args.only.split(',')) : undefined;

if (!args['no-build']) {
  console.error('Building…');
  build();
}
const require = createRequire(join(root, 'package.json'));
const { COMPOSED_SUBGRAPHS, NODE_FLAGS, SUBGRAPHS } = require(join(root, 'libs/config/dist/index.js'));
const { signToken } = require(join(root, 'libs/auth/dist/index.js'));
const { DEMO_BRANCHES, DEMO_CONSORTIA } = require(join(root, 'libs/demo-data/dist/index.js'));

const SECRET = `bench-${randomBytes(24).toString('hex')}`;
const METRICS_TOKEN = `metrics-${randomBytes(12).toString('hex')}`;
const dataDir = args['data-dir'] ? resolve(args['data-dir']) : mkdtempSync(join(tmpdir(), 'ceg-bench-'));
const prefix = args['database-prefix'] ?? `ceg_bench_${randomBytes(3).toString('hex')}`;
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

let nextPort = args['base-port'] ? Number(args['base-port']) : undefined;
const port = async () => (nextPort !== undefined ? nextPort++ : freePort());

// ---- processes ----------------------------------------------------------------------------------

const children = [];
const env = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  JWT_SECRET: SECRET,
  SUBGRAPH_SECRET: SECRET,
  METRICS_TOKEN,
  DATA_DIR: dataDir,
  DATABASE_URL: args.database ? `${args.database.replace(/\/$/, '')}/${prefix}` : '',
  // signed-in callers of the bench never run out of budget: the cost is computed and taken as always
  RATE_LIMIT_SIGNED_IN_POINTS: '1000000000',
  // --env KEY=VALUE (repeatable): e.g. GATEWAY_MERGE_READS=false to measure without a feature
  ...Object.fromEntries((args.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
};
const services = {};
for (const name of COMPOSED_SUBGRAPHS) {
  const p = await port();
  services[name] = { name, port: p, script: join(root, `apps/${name}/dist/main.js`) };
  env[SUBGRAPHS[name].portVariable] = String(p);
  env[SUBGRAPHS[name].urlVariable] = `http://127.0.0.1:${p}/graphql`;
}
services.gateway = { name: 'gateway', port: await port(), script: join(root, 'apps/gateway/dist/main.js') };
env.GATEWAY_PORT = String(services.gateway.port);
const hivePort = await port();

// --node-arg=FLAG (repeatable): a Node/V8 flag for every process of the graph, e.g. --node-arg=--max-semi-space-size=4,
// after the flags the graph always runs with (NODE_FLAGS, as `npm start` and the Dockerfile): the later one wins,
// e.g. --node-arg=--heap-growing-percent=0 for V8's own heap growth. Hive Gateway gets --node-arg only.
const nodeArgs = args['node-arg'] ?? [];

function launch(service, extraArgs = [], extraEnv = {}, defaults = NODE_FLAGS) {
  const child = spawn(process.execPath, [...defaults, ...nodeArgs, ...extraArgs, service.script], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${service.name} exited (${signal ?? code}): ${stderr}`);
  });
  service.child = child;
  service.pid = child.pid;
  children.push(child);
}

async function waitHealthy(p, ms) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${p}/health`)).ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`port ${p} not healthy after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let stopping = false;
async function stopAll() {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => { const t = setTimeout(() => { c.kill('SIGKILL'); r(); }, 15000); c.once('exit', () => { clearTimeout(t); r(); }); }))));
  if (!args['keep-data'] && !args['data-dir']) rmSync(dataDir, { recursive: true, force: true });
  if (args.database && !args['keep-data'] && !args['database-prefix']) {
    const { dropMysqlDatabase } = require(join(root, 'libs/persistence/dist/index.js'));
    for (const name of COMPOSED_SUBGRAPHS) await dropMysqlDatabase(env.DATABASE_URL, name).catch(() => {});
  }
}
process.on('SIGINT', () => stopAll().then(() => process.exit(130)));

// ---- /proc ---------------------------------------------------------------------------------------

function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime + stime
  } catch {
    return NaN;
  }
}
function rssMb(pid, field = 'VmRSS') {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function nodeFlagsOf(pid) {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.slice(1, argv.findIndex((a, i) => i > 0 && !a.startsWith('-')));
  } catch {
    return undefined;
  }
}

async function statements(name) {
  const res = await fetch(`http://127.0.0.1:${services[name].port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const m = /^db_statements_total(?:\{[^}]*\})? (\d+)/m.exec(await res.text());
  return m ? Number(m[1]) : NaN;
}
const subgraphNames = () => COMPOSED_SUBGRAPHS.filter((n) => services[n].pid);
async function allStatements() {
  let total = 0;
  for (const n of subgraphNames()) total += await statements(n);
  return total;
}

// ---- load ----------------------------------------------------------------------------------------

function load(job) {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(root, 'tools/bench/load.mjs'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => {
      try {
        const r = JSON.parse(out.trim().split('\n').pop());
        if (r.error) rej(new Error(r.error));
        else res(r);
      } catch {
        rej(new Error(`load generator exited with ${code}: ${out}`));
      }
    });
  });
}

async function post(portNo, body, headers = {}) {
  const res = await fetch(`http://127.0.0.1:${portNo}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

// ---- scenarios -----------------------------------------------------------------------------------

// The demo consortium's by default; --consortium/--branch name others (e.g. the large seed's, with --database-prefix or --data-dir).
const consortium = { code: args.consortium ?? DEMO_CONSORTIA[0].code };
const branch = args.branch ? { code: args.branch, id: undefined } : { code: DEMO_BRANCHES[0].code, id: DEMO_BRANCHES[0].id };
const analyst = await signToken({ sub: 'bench-analyst', roles: ['ANALYST'] }, { secret: SECRET }, '2h');
let staff;
const asAnalyst = { authorization: `Bearer ${analyst}` };
const direct = { ...asAnalyst, 'x-subgraph-secret': SECRET };

const BRANCHES = '{ branches(first: 20) { totalCount nodes { code name address { city } } } }';
const BRANCH_PAGE = `query BranchPage($code: String!) {
  branch(code: $code) {
    name address { line1 city postalCode } servicePopulation system { name }
    upcomingSessions(first: 5) { nodes { startsAt location seatsAvailable program { title ageGroup } } }
    feedback(first: 5) { nodes { subject status voteCount responses { body } } }
    partnerships { title status partner { name } }
    latestAccessibilityAudit { auditedOn score }
  }
}`;
const AGGREGATE = `query ConsortiumFeedback($code: String!, $from: DateTime!, $to: DateTime!) {
  consortium(code: $code) {
    feedbackAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH, filter: { submittedFrom: $from, submittedTo: $to }) { totals { count } groups { key { branch { id } period } measures { count openCount } } }
  }
}`;
// Ten years up to today (midnight UTC): the range the consortium aggregate is asked for.
const aggregateTo = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
const aggregateFrom = new Date(Date.UTC(aggregateTo.getUTCFullYear() - 10, aggregateTo.getUTCMonth(), aggregateTo.getUTCDate()));
const aggregateVariables = { code: consortium.code, from: aggregateFrom.toISOString(), to: aggregateTo.toISOString() };
const programsQuery = (n) => `{ programs(first: ${n}) { nodes { title branch { code name } partnerships { title partner { name } } } } }`;

/** Each scenario: what is sent where, and what a right answer contains. */
const scenarios = [
  { id: 'branches', title: '`branches(first: 20)`', targets: ['direct', 'gateway', 'hive'], body: { query: BRANCHES }, expect: '"nodes"' },
  { id: 'branch-page', title: 'a branch page, all five subgraphs', targets: ['gateway', 'hive'], body: { query: BRANCH_PAGE, variables: { code: branch.code } }, expect: '"latestAccessibilityAudit"' },
  { id: 'consortium-aggregate', title: '`consortium.feedbackAggregate(groupBy: [BRANCH, PERIOD])`', targets: ['gateway'], body: { query: AGGREGATE, variables: aggregateVariables }, expect: '"groups"', maxConnections: 4 },
  { id: 'programs-n+1', title: '20 programs with `branch` and `partnerships`', targets: ['gateway', 'hive'], body: { query: programsQuery(20) }, expect: '"nodes"' },
].filter((s) => !only || only.has(s.id));
const ONE_CONNECTION_TITLE = '`branches(first: 20)`, one connection, one request at a time';

const rows = [];
const result = { startedAt: new Date().toISOString(), machine: machine(), options: { quick, seconds, connections, rounds, database: args.database ? 'mysql' : 'sqlite', nodeFlags: NODE_FLAGS, nodeArgs, env: args.env ?? [] }, scenarios: rows, memory: {}, notes: [] };

function machine() {
  let cpu = '';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
  } catch {
    /* not Linux */
  }
  let loadavg = '';
  try {
    loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    /* not Linux */
  }
  return { node: process.version, cpus: (globalThis.navigator?.hardwareConcurrency ?? 0) || undefined, cpu, loadavg };
}

async function measure(scenario, target, portNo, pids, headers) {
  const jobConnections = Math.min(connections, scenario.maxConnections ?? connections);
  const job = { url: `http://127.0.0.1:${portNo}/graphql`, body: JSON.stringify(scenario.body), headers, connections: jobConnections, seconds, expect: scenario.expect };
  // warm-up: plans, caches, JIT
  await load({ ...job, seconds: quick ? 1 : 2 });
  const sqlBefore = await allStatements();
  const before = Object.fromEntries(pids.map(([n, pid]) => [n, cpuMs(pid)]));
  const r = await load(job);
  const after = Object.fromEntries(pids.map(([n, pid]) => [n, cpuMs(pid)]));
  const sqlAfter = await allStatements();
  const cpu = Object.fromEntries(pids.map(([n]) => [n, (after[n] - before[n]) / Math.max(1, r.requests)]));
  const front = target === 'direct' ? 'libraries' : target;
  const row = {
    scenario: scenario.id,
    target,
    connections: jobConnections,
    requests: r.requests,
    rps: r.rps,
    p50: r.p50,
    p99: r.p99,
    errors: r.errors + r.non2xx + r.bad,
    firstBad: r.firstBad,
    frontCpuMsPerRequest: cpu[front],
    subgraphCpuMsPerRequest: COMPOSED_SUBGRAPHS.reduce((s, n) => s + (cpu[n] ?? 0), 0) - (target === 'direct' ? cpu.libraries : 0),
    sqlPerRequest: (sqlAfter - sqlBefore) / Math.max(1, r.requests),
    cpuMsPerRequestByProcess: cpu,
    // resident memory of each process right after this run (MB): which scenario makes a process grow
    rssAfterMb: Object.fromEntries(pids.map(([n, pid]) => [n, rssMb(pid)])),
  };
  rows.push(row);
  console.error(`  ${scenario.id} via ${target}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.frontCpuMsPerRequest.toFixed(2)} ms CPU/req${row.errors ? `, ${row.errors} errors (${row.firstBad ?? ''})` : ''}`);
  return row;
}

/**
 * One connection, one request at a time: `branches(first: 20)` directly to the libraries subgraph and via
 * the gateway, in alternating batches; p50 of each and what the gateway adds. Nothing merges here (one
 * request in flight), so this is the gateway's own latency: cost, budget, plan, the subgraph call, shaping.
 */
async function oneConnection() {
  const body = JSON.stringify({ query: BRANCHES });
  const job = {
    targets: [
      { name: 'direct', url: `http://127.0.0.1:${services.libraries.port}/graphql`, headers: direct },
      { name: 'gateway', url: `http://127.0.0.1:${services.gateway.port}/graphql`, headers: asAnalyst },
    ],
    body,
    seconds,
    batch: quick ? 20 : 100,
    warmup: quick ? 20 : 200,
    expect: '"nodes"',
  };
  const r = await new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(root, 'tools/bench/serial.mjs'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => {
      try {
        const parsed = JSON.parse(out.trim().split('\n').pop());
        if (parsed.error) rej(new Error(parsed.error));
        else res(parsed);
      } catch {
        rej(new Error(`one-connection generator exited with ${code}: ${out}`));
      }
    });
  });
  for (const target of ['direct', 'gateway']) {
    const t = r[target];
    rows.push({ scenario: 'one-connection', target, connections: 1, requests: t.requests, rps: t.rps, p50: t.p50, p99: t.p99, errors: t.errors, firstBad: t.firstBad, frontCpuMsPerRequest: NaN, subgraphCpuMsPerRequest: NaN, sqlPerRequest: NaN });
  }
  return { direct: r.direct, gateway: r.gateway, addedP50Ms: r.gateway.p50 - r.direct.p50 };
}

/** SQL statements per request for one page size (sequential requests, nothing else running). */
async function statementsForPageSize(n) {
  const body = { query: programsQuery(n) };
  await post(services.gateway.port, body, asAnalyst);
  const before = await allStatements();
  const times = quick ? 3 : 10;
  for (let i = 0; i < times; i++) {
    const r = await post(services.gateway.port, body, asAnalyst);
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
  }
  return { pageSize: n, statementsPerRequest: ((await allStatements()) - before) / times };
}

/** `burst` patrons register at once for a session with `seats` seats; clients retry a refusal after Retry-After. */
async function registrationBurst() {
  const gw = services.gateway.port;
  const staffH = { authorization: `Bearer ${staff}` };
  const created = await post(gw, { query: 'mutation($i: CreateProgramInput!) { createProgram(input: $i) { program { id } userErrors { message } } }', variables: { i: { branchId: branch.id, title: 'Bench burst', description: 'Registration burst of the benchmark.', serviceArea: 'DIGITAL_LEARNING', ageGroup: 'ADULTS', format: 'ONSITE' } } }, staffH);
  const programId = created.body.data.createProgram.program.id;
  await post(gw, { query: 'mutation($i: UpdateProgramInput!) { updateProgram(input: $i) { userErrors { message } } }', variables: { i: { programId, status: 'PUBLISHED' } } }, staffH);
  const startsAt = new Date(Date.now() + 48 * 3600_000).toISOString();
  const endsAt = new Date(Date.now() + 49 * 3600_000).toISOString();
  const scheduled = await post(gw, { query: 'mutation($i: ScheduleSessionInput!) { scheduleSession(input: $i) { session { id } userErrors { message } } }', variables: { i: { programId, startsAt, endsAt, location: 'Room B', capacity: seats } } }, staffH);
  const sessionId = scheduled.body.data.scheduleSession.session.id;
  const tokens = await Promise.all(Array.from({ length: burst }, (_, i) => signToken({ sub: `bench-patron-${i}`, roles: ['PATRON'] }, { secret: SECRET }, '2h')));
  const job = { port: gw, sessionId, tokens };
  const pids = [['gateway', services.gateway.pid], ['programs', services.programs.pid]];
  const before = Object.fromEntries(pids.map(([n, pid]) => [n, cpuMs(pid)]));
  const r = await new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(root, 'tools/bench/burst.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', () => {
      try {
        res(JSON.parse(out));
      } catch {
        rej(new Error(`burst generator: ${out}`));
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
  const after = Object.fromEntries(pids.map(([n, pid]) => [n, cpuMs(pid)]));
  const state = await post(gw, { query: 'query($id: ID!) { programSession(id: $id) { registeredCount waitlistCount registrations(first: 100) { totalCount } } }', variables: { id: sessionId } }, staffH);
  // the waitlist's order: positions 1..n with registeredAt ascending
  const waitlist = await waitlistInOrder(sessionId, staffH);
  const s = state.body.data.programSession;
  return {
    patrons: burst,
    seats,
    seconds: r.seconds,
    registrationsPerSecond: burst / r.seconds,
    retries: r.retries,
    unknownOutcomes: r.unknownOutcomes,
    failed: r.failed,
    failures: r.failures,
    confirmed: r.confirmed,
    waitlisted: r.waitlisted,
    registeredCount: s.registeredCount,
    waitlistCount: s.waitlistCount,
    // what the database holds, whatever each client was told
    exactlySeatsConfirmed: s.registeredCount === seats && s.waitlistCount === burst - seats,
    waitlistInArrivalOrder: waitlist,
    gatewayCpuMsPerRegistration: (after.gateway - before.gateway) / burst,
    programsCpuMsPerRegistration: (after.programs - before.programs) / burst,
  };
}

async function waitlistInOrder(sessionId, headers) {
  const rowsSeen = [];
  let after = null;
  for (;;) {
    const r = await post(services.gateway.port, { query: 'query($id: ID!, $after: String) { programSession(id: $id) { registrations(first: 100, after: $after) { nodes { status waitlistPosition registeredAt } pageInfo { hasNextPage endCursor } } } }', variables: { id: sessionId, after } }, headers);
    const page = r.body.data?.programSession?.registrations;
    if (!page) return null;
    rowsSeen.push(...page.nodes.filter((n) => n.status === 'WAITLISTED'));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  rowsSeen.sort((a, b) => a.waitlistPosition - b.waitlistPosition);
  return rowsSeen.every((n, i) => n.waitlistPosition === i + 1 && (i === 0 || rowsSeen[i - 1].registeredAt <= n.registeredAt));
}

/**
 * --plain-sql (MySQL/MariaDB): the consortium aggregate's numbers computed by one hand-written statement
 * straight on the feedback database, and the same aggregate through the gateway, each run one at a time
 * (alternating, `times` each); medians, and whether both give the same totals.
 */
async function plainSqlComparison(times) {
  const mysql = require('mysql2/promise');
  const base = new URL(env.DATABASE_URL);
  const conn = await mysql.createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password), database: `${prefix}_feedback`, timezone: 'Z' });
  try {
    const { id: consortiumId, branchIds: branchRows } = (await post(services.gateway.port, { query: 'query($c: String!) { consortium(code: $c) { id branchIds } }', variables: { c: consortium.code } }, asAnalyst)).body.data.consortium;
    const [from, to] = [aggregateFrom, aggregateTo];
    const sql = `SELECT f.branchId AS k0, DATE_FORMAT(f.submittedAt, '%Y-%m-01') AS k1, COUNT(*) AS n,
      SUM(CASE WHEN f.status IN ('RECEIVED', 'ACKNOWLEDGED', 'IN_PROGRESS') THEN 1 ELSE 0 END) AS openN,
      SUM(CASE WHEN f.status = 'RESOLVED' THEN 1 ELSE 0 END) AS resolvedN, SUM(CASE WHEN f.status = 'DECLINED' THEN 1 ELSE 0 END) AS declinedN,
      SUM(f.rating) AS ratingSum, COUNT(f.rating) AS ratingN,
      SUM(TIMESTAMPDIFF(SECOND, f.submittedAt, f.acknowledgedAt) / 3600.0) AS ackSum, COUNT(f.acknowledgedAt) AS ackN,
      SUM(TIMESTAMPDIFF(SECOND, f.submittedAt, f.resolvedAt) / 3600.0) AS resSum, COUNT(f.resolvedAt) AS resN
      FROM feedback f WHERE f.branchId IN (?) AND f.submittedAt >= ? AND f.submittedAt < ? GROUP BY k0, k1 ORDER BY k0, k1`;
    // The same numbers from the feedback subgraph's daily rollup (apps/feedback/src/rollup.ts), when it has one: the range is whole UTC days.
    const [[{ rolled }]] = await conn.query("SELECT COUNT(*) AS rolled FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'feedback_daily'");
    // As the subgraph sends it: MariaDB keeps the 1,000 ids an IN list (apps/feedback/src/aggregates.ts `grouped`).
    const rollupSql = `/*M!100400 SET STATEMENT in_predicate_conversion_threshold=0 FOR */ SELECT f.branchId AS k0, DATE_FORMAT(f.month, '%Y-%m-%d') AS k1, SUM(f.n) AS n,
      SUM(CASE WHEN f.status IN ('RECEIVED', 'ACKNOWLEDGED', 'IN_PROGRESS') THEN f.n ELSE 0 END) AS openN,
      SUM(CASE WHEN f.status = 'RESOLVED' THEN f.n ELSE 0 END) AS resolvedN, SUM(CASE WHEN f.status = 'DECLINED' THEN f.n ELSE 0 END) AS declinedN,
      SUM(f.ratingSum) AS ratingSum, SUM(f.ratingN) AS ratingN, SUM(f.ackMs) / 3.6e6 AS ackSum, SUM(f.ackN) AS ackN, SUM(f.resMs) / 3.6e6 AS resSum, SUM(f.resN) AS resN
      FROM feedback_daily f WHERE f.moderationState <> 'MERGED' AND f.branchId IN (?) AND f.day >= ? AND f.day < ? GROUP BY f.branchId, f.month ORDER BY k0`;
    const day = (d) => d.toISOString().slice(0, 10);
    // The subgraph alone (what the gateway sends it: the consortium's entity with its branchIds), to tell its time from the gateway's.
    const ENTITY = `query($r: [_Any!]!, $from: DateTime!, $to: DateTime!) { _entities(representations: $r) { ... on Consortium {
      feedbackAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH, filter: { submittedFrom: $from, submittedTo: $to }) { totals { count } groups { key { branch { id } period } measures { count openCount } } } } } }`;
    const entityBody = { query: ENTITY, variables: { r: [{ __typename: 'Consortium', id: consortiumId, branchIds: branchRows }], from: aggregateVariables.from, to: aggregateVariables.to } };
    // The same with the totals only: the subgraph's statement and its summing, without shaping and sending the groups.
    const totalsBody = { ...entityBody, query: ENTITY.replace(/ groups \{.*\} \} \} \} \} \}$/s, ' } } } }') };
    const sqlMs = [];
    const rollupMs = [];
    const subgraphMs = [];
    const totalsMs = [];
    const graphMs = [];
    let sqlTotal = 0;
    let rollupTotal = null;
    let subgraphTotal = 0;
    let graphTotal = 0;
    let groups = 0;
    for (let i = 0; i < times; i++) {
      let t = performance.now();
      const [rowsOut] = await conn.query(sql, [branchRows, from, to]);
      sqlMs.push(performance.now() - t);
      sqlTotal = rowsOut.reduce((s, r) => s + Number(r.n), 0);
      if (Number(rolled) > 0) {
        t = performance.now();
        const [rolledOut] = await conn.query(rollupSql, [branchRows, day(from), day(to)]);
        rollupMs.push(performance.now() - t);
        rollupTotal = rolledOut.reduce((s, r) => s + Number(r.n), 0);
      }
      t = performance.now();
      const sub = await post(services.feedback.port, entityBody, direct);
      subgraphMs.push(performance.now() - t);
      if (sub.body.errors) throw new Error(`aggregate from the subgraph: ${JSON.stringify(sub.body.errors).slice(0, 400)}`);
      subgraphTotal = sub.body.data._entities[0].feedbackAggregate.totals.count;
      t = performance.now();
      const totalsOnly = await post(services.feedback.port, totalsBody, direct);
      totalsMs.push(performance.now() - t);
      if (totalsOnly.body.errors || totalsOnly.body.data._entities[0].feedbackAggregate.totals.count !== subgraphTotal) throw new Error(`totals from the subgraph: ${JSON.stringify(totalsOnly.body).slice(0, 400)}`);
      t = performance.now();
      const r = await post(services.gateway.port, { query: AGGREGATE, variables: aggregateVariables }, asAnalyst);
      graphMs.push(performance.now() - t);
      if (r.body.errors) throw new Error(`aggregate through the gateway: ${JSON.stringify(r.body.errors).slice(0, 400)}`);
      graphTotal = r.body.data.consortium.feedbackAggregate.totals.count;
      groups = r.body.data.consortium.feedbackAggregate.groups.length;
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return {
      rows: sqlTotal, groups, sameTotals: sqlTotal === graphTotal && subgraphTotal === graphTotal && (rollupTotal === null || rollupTotal === graphTotal), graphTotal,
      plainSqlMs: median(sqlMs), rollupSqlMs: rollupMs.length ? median(rollupMs) : null, subgraphMs: median(subgraphMs), subgraphTotalsOnlyMs: median(totalsMs), graphMs: median(graphMs), ratio: median(graphMs) / median(sqlMs),
      ratioToRollupSql: rollupMs.length ? median(graphMs) / median(rollupMs) : null, runs: times,
    };
  } finally {
    await conn.end();
  }
}

/**
 * --plain-sql (MySQL/MariaDB), programs: consortium `programAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH)`
 * over the same ten years against one hand-written statement computing the same numbers from the sessions,
 * registrations and answer sheets (what every measure of the aggregate sums, per branch and month), the
 * statement over the monthly tallies alone, and the programs subgraph called directly.
 */
async function programsPlainSqlComparison(times) {
  const mysql = require('mysql2/promise');
  require('reflect-metadata'); // tally.js reaches the subgraph's decorated types
  const { TALLY_MEASURES } = require(join(root, 'apps/programs/dist/tally.js'));
  const base = new URL(env.DATABASE_URL);
  const conn = await mysql.createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password), database: `${prefix}_programs`, timezone: 'Z' });
  try {
    const { id: consortiumId, branchIds: branchRows } = (await post(services.gateway.port, { query: 'query($c: String!) { consortium(code: $c) { id branchIds } }', variables: { c: consortium.code } }, asAnalyst)).body.data.consortium;
    const [from, to] = [aggregateFrom, aggregateTo];
    const sums = TALLY_MEASURES.map((m) => `SUM(${m.sql}) AS \`${m.name}\``).join(', ');
    const sql = `/*M!100400 SET STATEMENT in_predicate_conversion_threshold=0 FOR */ SELECT s.branchId AS k0, DATE_FORMAT(s.startsAt, '%Y-%m-01') AS k1, COUNT(DISTINCT s.programId) AS programCount, ${sums}
      FROM program_session s INNER JOIN program p ON p.id = s.programId
      LEFT JOIN (SELECT r.sessionId, SUM(CASE WHEN r.status <> 'CANCELLED' THEN 1 ELSE 0 END) AS live, SUM(CASE WHEN r.status IN ('CONFIRMED', 'ATTENDED') THEN 1 ELSE 0 END) AS held,
        SUM(CASE WHEN r.status = 'ATTENDED' THEN 1 ELSE 0 END) AS attended, SUM(CASE WHEN r.status = 'NO_SHOW' THEN 1 ELSE 0 END) AS noShow FROM registration r GROUP BY r.sessionId) rc ON rc.sessionId = s.id
      LEFT JOIN (SELECT o.sessionId, COUNT(*) AS responses, SUM(o.recordKey) AS responsesKey,
        ${['knowledge', 'confidence', 'application', 'awareness'].map((m) => `SUM(CASE WHEN o.${m} IS NOT NULL THEN 1 ELSE 0 END) AS ${m}N, SUM(CASE WHEN o.${m} IS NOT NULL THEN o.recordKey ELSE 0 END) AS ${m}NKey, SUM(CASE WHEN o.${m} >= 4 THEN 1 ELSE 0 END) AS ${m}Agree, SUM(CASE WHEN o.${m} >= 4 THEN o.recordKey ELSE 0 END) AS ${m}AgreeKey`).join(', ')}
        FROM outcome_response o WHERE o.surveyType = 'IMMEDIATE' GROUP BY o.sessionId) oc ON oc.sessionId = s.id
      WHERE s.status <> 'CANCELLED' AND s.branchId IN (?) AND s.startsAt >= ? AND s.startsAt < ? GROUP BY k0, k1 ORDER BY k0, k1`;
    const monthlySql = `/*M!100400 SET STATEMENT in_predicate_conversion_threshold=0 FOR */ SELECT m.branchId AS k0, DATE_FORMAT(m.month, '%Y-%m-01') AS k1, COUNT(DISTINCT m.programId) AS programCount,
      ${TALLY_MEASURES.map((m) => `SUM(m.\`${m.name}\`) AS \`${m.name}\``).join(', ')} FROM program_monthly m WHERE m.branchId IN (?) AND m.month >= ? AND m.month < ? GROUP BY m.branchId, m.month ORDER BY k0`;
    const QUERY = `query ConsortiumPrograms($code: String!, $from: DateTime!, $to: DateTime!) { consortium(code: $code) {
      programAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH, from: $from, to: $to) { totals { sessionCount } groups { key { branch { id } period } measures { programCount sessionCount attendance registrationCount } } } } }`;
    const ENTITY = `query($r: [_Any!]!, $from: DateTime!, $to: DateTime!) { _entities(representations: $r) { ... on Consortium {
      programAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH, from: $from, to: $to) { totals { sessionCount } groups { key { branch { id } period } measures { programCount sessionCount attendance registrationCount } } } } } }`;
    const entityBody = { query: ENTITY, variables: { r: [{ __typename: 'Consortium', id: consortiumId, branchIds: branchRows }], from: aggregateVariables.from, to: aggregateVariables.to } };
    const ms = { plain: [], monthly: [], subgraph: [], graph: [] };
    let sqlTotal = 0;
    let graphTotal = 0;
    let subgraphTotal = 0;
    let groups = 0;
    const month = (d) => d.toISOString().slice(0, 10);
    for (let i = 0; i < times; i++) {
      let t = performance.now();
      const [rowsOut] = await conn.query(sql, [branchRows, from, to]);
      ms.plain.push(performance.now() - t);
      sqlTotal = rowsOut.reduce((n, r) => n + Number(r.sessionCount), 0);
      t = performance.now();
      await conn.query(monthlySql, [branchRows, month(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1))), month(new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1)))]);
      ms.monthly.push(performance.now() - t);
      t = performance.now();
      const sub = await post(services.programs.port, entityBody, direct);
      ms.subgraph.push(performance.now() - t);
      if (sub.body.errors) throw new Error(`programs aggregate from the subgraph: ${JSON.stringify(sub.body.errors).slice(0, 400)}`);
      subgraphTotal = sub.body.data._entities[0].programAggregate.totals.sessionCount;
      t = performance.now();
      const r = await post(services.gateway.port, { query: QUERY, variables: aggregateVariables }, asAnalyst);
      ms.graph.push(performance.now() - t);
      if (r.body.errors) throw new Error(`programs aggregate through the gateway: ${JSON.stringify(r.body.errors).slice(0, 400)}`);
      graphTotal = r.body.data.consortium.programAggregate.totals.sessionCount;
      groups = r.body.data.consortium.programAggregate.groups.length;
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return {
      sessions: sqlTotal, groups, sameTotals: sqlTotal === graphTotal && subgraphTotal === graphTotal, graphTotal, runs: times,
      plainSqlMs: median(ms.plain), monthlySqlMs: median(ms.monthly), subgraphMs: median(ms.subgraph), graphMs: median(ms.graph), ratio: median(ms.graph) / median(ms.plain),
    };
  } finally {
    await conn.end();
  }
}

// ---- run -----------------------------------------------------------------------------------------

const hiveWanted = args.hive && scenarios.some((s) => s.targets.includes('hive'));
let hive;
try {
  console.error(`Starting the graph (${args.database ? 'MySQL/MariaDB' : 'SQLite'}, data ${args.database ? prefix : dataDir})…`);
  const t0 = Date.now();
  const profArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args['cpu-prof'])}`] : [];
  for (const name of COMPOSED_SUBGRAPHS) launch(services[name], profArgs);
  await Promise.all(COMPOSED_SUBGRAPHS.map((n) => waitHealthy(services[n].port, 180_000)));
  launch(services.gateway, profArgs);
  await waitHealthy(services.gateway.port, 60_000);
  result.startupSeconds = (Date.now() - t0) / 1000;
  if (hiveWanted) hive = await startHive();
  branch.id ??= (await post(services.gateway.port, { query: 'query($c: String!) { branch(code: $c) { id } }', variables: { c: branch.code } }, asAnalyst)).body.data?.branch?.id;
  if (!branch.id) throw new Error(`no branch ${branch.code}`);
  staff = await signToken({ sub: 'bench-staff', roles: ['STAFF'], branchIds: [branch.id] }, { secret: SECRET }, '2h');

  const pids = [...COMPOSED_SUBGRAPHS.map((n) => [n, services[n].pid]), ['gateway', services.gateway.pid], ...(hive ? [['hive', hive.pid]] : [])];
  // Resident memory once started and idle (a moment after the last health check), before any load.
  await new Promise((r) => setTimeout(r, quick ? 500 : 3000));
  result.memoryAtStart = Object.fromEntries(pids.map(([n, pid]) => [n, rssMb(pid)]));
  // What each process was started with, as the kernel shows it: the Node/V8 flags before the script.
  result.nodeFlagsByProcess = Object.fromEntries(pids.map(([n, pid]) => [n, nodeFlagsOf(pid)]));
  for (let round = 1; round <= rounds; round++) {
    console.error(`Round ${round} of ${rounds}`);
    for (const scenario of scenarios) {
      for (const target of scenario.targets) {
        if (target === 'hive' && !hive) continue;
        const portNo = target === 'direct' ? services.libraries.port : target === 'hive' ? hivePort : services.gateway.port;
        await measure(scenario, target, portNo, pids, target === 'direct' ? direct : asAnalyst);
      }
    }
  }
  if (args['plain-sql'] && args.database) {
    // --plain-sql-of feedback,programs (the default): which consortium aggregates to compare.
    const of = new Set(args['plain-sql-of'].split(','));
    if (of.has('feedback')) {
      result.plainSql = await plainSqlComparison(Number(args['plain-sql-runs'] ?? (quick ? 1 : 3)));
      console.error(`  consortium aggregate, one at a time: ${JSON.stringify(result.plainSql)}`);
    }
    if (of.has('programs')) {
      result.programsPlainSql = await programsPlainSqlComparison(Number(args['plain-sql-runs'] ?? (quick ? 1 : 3)));
      console.error(`  consortium programs aggregate, one at a time: ${JSON.stringify(result.programsPlainSql)}`);
    }
  }
  if (!only || only.has('one-connection')) {
    result.oneConnection = await oneConnection();
    result.rssAfterOneConnectionMb = Object.fromEntries(pids.map(([n, pid]) => [n, rssMb(pid)]));
    console.error(`  one connection: p50 direct ${result.oneConnection.direct.p50.toFixed(2)} ms, via the gateway ${result.oneConnection.gateway.p50.toFixed(2)} ms: ${result.oneConnection.addedP50Ms.toFixed(2)} ms added`);
  }
  if (!only || only.has('page-size')) {
    result.pageSizes = [await statementsForPageSize(10), await statementsForPageSize(100)];
    console.error(`  SQL statements per request: ${result.pageSizes.map((p) => `${p.statementsPerRequest} for ${p.pageSize} programs`).join(', ')}`);
  }
  if (!only || only.has('registration-burst')) {
    result.registrationBurst = await registrationBurst();
    result.registrationBurst.rssAfterMb = Object.fromEntries(pids.map(([n, pid]) => [n, rssMb(pid)]));
    console.error(`  registration burst: ${JSON.stringify(result.registrationBurst)}`);
  }
  for (const [n, pid] of pids) result.memory[n] = rssMb(pid);
  // The most each process was resident at any moment of the run (the kernel's high-water mark).
  result.memoryPeak = Object.fromEntries(pids.map(([n, pid]) => [n, rssMb(pid, 'VmHWM')]));
  result.finishedAt = new Date().toISOString();
  result.machine.loadavgAtEnd = machine().loadavg;
} finally {
  await stopAll();
}

// ---- report --------------------------------------------------------------------------------------

const f = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');
const lines = [];
lines.push(`Benchmark ${result.startedAt}, Node ${process.version}, ${result.machine.cpu || 'unknown CPU'}, load average ${result.machine.loadavg} → ${result.machine.loadavgAtEnd}`);
lines.push(`${result.options.database}, ${connections} connections, ${seconds} s per run, ${rounds} round(s), the graph's processes with ${[...NODE_FLAGS, ...nodeArgs].join(' ')}${args.env?.length ? `, ${args.env.join(' ')}` : ''}; figures are the mean of the rounds.`);
lines.push('');
lines.push('| scenario | via | req/s | p50 ms | p99 ms | front CPU ms/req | subgraphs CPU ms/req | SQL/req | errors |');
lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
const groups = new Map();
for (const r of rows) {
  const k = `${r.scenario}|${r.target}`;
  groups.set(k, [...(groups.get(k) ?? []), r]);
}
const mean = (xs, key) => xs.reduce((s, x) => s + x[key], 0) / xs.length;
result.summary = [];
for (const [k, xs] of groups) {
  const [scenario, target] = k.split('|');
  const s = { scenario, target, rps: mean(xs, 'rps'), p50: mean(xs, 'p50'), p99: mean(xs, 'p99'), frontCpuMsPerRequest: mean(xs, 'frontCpuMsPerRequest'), subgraphCpuMsPerRequest: mean(xs, 'subgraphCpuMsPerRequest'), sqlPerRequest: mean(xs, 'sqlPerRequest'), errors: xs.reduce((a, x) => a + x.errors, 0) };
  result.summary.push(s);
  const title = scenario === 'one-connection' ? ONE_CONNECTION_TITLE : (scenarios.find((x) => x.id === scenario)?.title ?? scenario);
  const d = scenario === 'one-connection' ? 2 : 1;
  lines.push(`| ${title} | ${target} | ${f(s.rps)} | ${f(s.p50, d)} | ${f(s.p99, d)} | ${f(s.frontCpuMsPerRequest, 2)} | ${f(s.subgraphCpuMsPerRequest, 2)} | ${f(s.sqlPerRequest, 1)} | ${s.errors} |`);
}
const sum = (scenario, target) => result.summary.find((s) => s.scenario === scenario && s.target === target);
const ratios = [];
const ratio = (label, a, b) => {
  if (a && b) ratios.push({ label, throughput: a.rps / b.rps, cpu: a.frontCpuMsPerRequest / b.frontCpuMsPerRequest, addedP50: a.p50 - b.p50 });
};
ratio('branches: gateway / direct', sum('branches', 'gateway'), sum('branches', 'direct'));
ratio('branches: gateway / Hive', sum('branches', 'gateway'), sum('branches', 'hive'));
ratio('branch page: gateway / Hive', sum('branch-page', 'gateway'), sum('branch-page', 'hive'));
ratio('programs N+1: gateway / Hive', sum('programs-n+1', 'gateway'), sum('programs-n+1', 'hive'));
result.ratios = ratios;
if (ratios.length) {
  lines.push('');
  lines.push('| ratio | throughput | front CPU per request | added p50 ms |');
  lines.push('|---|---:|---:|---:|');
  for (const r of ratios) lines.push(`| ${r.label} | ${f(r.throughput, 2)}× | ${f(r.cpu, 2)}× | ${f(r.addedP50, 1)} |`);
}
if (result.oneConnection) {
  const o = result.oneConnection;
  lines.push('');
  lines.push(`One connection, \`branches(first: 20)\` one request at a time (${f(o.direct.requests)} direct and ${f(o.gateway.requests)} via the gateway, in alternating batches): p50 direct ${f(o.direct.p50, 2)} ms, via the gateway ${f(o.gateway.p50, 2)} ms: **${f(o.addedP50Ms, 2)} ms added at p50** (p90 ${f(o.gateway.p90 - o.direct.p90, 2)} ms)`);
}
if (result.pageSizes) {
  lines.push('');
  lines.push(`SQL statements per request, \`programs(first: N) { branch partnerships { partner } }\`: ${result.pageSizes.map((p) => `N=${p.pageSize}: ${f(p.statementsPerRequest, 1)}`).join(', ')}`);
}
if (result.registrationBurst) {
  const b = result.registrationBurst;
  lines.push('');
  lines.push(`Registration burst: ${b.patrons} patrons at once for ${b.seats} seats: ${f(b.registrationsPerSecond)} registrations/s (${f(b.seconds, 2)} s), clients were told ${b.confirmed} CONFIRMED, ${b.waitlisted} WAITLISTED and ${b.failed} errors (${Object.keys(b.failures ?? {}).join('; ') || 'none'}), after ${b.retries} retries of a busy refusal and ${b.unknownOutcomes ?? 0} repeats after an unknown outcome; the session holds ${b.registeredCount} confirmed and ${b.waitlistCount} waitlisted: exactly ${b.seats} confirmed: ${b.exactlySeatsConfirmed ? 'yes' : 'NO'}; waitlist in order: ${b.waitlistInArrivalOrder ? 'yes' : 'NO'}`);
}
if (result.plainSql) {
  const q = result.plainSql;
  lines.push('');
  lines.push(`Consortium feedbackAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH) over ${q.rows.toLocaleString('en-US')} items, ${q.groups.toLocaleString('en-US')} groups, one at a time (median of ${q.runs}): through the gateway ${f(q.graphMs)} ms, the subgraph alone ${f(q.subgraphMs)} ms (${f(q.subgraphTotalsOnlyMs)} ms asked for the totals only), the plain SQL over the items ${f(q.plainSqlMs)} ms (${f(q.ratio, 2)}×)${q.rollupSqlMs === null ? '' : `, the plain SQL over the daily rollup ${f(q.rollupSqlMs)} ms (${f(q.ratioToRollupSql, 2)}×)`}; same totals: ${q.sameTotals ? 'yes' : `NO (${q.graphTotal})`}`);
}
if (result.programsPlainSql) {
  const q = result.programsPlainSql;
  lines.push(`Consortium programAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH) over ${q.sessions.toLocaleString('en-US')} sessions, ${q.groups.toLocaleString('en-US')} groups, one at a time (median of ${q.runs}): through the gateway ${f(q.graphMs)} ms, the subgraph alone ${f(q.subgraphMs)} ms, the plain SQL over the sessions, registrations and answer sheets ${f(q.plainSqlMs)} ms (${f(q.ratio, 2)}×), the plain SQL over the monthly tallies ${f(q.monthlySqlMs)} ms; same totals: ${q.sameTotals ? 'yes' : `NO (${q.graphTotal})`}`);
}
lines.push('');
if (result.memoryAtStart) lines.push(`Resident memory once started, idle (MB): ${Object.entries(result.memoryAtStart).map(([n, m]) => `${n} ${f(m)}`).join(', ')}`);
lines.push(`Resident memory after the run (MB): ${Object.entries(result.memory).map(([n, m]) => `${n} ${f(m)}`).join(', ')}`);
if (result.memoryPeak) lines.push(`Resident memory at its peak during the run (VmHWM, MB): ${Object.entries(result.memoryPeak).map(([n, m]) => `${n} ${f(m)}`).join(', ')}`);
if (hiveWanted && !hive) lines.push('Hive Gateway: not run (`@graphql-hive/gateway` is not installed).');
const report = lines.join('\n');
console.log(report);
mkdirSync(dirname(resolve(args.json)), { recursive: true });
writeFileSync(resolve(args.json), JSON.stringify({ ...result, report }, null, 2));
console.error(`\nJSON: ${resolve(args.json)}`);
const failures = rows.filter((r) => r.errors > 0).length + (result.registrationBurst && (!result.registrationBurst.exactlySeatsConfirmed || result.registrationBurst.failed) ? 1 : 0);
process.exitCode = failures ? 1 : 0;

async function startHive() {
  let entry;
  try {
    entry = require.resolve('@graphql-hive/gateway/package.json');
  } catch {
    return undefined;
  }
  const service = { name: 'hive', port: hivePort, script: join(root, 'tools/bench/hive.mjs') };
  launch(service, [], { HIVE_PORT: String(hivePort), SUPERGRAPH: join(root, 'schema/supergraph.graphql'), HIVE_ENTRY: entry }, []);
  await waitHealthy(hivePort, 60_000);
  return service;
}

