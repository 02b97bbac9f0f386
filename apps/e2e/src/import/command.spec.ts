import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { BAD as COMMUNICO_BAD, SAMPLE as COMMUNICO_SAMPLE } from './communico-sample';
import { BAD, SAMPLE } from './libcal-sample';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..', '..');

/** `npm run import` against a running gateway: batches under the request limit, a report per batch, a dry run first. */
describe('import: the command through the gateway', () => {
  let graph: TestGraph;
  let dir: string;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
    dir = mkdtempSync(join(tmpdir(), 'ceg-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await graph?.stop();
  });

  const count = async (table: string) => Number((await graph.subgraph('programs').db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  async function command(file: string, content: string, ...extra: string[]) {
    writeFileSync(join(dir, file), content);
    const kind = extra[0] === '--kind' ? extra.splice(0, 2)[1] : 'libcal-events';
    const args = [
      'tools/import.mjs', '--kind', kind, '--file', join(dir, file), '--gateway', graph.url, '--token', await graph.token('ADMIN'),
      '--time-zone', 'America/Los_Angeles', '--batch-rows', '2', '--branch', 'Central Library=RVL-CEN', '--branch', 'North Branch=Northgate Branch', ...extra,
    ];
    try {
      const { stdout } = await run(process.execPath, args, { cwd: ROOT });
      return { code: 0, out: stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  }

  it('sends the file in batches with the file\'s line numbers, writes only when no row is rejected, and a second run changes nothing', async () => {
    const dry = await command('events.csv', SAMPLE, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/batch 1\/3 \(lines 2–3, 2 rows\): created 2/);
    // The Resume Workshop's description spans two lines: the next batch starts on line 4 and ends on line 6.
    expect(dry.out).toMatch(/batch 2\/3 \(lines 4–6, 2 rows\)/);
    expect(dry.out).toMatch(/would create 6, update 0, leave 0 unchanged; rejected 0/);
    expect(await count('program_session')).toBe(0);

    const real = await command('events.csv', SAMPLE);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/written: 3 batches, 6 rows/);
    expect(await count('program_session')).toBe(6);
    expect(await count('program')).toBe(5);

    const again = await command('events.csv', SAMPLE);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/would create 0, update 0, leave 6 unchanged/);
    expect(await count('program_session')).toBe(6);

    const bad = await command('bad.csv', BAD);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/line 2, Title: /);
    expect(bad.out).toMatch(/line 4, Date: /);
    expect(bad.out).toMatch(/line 7, Confirmed Attendance: /);
    expect(bad.out).toMatch(/nothing was written/);
    expect(await count('program_session')).toBe(6);
  });

  it('imports a Communico export with --kind communico-events: its Location values map to branches, a second run changes nothing', async () => {
    const before = await count('program_session');
    const bad = await command('communico-bad.csv', COMMUNICO_BAD, '--kind', 'communico-events');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/line 2, Title: /);
    expect(bad.out).toMatch(/line 5, Location: "Westside Branch"/);
    expect(bad.out).toMatch(/line 9, Event ID: /);
    expect(await count('program_session')).toBe(before);

    const real = await command('communico.csv', COMMUNICO_SAMPLE, '--kind', 'communico-events');
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/would create 5, update 0, leave 0 unchanged; rejected 0/);
    expect(real.out).toMatch(/written: 3 batches, 5 rows/);
    expect(await count('program_session')).toBe(before + 5);
    const again = await command('communico.csv', COMMUNICO_SAMPLE, '--kind', 'communico-events');
    expect(again.out).toMatch(/would create 0, update 0, leave 5 unchanged/);
    expect(await count('program_session')).toBe(before + 5);
  });
});
