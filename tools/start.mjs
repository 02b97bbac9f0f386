#!/usr/bin/env node
// `npm start`: builds what is needed, then runs every composed subgraph and the
// gateway on the ports of RULES.md §1 (embedded SQLite under ./data, demo data
// on first start) as a small supervisor (RULES.md §7):
//
// - a process that dies is started again after a backoff (1 s, 2 s, 4 s, … up
//   to 30 s; back to 1 s once it has run for a minute), with a log line; the
//   others keep serving, so the gateway's partial answers show;
// - health is checked over plain `http` (not `fetch`, which refuses ports on
//   the browsers' blocked list such as 6000);
// - the "graph is up" banner always prints, naming what is not healthy yet;
// - Ctrl-C or SIGTERM stops every process (SIGTERM, then SIGKILL after the
//   grace period) and leaves none behind; the children also exit by themselves
//   if this supervisor is killed outright (their IPC channel closes);
// - every process runs with the V8 flags of NODE_FLAGS (@ceg/config: the heap
//   is collected before it grows far past what is live).
//
// `node tools/start.mjs --no-build` skips the build (the tests build once).
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, root } from './build.mjs';

const started = Date.now();
if (!process.argv.includes('--no-build')) {
  console.log('Building…');
  build();
}
const require = createRequire(join(root, 'package.json'));
const { COMPOSED_SUBGRAPHS, SUBGRAPHS, GATEWAY_PORT, NODE_FLAGS, ConfigError, commonConfig, corsOrigins } = require(join(root, 'libs/config/dist/index.js'));

// A configuration mistake (LOG_LEVEL=verbose, a bad TRUST_PROXY, …) is said once, clearly, instead of
// six processes failing and being restarted.
try {
  commonConfig(process.env);
  corsOrigins(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`npm start: ${err.message}`);
  process.exit(1);
}

const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS || 10_000) + 2000;

const stamp = () => new Date().toISOString().slice(11, 19);
const say = (line) => console.log(`[start ${stamp()}] ${line}`);

const port = (name) => Number(process.env[SUBGRAPHS[name].portVariable] || SUBGRAPHS[name].port);
const gatewayPort = Number(process.env.GATEWAY_PORT || GATEWAY_PORT);

/** Each supervised process: its script, port, current child and restart state. */
const services = [
  ...COMPOSED_SUBGRAPHS.map((name) => ({ name, script: join(root, 'apps', name, 'dist/main.js'), port: port(name) })),
  { name: 'gateway', script: join(root, 'apps/gateway/dist/main.js'), port: gatewayPort },
].map((s) => ({ ...s, child: null, failures: 0, startedAt: 0, timer: null }));

// The gateway reaches each subgraph on the port it was given here, unless told otherwise.
const childEnv = { ...process.env };
for (const name of COMPOSED_SUBGRAPHS) {
  const info = SUBGRAPHS[name];
  childEnv[info.urlVariable] ||= `http://127.0.0.1:${port(name)}/graphql`;
}

let stopping = false;

function launch(service) {
  if (stopping) return;
  service.startedAt = Date.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, service.script], { cwd: root, env: childEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  service.child = child;
  say(`${service.name} started (pid ${child.pid}, port ${service.port})`);
  child.on('error', (err) => say(`${service.name} could not be started: ${err.message}`));
  child.on('exit', (code, signal) => {
    service.child = null;
    if (stopping) return;
    if (Date.now() - service.startedAt >= STABLE_AFTER_MS) service.failures = 0;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** service.failures);
    service.failures += 1;
    say(`${service.name} exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s (restart #${service.failures}); the others keep serving`);
    service.timer = setTimeout(() => {
      service.timer = null;
      launch(service);
    }, delay);
  });
}

/** GET /health over plain http: true on a 200 within the timeout. */
function healthy(p, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port: p, path: '/health', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

async function waitHealthy(service, ms) {
  const deadline = Date.now() + ms;
  while (!stopping && Date.now() < deadline) {
    if (await healthy(service.port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping every process`);
  for (const s of services) {
    if (s.timer) clearTimeout(s.timer);
    s.child?.kill('SIGTERM');
  }
  const running = services.map((s) => s.child).filter((c) => c && c.exitCode === null && c.signalCode === null);
  const killer = setTimeout(() => {
    for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }, STOP_GRACE_MS);
  Promise.all(running.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => {
    clearTimeout(killer);
    say('stopped');
    process.exit(0);
  });
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGHUP'));

const subgraphs = services.filter((s) => s.name !== 'gateway');
const gateway = services.find((s) => s.name === 'gateway');
for (const s of subgraphs) launch(s);
const subgraphsUp = await Promise.all(subgraphs.map((s) => waitHealthy(s, 120_000)));
launch(gateway);
const gatewayUp = await waitHealthy(gateway, 60_000);
if (!stopping) {
  const notUp = [...subgraphs.filter((_, i) => !subgraphsUp[i]), ...(gatewayUp ? [] : [gateway])].map((s) => s.name);
  console.log(`\nThe graph is up after ${((Date.now() - started) / 1000).toFixed(1)} s${notUp.length ? ` — not healthy yet: ${notUp.join(', ')} (being restarted; the rest answers)` : ''}:`);
  console.log(`  explorer  http://localhost:${gatewayPort}/`);
  console.log(`  GraphQL   POST http://localhost:${gatewayPort}/graphql`);
  console.log(`  subgraphs ${subgraphs.map((s) => `${s.name}:${s.port}`).join('  ')}`);
  console.log('A process that dies is restarted; Ctrl-C stops everything.\n');
}
