#!/usr/bin/env node
// `npm start`: builds what is needed, then runs every composed subgraph and the
// gateway on the ports of RULES.md §1 (embedded SQLite under ./data, demo data
// on first start). Ctrl-C or SIGTERM stops every process it started.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, root } from './build.mjs';

const started = Date.now();
console.log('Building…');
build();
const require = createRequire(join(root, 'package.json'));
const { COMPOSED_SUBGRAPHS, SUBGRAPHS, GATEWAY_PORT } = require(join(root, 'libs/config/dist/index.js'));

const children = [];
let stopping = false;

function run(name, script) {
  const child = spawn(process.execPath, [script], { cwd: root, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the others`);
      stop(1);
    }
  });
  children.push({ name, child });
}

async function waitHealthy(name, port) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  console.error(`${name} did not become healthy on port ${port}`);
  stop(1);
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 12_000);
  Promise.all(children.map(({ child }) => child.exitCode !== null ? null : new Promise((r) => child.once('exit', r)))).then(() => {
    clearTimeout(timer);
    process.exit(code);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const port = (name) => Number(process.env.PORT_OVERRIDE ?? process.env[SUBGRAPHS[name].portVariable] ?? SUBGRAPHS[name].port);
for (const name of COMPOSED_SUBGRAPHS) run(name, join(root, 'apps', name, 'dist/main.js'));
await Promise.all(COMPOSED_SUBGRAPHS.map((name) => waitHealthy(name, port(name))));
const gatewayPort = Number(process.env.GATEWAY_PORT ?? GATEWAY_PORT);
run('gateway', join(root, 'apps/gateway/dist/main.js'));
await waitHealthy('gateway', gatewayPort);
if (!stopping) {
  console.log(`\nThe graph is up after ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  console.log(`  explorer  http://localhost:${gatewayPort}/`);
  console.log(`  GraphQL   POST http://localhost:${gatewayPort}/graphql`);
  console.log(`  subgraphs ${COMPOSED_SUBGRAPHS.map((n) => `${n}:${port(n)}`).join('  ')}`);
  console.log('Ctrl-C stops everything.\n');
}
