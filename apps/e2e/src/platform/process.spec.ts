import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const main = join(root, 'apps/libraries/dist/main.js');

async function waitFor(url: string, ms: number): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The built process: starts, migrates, seeds, serves; SIGTERM stops it cleanly with exit code 0. */
(existsSync(main) ? test : test.skip)('a subgraph process starts from its build and exits 0 on SIGTERM', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ceg-proc-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [main], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LIBRARIES_PORT: String(port), LOG_LEVEL: 'silent', NODE_ENV: 'development' }, stdio: 'ignore' });
  try {
    const res = await waitFor(`http://127.0.0.1:${port}/ready`, 20_000);
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 30_000);

(existsSync(main) ? test : test.skip)('in production a subgraph refuses to start without secrets, saying which', async () => {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(stderr).toMatch(/JWT_SECRET/);
  expect(stderr).toMatch(/SUBGRAPH_SECRET/);
}, 30_000);

/**
 * The demo data is loaded by a process of its own (`main.js --prepare-only`) that exits before the
 * serving process opens the database: the garbage of building the demo rows never sits in the server's
 * heap. A preload records every node process of the run as it exits.
 */
(existsSync(main) ? test : test.skip)('a subgraph loads its demo data in a separate process, then serves it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ceg-proc-'));
  const record = join(dataDir, 'processes.jsonl');
  const preload = join(dataDir, 'record.js');
  writeFileSync(preload, `const t0 = Date.now(); process.on('exit', (code) => require('node:fs').appendFileSync(${JSON.stringify(record)}, JSON.stringify({ pid: process.pid, ppid: process.ppid, args: process.argv.slice(2), code, t0, t1: Date.now() }) + '\\n'));\n`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const secret = 'process-test-subgraph-secret';
  const child = spawn(process.execPath, ['-r', preload, main], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LIBRARIES_PORT: String(port), LOG_LEVEL: 'silent', NODE_ENV: 'development', DEMO_DATA: 'true', SUBGRAPH_SECRET: secret }, stdio: 'ignore' });
  try {
    expect((await waitFor(`http://127.0.0.1:${port}/ready`, 30_000)).status).toBe(200);
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-subgraph-secret': secret }, body: JSON.stringify({ query: '{ branches(first: 1) { totalCount } }' }) });
    const body = (await res.json()) as { data?: { branches: { totalCount: number } } };
    expect({ status: res.status, body }).toMatchObject({ status: 200, body: { data: { branches: { totalCount: expect.any(Number) } } } });
    expect(body.data!.branches.totalCount).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const processes = readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { pid: number; ppid: number; args: string[]; code: number });
    const loader = processes.find((p) => p.args.includes('--prepare-only'));
    const server = processes.find((p) => p.pid === child.pid);
    expect(loader).toMatchObject({ ppid: child.pid, code: 0 });
    expect(server).toMatchObject({ args: [], code: 0 });
    expect(processes).toHaveLength(2);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

/** An in-memory database exists in one process only: the serving process loads the demo data itself. */
(existsSync(main) ? test : test.skip)('with an in-memory database a subgraph loads its demo data itself and serves it', async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const secret = 'process-test-subgraph-secret';
  const child = spawn(process.execPath, [main], { env: { ...process.env, DATABASE_URL: 'sqlite::memory:', LIBRARIES_PORT: String(port), LOG_LEVEL: 'silent', NODE_ENV: 'development', DEMO_DATA: 'true', SUBGRAPH_SECRET: secret }, stdio: 'ignore' });
  try {
    expect((await waitFor(`http://127.0.0.1:${port}/ready`, 30_000)).status).toBe(200);
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-subgraph-secret': secret }, body: JSON.stringify({ query: '{ branches(first: 1) { totalCount } }' }) });
    const body = (await res.json()) as { data?: { branches: { totalCount: number } } };
    expect(body.data?.branches.totalCount).toBeGreaterThan(0);
  } finally {
    child.kill('SIGKILL');
  }
}, 60_000);
