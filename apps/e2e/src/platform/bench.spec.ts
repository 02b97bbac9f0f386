import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPOSED_SUBGRAPHS, NODE_FLAGS } from '@ceg/config';
import { testDatabase } from '@ceg/testing';

/**
 * `npm run bench -- --quick` keeps working: it starts the built graph, runs
 * every scenario for a moment and writes its report. No timing is asserted
 * (the machine is shared); what is checked is that every scenario got right
 * answers, that the SQL statements per request do not grow with the page
 * size, and that the registration burst confirms exactly the session's seats.
 */
const root = join(__dirname, '../../../..');
const built = ['gateway', ...COMPOSED_SUBGRAPHS].every((n) => existsSync(join(root, `apps/${n}/dist/main.js`)));
let hiveInstalled = true;
try {
  require.resolve('@graphql-hive/gateway/package.json');
} catch {
  hiveInstalled = false;
}

(built ? describe : describe.skip)('npm run bench -- --quick', () => {
  const db = testDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'ceg-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs every scenario and reports each figure', async () => {
    const json = join(dir, 'result.json');
    const args = ['tools/bench/bench.mjs', '--quick', '--no-build', '--json', json, ...(hiveInstalled ? ['--hive'] : [])];
    if (process.env.BENCH_BASE_PORT) args.push('--base-port', process.env.BENCH_BASE_PORT);
    if (db.dialect === 'mysql') args.push('--database', process.env.TEST_DATABASE_URL!);
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (err += c));
      child.on('exit', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    if (code !== 0) throw new Error(`bench exited ${code}\n${stdout}\n${stderr}`);
    const result = JSON.parse(readFileSync(json, 'utf8'));

    const expected = [
      ['branches', 'direct'],
      ['branches', 'gateway'],
      ['branch-page', 'gateway'],
      ['consortium-aggregate', 'gateway'],
      ['programs-n+1', 'gateway'],
      ...(hiveInstalled ? [['branches', 'hive'], ['branch-page', 'hive'], ['programs-n+1', 'hive']] : []),
    ];
    for (const [scenario, target] of expected) {
      const row = result.summary.find((s: { scenario: string; target: string }) => s.scenario === scenario && s.target === target);
      expect({ scenario, target, answered: row?.rps > 0, errors: row?.errors }).toEqual({ scenario, target, answered: true, errors: 0 });
    }
    // Batching: the same number of statements for 10 and for 100 programs with their branch and partnerships.
    const [ten, hundred] = result.pageSizes;
    expect(ten.statementsPerRequest).toBeGreaterThan(0);
    expect(hundred.statementsPerRequest).toBe(ten.statementsPerRequest);
    // The burst: exactly the seats confirmed, the rest waitlisted in order.
    const burst = result.registrationBurst;
    expect(burst).toMatchObject({ failed: 0, confirmed: burst.seats, waitlisted: burst.patrons - burst.seats, exactlySeatsConfirmed: true, waitlistInArrivalOrder: true });
    // One connection: both targets answered, each p50 measured, the difference reported.
    const one = result.oneConnection;
    expect({ direct: one.direct.errors, gateway: one.gateway.errors }).toEqual({ direct: 0, gateway: 0 });
    expect(one.direct.p50).toBeGreaterThan(0);
    expect(one.gateway.p50).toBeGreaterThan(0);
    expect(one.addedP50Ms).toBeCloseTo(one.gateway.p50 - one.direct.p50, 6);
    expect(stdout).toMatch(/ms added at p50/);
    for (const name of ['gateway', ...COMPOSED_SUBGRAPHS]) expect(result.memoryAtStart[name]).toBeGreaterThan(0);
    // The graph runs with the flags `npm start` and the Dockerfile give it (its memory figures are those of the defaults).
    if (process.platform === 'linux') for (const name of ['gateway', ...COMPOSED_SUBGRAPHS]) expect([name, result.nodeFlagsByProcess[name]]).toEqual([name, [...NODE_FLAGS]]);
    for (const name of ['gateway', ...COMPOSED_SUBGRAPHS]) expect(result.memory[name]).toBeGreaterThan(0);
    for (const name of ['gateway', ...COMPOSED_SUBGRAPHS]) expect(result.memoryPeak[name]).toBeGreaterThanOrEqual(result.memory[name]);
    expect(stdout).toContain('| scenario | via | req/s | p50 ms | p99 ms |');
  }, 300_000);
});
