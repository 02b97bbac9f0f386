import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
