import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const gatewayMain = join(root, 'apps/gateway/dist/main.js');
const librariesMain = join(root, 'apps/libraries/dist/main.js');
const built = existsSync(gatewayMain) && existsSync(librariesMain);
const run = built ? test : test.skip;

/** Runs a built process until it exits or `until` matches its stdout; returns what it wrote. */
function runProcess(script: string | string[], env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, Array.isArray(script) ? script : [script], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('logs', () => {
  run.each([
    ['gateway', gatewayMain],
    ['libraries', librariesMain],
  ])('%s: an unknown LOG_LEVEL stops the process with one clear line, not a stack trace', async (name, script) => {
    const { code, stdout, stderr } = await runProcess(script, { LOG_LEVEL: 'verbose', PORT: '1' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`${name}: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"`);
  }, 30_000);

  run('npm start refuses an unknown LOG_LEVEL before starting anything', async () => {
    const { code, stderr } = await runProcess([join(root, 'tools/start.mjs'), '--no-build'], { LOG_LEVEL: 'verbose' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^npm start: LOG_LEVEL must be one of/m);
  }, 30_000);

  run('human-readable lines with LOG_FORMAT=pretty (the default on a terminal in development); JSON otherwise', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ceg-logs-'));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const env = { NODE_ENV: 'development', DATA_DIR: dataDir, DEMO_DATA: 'false', LIBRARIES_PORT: port };
    try {
      const pretty = await runProcess(librariesMain, { ...env, LOG_FORMAT: 'pretty' }, /subgraph listening/);
      expect(pretty.stdout).toMatch(/^\[\d\d:\d\d:\d\d\] INFO \(libraries\): libraries subgraph listening/m);
      expect(pretty.stdout).not.toMatch(/^\{/m);
      // Not a terminal: one JSON object per line, for log collectors.
      const json = await runProcess(librariesMain, env, /subgraph listening/);
      const line = json.stdout.split('\n').find((l) => l.includes('subgraph listening'))!;
      expect(JSON.parse(line)).toMatchObject({ level: 30, service: 'libraries', msg: 'libraries subgraph listening' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  run('LOG_FORMAT=pretty is refused in production', async () => {
    const { code, stderr } = await runProcess(gatewayMain, { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), SUBGRAPH_SECRET: 'y', LOG_FORMAT: 'pretty', PORT: '1' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('gateway: LOG_FORMAT=pretty is for development; production logs are JSON');
  }, 30_000);
});
