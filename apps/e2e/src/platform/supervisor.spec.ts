import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPOSED_SUBGRAPHS, NODE_FLAGS, SUBGRAPHS } from '@ceg/config';

const root = join(__dirname, '../../../..');
const built = ['gateway', ...COMPOSED_SUBGRAPHS].every((n) => existsSync(join(root, 'apps', n, 'dist/main.js')));
// A process test, not a database one: it runs once, in the SQLite pass.
const run = built && !process.env.TEST_DATABASE_URL ? test : test.skip;

/** Free TCP ports on loopback, chosen by the kernel. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<import('node:net').Server>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const QUERY = '{ branches(first: 1) { totalCount } programs(first: 1) { totalCount } }';

/**
 * `npm start` is a supervisor (RULES.md §7): one subgraph killed, the others
 * keep answering (a partial answer naming the dead service), the dead one is
 * started again within seconds; SIGTERM stops every process it started.
 */
run('npm start restarts a dead subgraph while the rest keeps serving, and SIGTERM leaves no process', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ceg-start-'));
  const ports = await freePorts(COMPOSED_SUBGRAPHS.length + 1);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATABASE_URL: '', DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'warn', GATEWAY_PORT: String(ports[0]), SHUTDOWN_GRACE_MS: '2000' };
  COMPOSED_SUBGRAPHS.forEach((name, i) => {
    env[SUBGRAPHS[name].portVariable] = String(ports[i + 1]);
    delete env[SUBGRAPHS[name].urlVariable];
  });
  const supervisor: ChildProcess = spawn(process.execPath, [join(root, 'tools/start.mjs'), '--no-build'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  supervisor.stdout!.on('data', (d) => (out += d));
  supervisor.stderr!.on('data', (d) => (out += d));
  const pids = () => [...out.matchAll(/started \(pid (\d+)/g)].map((m) => Number(m[1]));
  const gql = async () => {
    const res = await fetch(`http://127.0.0.1:${ports[0]}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: Record<string, unknown> }[] };
  };
  try {
    await until('the banner', 60_000, () => (/The graph is up/.test(out) ? true : undefined));
    expect(out).not.toMatch(/not healthy yet/);
    expect((await gql()).data).toEqual({ branches: { totalCount: 0 }, programs: { totalCount: 0 } });
    // Every process runs with the graph's V8 flags (its command line, where Linux shows it).
    if (existsSync('/proc/self/cmdline')) {
      expect(pids()).toHaveLength(COMPOSED_SUBGRAPHS.length + 1);
      for (const pid of pids()) expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(1, 1 + NODE_FLAGS.length)).toEqual([...NODE_FLAGS]);
    }

    const programsPid = Number(/programs started \(pid (\d+)/.exec(out)![1]);
    process.kill(programsPid, 'SIGKILL');
    const killedAt = Date.now();
    await until('programs to be gone', 5000, () => (alive(programsPid) ? undefined : true));

    // The rest answers; the dead service's part is null with an error naming it.
    const partial = await gql();
    expect(partial.data).toEqual({ branches: { totalCount: 0 }, programs: null });
    expect(partial.errors?.map((e) => e.extensions?.serviceName)).toEqual(['programs']);
    await until('the restart log line', 5000, () => (/programs exited \(SIGKILL\); restarting in 1 s/.test(out) ? true : undefined));

    // Back within seconds, with a new process.
    await until('programs to answer again', 20_000, async () => ((await gql()).data?.programs ? true : undefined));
    const back = (Date.now() - killedAt) / 1000;
    expect(back).toBeLessThan(20);
    expect(pids().filter((p) => p !== programsPid)).toHaveLength(COMPOSED_SUBGRAPHS.length + 1);

    const exited = new Promise<number | null>((resolve) => supervisor.once('exit', resolve));
    supervisor.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of pids()) expect(alive(pid)).toBe(false);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- npm start output ---\n${out}`);
  } finally {
    if (supervisor.exitCode === null) supervisor.kill('SIGKILL');
    for (const pid of pids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
