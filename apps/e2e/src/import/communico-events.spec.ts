import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { BAD, base, row, SAMPLE } from './communico-sample';

const CEN = demoBranch('RVL-CEN');
const NOR = demoBranch('RVL-NOR');

const BRANCHES = [{ source: 'Central Library', branchId: CEN.id }, { source: 'North Branch', branchId: NOR.id }];
const IMPORT = `mutation($input: ImportEventsInput!) { importEvents(input: $input) {
  dryRun written created updated unchanged rejected programsCreated rows { line column message } userErrors { field message code } } }`;
const input = (csv: string, over: Record<string, unknown> = {}) => ({ input: { format: 'COMMUNICO', csv, branches: BRANCHES, timeZone: 'America/Chicago', ...over } });

describe('import: Communico events through the gateway', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  const count = async (table: string) => Number((await graph.subgraph('programs').db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({ program: await count('program'), session: await count('program_session'), key: await count('import_key') });
  const run = async (csv: string, over: Record<string, unknown> = {}) => (await graph.data(IMPORT, input(csv, over), { as: 'ADMIN' })).importEvents;
  const shown = () =>
    graph.data(
      `query($b: [ID!]) {
        programs(first: 100, filter: { branchIds: $b }) { totalCount nodes { title description ageGroup serviceArea status branch { id } sessions(first: 10) { nodes { startsAt endsAt location capacity status attendance } } } }
      }`,
      { b: [CEN.id, NOR.id] },
      { as: 'ADMIN' },
    );

  it('imports what the file says; a second import of the same file changes nothing; a corrected row updates one session', async () => {
    const before = await counts();
    const dry = await run(SAMPLE, { dryRun: true });
    expect(dry).toEqual({ dryRun: true, written: false, created: 5, updated: 0, unchanged: 0, rejected: 0, programsCreated: 4, rows: [], userErrors: [] });
    expect(await counts()).toEqual(before);

    expect(await run(SAMPLE)).toMatchObject({ written: true, created: 5, updated: 0, unchanged: 0, rejected: 0, programsCreated: 4 });
    const afterFirst = await counts();
    expect(afterFirst).toEqual({ program: before.program + 4, session: before.session + 5, key: before.key + 9 });
    const seen = await shown();

    expect(await run(SAMPLE)).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 5, programsCreated: 0 });
    expect(await counts()).toEqual(afterFirst);
    expect(await shown()).toEqual(seen);

    const byTitle = Object.fromEntries(seen.programs.nodes.map((p: any) => [p.title, p]));
    expect(seen.programs.totalCount).toBe(4);
    expect(byTitle['Toddler Time']).toMatchObject({ description: 'Songs and stories for toddlers.', ageGroup: 'EARLY_CHILDHOOD', serviceArea: 'EARLY_CHILDHOOD_LITERACY', status: 'PUBLISHED', branch: { id: CEN.id } });
    // 10:30 in Chicago before daylight saving time (CST, UTC−6) is 16:30 UTC; after it began on March 9 (CDT, UTC−5), 15:30.
    expect(byTitle['Toddler Time'].sessions.nodes).toEqual([
      { startsAt: '2025-03-05T16:30:00.000Z', endsAt: '2025-03-05T17:00:00.000Z', location: 'Storytime Room', capacity: 25, status: 'COMPLETED', attendance: 17 },
      { startsAt: '2025-03-12T15:30:00.000Z', endsAt: '2025-03-12T16:00:00.000Z', location: 'Storytime Room', capacity: 25, status: 'COMPLETED', attendance: 21 },
    ]);
    expect(byTitle['Technology Help']).toMatchObject({ description: 'Drop-in help.\nBring your device.', ageGroup: 'ADULTS', serviceArea: 'DIGITAL_LEARNING', branch: { id: NOR.id } });
    expect(byTitle['Technology Help'].sessions.nodes).toEqual([
      { startsAt: '2025-03-18T19:00:00.000Z', endsAt: '2025-03-18T21:00:00.000Z', location: 'Computer Lab', capacity: null, status: 'COMPLETED', attendance: 7 },
    ]);
    expect(byTitle['Teen Anime Club']).toMatchObject({ ageGroup: 'YOUNG_ADULTS' });
    expect(byTitle['Teen Anime Club'].sessions.nodes[0]).toMatchObject({ capacity: 15, attendance: 12 });
    expect(byTitle['Job Search Basics']).toMatchObject({ serviceArea: 'JOB_SKILLS', branch: { id: NOR.id } });
    expect(byTitle['Job Search Basics'].sessions.nodes).toEqual([
      { startsAt: '2025-04-01T23:00:00.000Z', endsAt: '2025-04-02T00:00:00.000Z', location: 'Storytime Room', capacity: 25, status: 'CANCELLED', attendance: null },
    ]);

    // Registration counts are kept with the source id (registrations need a patron, which an export does not name).
    const kept = await graph.subgraph('programs').db.manager.query("SELECT sourceData FROM import_key WHERE source = 'COMMUNICO' AND kind = 'session' AND externalId = '15292079'");
    expect(JSON.parse(kept[0].sourceData)).toMatchObject({ confirmedRegistrations: 20, waitlistRegistrations: 2, eventUrl: 'https://example.libnet.info/event/15292079' });

    const corrected = SAMPLE.replace(row(base(15292080, { Start: '2025-03-12 10:30:00', End: '2025-03-12 11:00:00', Attendance: 21 })), row(base(15292080, { Start: '2025-03-12 10:30:00', End: '2025-03-12 11:00:00', Attendance: 23 })));
    expect(corrected).not.toBe(SAMPLE);
    expect(await run(corrected)).toMatchObject({ written: true, created: 0, updated: 1, unchanged: 4 });
    expect(await counts()).toEqual(afterFirst);
    const toddler = (await shown()).programs.nodes.find((p: any) => p.title === 'Toddler Time');
    expect(toddler.sessions.nodes.map((s: any) => s.attendance)).toEqual([17, 23]);
  });

  it('two imports of the same new file at once write it once: each is written whole or refused as a CONFLICT, never an internal error', async () => {
    const before = await counts();
    const file = SAMPLE.replace(/^"15/gm, '"95');
    expect(file).not.toBe(SAMPLE);
    const answers = await Promise.all([1, 2, 3].map(() => graph.query(IMPORT, input(file), { as: 'ADMIN' })));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    const results = answers.map((a) => (a.body.data as any).importEvents);
    for (const r of results) {
      if (r.written) expect(r.created + r.unchanged).toBe(5);
      else expect(r.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'CONFLICT' })]);
    }
    expect(results.filter((r) => r.written && r.created === 5)).toHaveLength(1);
    // The sessions are new (their ids too); the programs are those of the first import (same library and title).
    expect(await counts()).toEqual({ program: before.program, session: before.session + 5, key: before.key + 5 });
  });

  it('a dry run reports each bad row with its line, column and message and writes nothing; a real run writes nothing either', async () => {
    const before = await counts();
    const dry = await run(BAD, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, written: false, created: 1, userErrors: [] });
    expect(dry.rows.map((r: any) => [r.line, r.column])).toEqual([
      [2, 'Title'], [3, 'Start'], [3, 'End'], [4, 'End'], [5, 'Location'], [6, 'Attendance'], [7, 'Start'], [9, 'Event ID'],
    ]);
    // Rows are counted once each, also the one with two bad cells.
    expect(dry.rejected).toBe(7);
    const messages = dry.rows.filter((r: any) => !(r.line === 3 && r.column === 'End')).map((r: any) => r.message);
    expect(messages[0]).toMatch(/Title/);
    expect(messages[1]).toMatch(/2025-02-30.*not a day/);
    expect(messages[2]).toMatch(/ends.*before/);
    expect(messages[3]).toMatch(/Westside Branch.*not one of the libraries/);
    expect(messages[4]).toMatch(/twelve.*whole number/);
    expect(messages[5]).toMatch(/25:00.*not a time/);
    expect(messages[6]).toMatch(/25000007.*line 8/);
    expect(await counts()).toEqual(before);

    const real = await run(BAD);
    expect(real).toMatchObject({ written: false, rejected: 7 });
    expect(real.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'INVALID' })]);
    expect(await counts()).toEqual(before);
  });

  it('a file without the start column is refused as a whole', async () => {
    const res = await run('Event ID,Title,End,Location\n1,A,2025-03-05 11:00:00,Central Library\n');
    expect(res.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'INVALID', message: expect.stringMatching(/Start/) })]);
    expect(res.written).toBe(false);
  });

  it('only ADMIN may import: STAFF and ANALYST are FORBIDDEN, anonymous UNAUTHENTICATED, and nothing is written', async () => {
    const before = await counts();
    const roles: [unknown, string][] = [[{ role: 'STAFF', branchCodes: ['RVL-CEN'], sub: 'staff-cen' }, 'FORBIDDEN'], ['ANALYST', 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']];
    for (const [as, code] of roles) {
      const res = await graph.query(IMPORT, input(SAMPLE), { as: as as never });
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.body.data?.importEvents ?? null).toBeNull();
    }
    expect(await counts()).toEqual(before);
  });
});
