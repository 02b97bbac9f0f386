import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { BAD, base, row, SAMPLE } from './libcal-sample';

const CEN = demoBranch('RVL-CEN');
const NOR = demoBranch('RVL-NOR');

const BRANCHES = [{ source: 'Central Library', branchId: CEN.id }, { source: 'north branch', branchId: NOR.id }];
const IMPORT = `mutation($input: ImportEventsInput!) { importEvents(input: $input) {
  dryRun written created updated unchanged rejected programsCreated rows { line column message } userErrors { field message code } } }`;
const input = (csv: string, over: Record<string, unknown> = {}) => ({ input: { format: 'LIBCAL', csv, branches: BRANCHES, timeZone: 'America/Los_Angeles', ...over } });

describe('import: LibCal events through the gateway', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  const count = async (table: string) => Number((await graph.subgraph('programs').db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({ program: await count('program'), session: await count('program_session'), key: await count('import_key') });
  const run = async (csv: string, over: Record<string, unknown> = {}) => (await graph.data(IMPORT, input(csv, over), { as: 'ADMIN' })).importEvents;

  /** What the graph shows of the two branches' imported programs and sessions, as ADMIN. */
  async function shown() {
    const data = await graph.data(
      `query($b: [ID!]) {
        programs(first: 100, filter: { branchIds: $b }) { totalCount nodes { title ageGroup serviceArea format status tags branch { id } sessions(first: 10) { nodes { startsAt endsAt location status attendance } } } }
        sessions(first: 100, filter: { branchIds: $b }) { totalCount }
      }`,
      { b: [CEN.id, NOR.id] },
      { as: 'ADMIN' },
    );
    return data;
  }

  it('a dry run says what would happen and writes nothing; importing twice gives the same data once', async () => {
    const before = await counts();
    const dry = await run(SAMPLE, { dryRun: true });
    expect(dry).toEqual({ dryRun: true, written: false, created: 6, updated: 0, unchanged: 0, rejected: 0, programsCreated: 5, rows: [], userErrors: [] });
    expect(await counts()).toEqual(before);

    const first = await run(SAMPLE);
    expect(first).toMatchObject({ dryRun: false, written: true, created: 6, updated: 0, unchanged: 0, rejected: 0, programsCreated: 5, rows: [], userErrors: [] });
    const afterFirst = await counts();
    expect(afterFirst).toEqual({ program: before.program + 5, session: before.session + 6, key: before.key + 11 });
    const seen = await shown();

    const second = await run(SAMPLE);
    expect(second).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 6, rejected: 0, programsCreated: 0 });
    expect(await counts()).toEqual(afterFirst);
    expect(await shown()).toEqual(seen);

    expect(seen.sessions.totalCount).toBe(6);
    expect(seen.programs.totalCount).toBe(5);
    const byTitle = Object.fromEntries(seen.programs.nodes.map((p: any) => [p.title, p]));
    expect(byTitle['Baby Storytime']).toMatchObject({ ageGroup: 'EARLY_CHILDHOOD', serviceArea: 'EARLY_CHILDHOOD_LITERACY', format: 'ONSITE', status: 'PUBLISHED', tags: ['Storytime', 'early-lit'], branch: { id: CEN.id } });
    // 10:00 in Oregon before daylight saving time is 18:00 UTC.
    expect(byTitle['Baby Storytime'].sessions.nodes).toEqual([
      { startsAt: '2025-03-04T18:00:00.000Z', endsAt: '2025-03-04T18:30:00.000Z', location: "Children's Room", status: 'COMPLETED', attendance: 18 },
      { startsAt: '2025-03-11T17:00:00.000Z', endsAt: '2025-03-11T17:30:00.000Z', location: "Children's Room", status: 'COMPLETED', attendance: 22 },
    ]);
    expect(byTitle['Resume Workshop']).toMatchObject({ ageGroup: 'ADULTS', serviceArea: 'JOB_SKILLS', branch: { id: NOR.id } });
    expect(byTitle['Resume Workshop'].sessions.nodes[0]).toMatchObject({ startsAt: '2025-03-13T01:00:00.000Z', attendance: 11 });
    expect(byTitle['Teen Maker Lab']).toMatchObject({ ageGroup: 'YOUNG_ADULTS', serviceArea: 'DIGITAL_LEARNING' });
    expect(byTitle['Medicare 101']).toMatchObject({ ageGroup: 'ADULTS', serviceArea: 'HEALTH', format: 'VIRTUAL' });
    expect(byTitle['Summer Reading Kickoff']).toMatchObject({ ageGroup: 'ALL_AGES', serviceArea: 'SUMMER_READING' });
    expect(byTitle['Summer Reading Kickoff'].sessions.nodes[0]).toMatchObject({ startsAt: '2025-06-14T07:00:00.000Z', endsAt: '2025-06-15T07:00:00.000Z', attendance: 250 });

    // The registration counts LibCal gives are kept with the source id.
    const kept = await graph.subgraph('programs').db.manager.query("SELECT sourceData FROM import_key WHERE source = 'LIBCAL' AND kind = 'session' AND externalId = '10234601'");
    expect(JSON.parse(kept[0].sourceData)).toMatchObject({ confirmedRegistrations: 12, waitlistRegistrations: 3, cancelledRegistrations: 1, anticipatedAttendance: 15 });

    // A corrected headcount in a later export updates that one session.
    const corrected = SAMPLE.replace(row(base(10234568, { Date: '2025-03-11', 'Confirmed Attendance': 22 })), row(base(10234568, { Date: '2025-03-11', 'Confirmed Attendance': 24 })));
    expect(corrected).not.toBe(SAMPLE);
    expect(await run(corrected)).toMatchObject({ written: true, created: 0, updated: 1, unchanged: 5, programsCreated: 0 });
    expect(await counts()).toEqual(afterFirst);
    const again = await shown();
    const storytime = again.programs.nodes.find((p: any) => p.title === 'Baby Storytime');
    expect(storytime.sessions.nodes.map((s: any) => s.attendance)).toEqual([18, 24]);
  });


  it('a dry run reports each bad row with its line and column and writes nothing; a real run with bad rows writes nothing either', async () => {
    const before = await counts();
    const dry = await run(BAD, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, written: false, created: 1, rejected: 5, userErrors: [] });
    expect(dry.rows.map((r: any) => [r.line, r.column])).toEqual([
      [2, 'Title'], [4, 'Date'], [5, 'End Time'], [6, 'Library'], [7, 'Confirmed Attendance'],
    ]);
    expect(dry.rows[1].message).toMatch(/2025-02-30.*not a day/);
    expect(dry.rows[2].message).toMatch(/ends.*before/);
    expect(dry.rows[3].message).toMatch(/Westside Branch.*not one of the libraries/);
    expect(dry.rows[4].message).toMatch(/about 20.*whole number/);
    expect(await counts()).toEqual(before);

    const real = await run(BAD);
    expect(real).toMatchObject({ dryRun: false, written: false, rejected: 5 });
    expect(real.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'INVALID' })]);
    expect(await counts()).toEqual(before);
  });

  it('a file without the required columns, an unknown time zone or branch, and a batch offset are reported as such', async () => {
    const before = await counts();
    const noDate = (await run('Event ID,Title,Start Time,End Time,Library\n1,A,10:00am,11:00am,Central Library\n')).userErrors;
    expect(noDate).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'INVALID', message: expect.stringMatching(/Date/) })]);
    const zone = await run(SAMPLE, { timeZone: 'Pacific/Nowhere' });
    expect(zone.userErrors).toEqual([expect.objectContaining({ field: ['input', 'timeZone'], code: 'INVALID' })]);
    const unknown = await run(SAMPLE, { branches: [{ source: 'Central Library', branchId: '00000000-0000-4000-8000-000000000000' }] });
    expect(unknown.userErrors).toEqual([expect.objectContaining({ field: ['input', 'branches', '0', 'branchId'], code: 'NOT_FOUND' })]);
    const batch = await run(BAD, { dryRun: true, lineOffset: 1000 });
    expect(batch.rows.map((r: any) => r.line)).toEqual([1002, 1004, 1005, 1006, 1007]);
    expect(await counts()).toEqual(before);
  });

  it('only ADMIN may import: others get FORBIDDEN (anonymous UNAUTHENTICATED) and nothing is written', async () => {
    const before = await counts();
    const roles: [unknown, string][] = [
      [{ role: 'STAFF', branchCodes: ['RVL-CEN'], sub: 'staff-cen' }, 'FORBIDDEN'], ['ANALYST', 'FORBIDDEN'], [{ role: 'PATRON', sub: 'p-imp' }, 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED'],
    ];
    for (const [as, code] of roles) {
      const res = await graph.query(IMPORT, input(SAMPLE), { as: as as never });
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.body.data?.importEvents ?? null).toBeNull();
    }
    expect(await counts()).toEqual(before);
  });
});
