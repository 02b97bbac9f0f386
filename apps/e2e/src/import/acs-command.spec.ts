import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { B03002_BAD, B03002_SAMPLE, TRACT_1, TRACT_2 } from './acs-sample';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..', '..');

/** `npm run import -- --kind acs-profile` against a running gateway: the label row repeated on every batch, the file's lines, year and source from the file name. */
describe('import: ACS tables with the command through the gateway', () => {
  let graph: TestGraph;
  let dir: string;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'diversity-metrics'], demoData: ['libraries'] });
    dir = mkdtempSync(join(tmpdir(), 'ceg-acs-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await graph?.stop();
  });

  const profiles = async () => graph.subgraph('diversity-metrics').db.manager.query('SELECT branchId, year, source, population FROM community_profile ORDER BY branchId');

  async function command(file: string, content: string, ...extra: string[]) {
    writeFileSync(join(dir, file), content);
    const args = ['tools/import.mjs', '--kind', 'acs-profile', '--file', join(dir, file), '--gateway', graph.url, '--token', await graph.token('ADMIN'), ...extra];
    try {
      const { stdout } = await run(process.execPath, args, { cwd: ROOT });
      return { code: 0, out: stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  }
  const MAP = ['--branch', `${TRACT_1.id}=RVL-CEN`, '--branch', `${TRACT_2.name}=Northgate Branch`];

  it('checks every batch, writes only when no row is rejected, reports lines of the file, and a second run changes nothing', async () => {
    const FILE = 'ACSDT5Y2023.B03002-Data.csv';
    const dry = await command(FILE, B03002_SAMPLE, '--dry-run', '--batch-rows', '1', ...MAP);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/batch 1\/2 \(lines 3–3, 1 rows\): created 1/);
    expect(dry.out).toMatch(/batch 2\/2 \(lines 4–4, 1 rows\): created 1/);
    expect(await profiles()).toEqual([]);

    const real = await command(FILE, B03002_SAMPLE, '--batch-rows', '1', ...MAP);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/written: 2 batches, 2 rows/);
    const written = await profiles();
    expect(written).toEqual([
      { branchId: demoBranch('RVL-CEN').id, year: 2023, source: 'ACS 5-year 2019-2023', population: 4519 },
      { branchId: demoBranch('RVL-NOR').id, year: 2023, source: 'ACS 5-year 2019-2023', population: 3102 },
    ].sort((a, b) => a.branchId.localeCompare(b.branchId)));

    const again = await command(FILE, B03002_SAMPLE, ...MAP);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/would create 0, update 0, leave 2 unchanged; rejected 0/);

    // Bad rows in the second and third batches: reported with the file's lines, nothing written.
    const bad = await command('ACSDT5Y2023.B03002-bad.csv', B03002_BAD, '--batch-rows', '3', ...MAP);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/line 4, GEO_ID: .*not one of the geographies mapped/);
    expect(bad.out).toMatch(/line 5, B03002_006E: "N"/);
    expect(bad.out).toMatch(/line 8, GEO_ID: .*not one of the geographies/);
    // Line 9 repeats line 3's tract in a later batch: found by the command, which sees the whole file.
    expect(bad.out).toMatch(/line 9, GEO_ID: .*also on line 3: a geography counts once/);
    expect(bad.out).toMatch(/nothing was written/);
    expect(await profiles()).toEqual(written);

    // Without a data.census.gov file name, the year and source are asked for.
    const unnamed = await command('tracts.csv', B03002_SAMPLE, ...MAP);
    expect(unnamed.code).toBe(2);
    expect(unnamed.out).toMatch(/--year and --source/);
    const named = await command('tracts.csv', B03002_SAMPLE, '--year', '2022', '--source', 'ACS 5-year 2018-2022', '--dry-run', ...MAP);
    expect(named.code).toBe(0);
    expect(named.out).toMatch(/would create 2/);

    // Two geographies of one branch are added up in one request: split across batches, refused before anything is sent.
    const both = ['--branch', `${TRACT_1.id}=MCL-MAP`, '--branch', `${TRACT_2.id}=Mapleton Library`, '--year', '2021', '--source', 'ACS 5-year 2017-2021'];
    const split = await command(FILE, B03002_SAMPLE, '--batch-rows', '1', ...both);
    expect(split.code).toBe(2);
    expect(split.out).toMatch(/batches 1 and 2.*raise --batch-rows/);
    expect(await profiles()).toEqual(written);
    const together = await command(FILE, B03002_SAMPLE, ...both);
    expect(together.code).toBe(0);
    expect(together.out).toMatch(/written: 1 batches, 2 rows/);
    expect((await profiles()).filter((p: any) => p.branchId === demoBranch('MCL-MAP').id)).toEqual([{ branchId: demoBranch('MCL-MAP').id, year: 2021, source: 'ACS 5-year 2017-2021', population: 4519 + 3102 }]);
  });
});
