import { noiseOf } from '@ceg/conventions';
import { rebuildTallies } from '@ceg/programs';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { row as libcalRow, base as libcalBase, SAMPLE as LIBCAL } from '../import/libcal-sample';
import { CEN, cancelRegistration, createProgram, ERRORS, inHours, NOR, patron, register, schedule, setStatus, STAFF_CEN } from './helpers';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const SERIES = `mutation($input: CreateSessionSeriesInput!) { createSessionSeries(input: $input) { series { id sessions { nodes { id } } } ${ERRORS} } }`;
const REGISTER_SERIES = `mutation($id: ID!) { registerForSeries(seriesId: $id) { registrations { id } ${ERRORS} } }`;
const CANCEL_SERIES = `mutation($id: ID!) { cancelSessionSeries(seriesId: $id) { series { id } ${ERRORS} } }`;
const SCHEDULE_MANY = `mutation($input: ScheduleSessionsInput!) { scheduleSessions(input: $input) { sessions { id } ${ERRORS} } }`;
const ATTEND = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { session { id } ${ERRORS} } }`;
const SURVEY = `mutation($input: OutcomeSurveyInput!) { submitOutcomeSurvey(input: $input) { accepted ${ERRORS} } }`;
const CANCEL_SESSION = `mutation($id: ID!) { cancelSession(sessionId: $id) { session { id } ${ERRORS} } }`;
const UPDATE = `mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { program { id } ${ERRORS} } }`;
const IMPORT = `mutation($input: ImportEventsInput!) { importEvents(input: $input) { written userErrors { message } } }`;
const MEASURES = 'programCount sessionCount attendance registrationCount virtualAttendance recordedViews fillRate noShowRate outcomes { responseCount }';

/** The published count of n records whose keys sum to ks (RULES.md §3): 0 when empty, 0 when withheld. */
const published = (n: number, ks: number, minCell = 5): number => {
  if (n === 0) return 0;
  const v = n + noiseOf(ks);
  return n < minCell || v < minCell ? 0 : v;
};

/**
 * The program aggregates read per-session tallies and their monthly sums
 * (apps/programs/src/tally.ts), kept by every write. After writes through
 * every path of the API, the stored tables equal a rebuild from the rows, and
 * aggregates equal recounts from the rows for ranges with and without whole
 * months.
 */
describe('programs: the aggregates\' tallies stay exact', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'] });
  });
  afterAll(() => graph?.stop());

  const db = () => graph.subgraph('programs').db;
  const sql = (q: string, params: unknown[] = []) => db().manager.query(q, params) as Promise<Record<string, unknown>[]>;
  const norm = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'bigint' || /^-?\d+$/.test(String(v)) ? Number(v) : v instanceof Date ? v.toISOString() : v]))).sort();

  /** The stored tallies and monthly sums, then the same rebuilt from the rows: they must be equal. */
  async function expectNoDrift() {
    const read = async () => ({
      tally: norm(await sql('SELECT * FROM session_tally')),
      monthly: norm(await sql('SELECT * FROM program_monthly')),
    });
    const stored = await read();
    await db().transaction((em) => rebuildTallies(em));
    const rebuilt = await read();
    expect(stored.tally.length).toBe(rebuilt.tally.length);
    expect(stored.monthly.length).toBe(rebuilt.monthly.length);
    expect(stored.tally).toEqual(rebuilt.tally);
    expect(stored.monthly).toEqual(rebuilt.monthly);
    return rebuilt;
  }

  test('after writes through every path, the stored tallies equal a rebuild from the rows', async () => {
    const seeded = await expectNoDrift();
    expect(seeded.tally.length).toBeGreaterThan(1000);

    // A session with a waitlist: registrations, promotion, a waitlisted cancellation, attendance.
    const p = await createProgram(graph, { format: 'ONSITE' });
    await setStatus(graph, p.id, 'PUBLISHED');
    const s1 = await schedule(graph, p.id, { capacity: 2, startsAt: inHours(30), endsAt: inHours(31) });
    const regs = [];
    for (const who of ['t-1', 't-2', 't-3', 't-4', 't-5']) regs.push((await register(graph, s1.id, who)).registration);
    expect(regs.map((r) => r.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'WAITLISTED', 'WAITLISTED', 'WAITLISTED']);
    expect((await cancelRegistration(graph, regs[0].id, patron('t-1'))).userErrors).toEqual([]);
    expect((await cancelRegistration(graph, regs[3].id, patron('t-4'))).userErrors).toEqual([]);
    const attended = (await graph.data(ATTEND, { input: { sessionId: s1.id, headcount: 7, attendedRegistrationIds: [regs[1].id] } }, { as: STAFF_CEN })).recordAttendance;
    expect(attended.userErrors).toEqual([]);

    // A series: created, registered for, cancelled.
    const series = (await graph.data(SERIES, { input: { programId: p.id, startsAt: inHours(24 * 8), endsAt: inHours(24 * 8 + 1), recurrence: 'FREQ=WEEKLY;COUNT=3', capacity: 1 } }, { as: STAFF_CEN })).createSessionSeries;
    expect(series.userErrors).toEqual([]);
    for (const who of ['s-1', 's-2']) expect((await graph.data(REGISTER_SERIES, { id: series.series.id }, { as: patron(who) })).registerForSeries.userErrors).toEqual([]);
    expect((await graph.data(CANCEL_SERIES, { id: series.series.id }, { as: STAFF_CEN })).cancelSessionSeries.userErrors).toEqual([]);

    // Sessions in bulk, one in the past with answer sheets; one cancelled.
    const many = (await graph.data(SCHEDULE_MANY, { input: { sessions: [
      { programId: p.id, startsAt: inHours(-50), endsAt: inHours(-49) },
      { programId: p.id, startsAt: inHours(60), endsAt: inHours(61), capacity: 10 },
    ] } }, { as: STAFF_CEN })).scheduleSessions;
    expect(many.userErrors).toEqual([]);
    const [past, later] = many.sessions;
    for (let i = 0; i < 6; i++) {
      const res = (await graph.data(SURVEY, { input: { sessionId: past.id, surveyType: 'IMMEDIATE', knowledge: 1 + (i % 5), confidence: 4 } })).submitOutcomeSurvey;
      expect(res.accepted).toBe(true);
    }
    await register(graph, later.id, 't-9');
    expect((await graph.data(CANCEL_SESSION, { id: later.id }, { as: STAFF_CEN })).cancelSession.userErrors).toEqual([]);

    // A program's format decides how attendance splits: every session of it moves.
    const demo = (await sql("SELECT p.id FROM program p JOIN program_session s ON s.programId = p.id WHERE s.attendance IS NOT NULL AND p.format = 'ONSITE' AND p.branchId = ? LIMIT 1", [CEN.id]))[0];
    for (const input of [{ format: 'RECORDED' }, { format: 'VIRTUAL' }, { format: 'ONSITE', hybrid: true }]) {
      expect((await graph.data(UPDATE, { input: { programId: demo.id, ...input } }, { as: 'ADMIN' })).updateProgram.userErrors).toEqual([]);
    }
    // Cancelling a program cancels its scheduled sessions.
    expect((await graph.data(UPDATE, { input: { programId: p.id, status: 'CANCELLED' } }, { as: STAFF_CEN })).updateProgram.userErrors).toEqual([]);

    // Imported events, then imported again with new attendance.
    const branches = [{ source: 'Central Library', branchId: CEN.id }, { source: 'north branch', branchId: NOR.id }];
    const imp = async (csv: string) => (await graph.data(IMPORT, { input: { format: 'LIBCAL', csv, branches, timeZone: 'America/Los_Angeles' } }, { as: 'ADMIN' })).importEvents;
    expect((await imp(LIBCAL)).written).toBe(true);
    const changed = LIBCAL.split('\n')[0] + '\n' + libcalRow(libcalBase(10234567, { 'Confirmed Attendance': 41 }));
    expect((await imp(changed)).written).toBe(true);

    const after = await expectNoDrift();
    expect(after.tally).not.toEqual(seeded.tally);
  });

  test('aggregates equal recounts from the rows, with and without whole months in the range', async () => {
    const time = (v: unknown) => (v instanceof Date ? v.getTime() : new Date(`${String(v).replace(' ', 'T')}Z`).getTime());
    const sessions = (await sql('SELECT s.id, s.programId, s.branchId, s.startsAt, s.status, s.attendance, s.capacity, s.virtualAttendance, p.format, p.hybrid, p.serviceArea FROM program_session s JOIN program p ON p.id = s.programId'))
      .map((s): Record<string, any> & { at: number } => Object.assign({}, s, { at: time(s.startsAt) }));
    const regs = new Map<string, string[]>();
    for (const r of await sql('SELECT sessionId, status FROM registration')) regs.set(String(r.sessionId), [...(regs.get(String(r.sessionId)) ?? []), String(r.status)]);
    const sheets = new Map<string, number[]>();
    for (const r of await sql("SELECT sessionId, recordKey FROM outcome_response WHERE surveyType = 'IMMEDIATE'")) sheets.set(String(r.sessionId), [...(sheets.get(String(r.sessionId)) ?? []), Number(r.recordKey)]);
    await graph.query('{ __typename }');

    const recount = (keep: (s: (typeof sessions)[number]) => boolean) => {
      const held = sessions.filter((s) => s.status !== 'CANCELLED' && keep(s));
      const of = (s: (typeof held)[number]) => regs.get(String(s.id)) ?? [];
      const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
      const withCapacity = held.filter((s) => s.capacity !== null);
      const capacity = withCapacity.reduce((a, s) => a + n(s.capacity), 0);
      const seated = withCapacity.reduce((a, s) => a + of(s).filter((st) => st === 'CONFIRMED' || st === 'ATTENDED').length, 0);
      const came = held.reduce((a, s) => a + of(s).filter((st) => st === 'ATTENDED').length, 0);
      const noShows = held.reduce((a, s) => a + of(s).filter((st) => st === 'NO_SHOW').length, 0);
      const keys = held.flatMap((s) => sheets.get(String(s.id)) ?? []);
      return {
        programCount: new Set(held.map((s) => s.programId)).size,
        sessionCount: held.length,
        attendance: held.reduce((a, s) => a + n(s.attendance), 0),
        registrationCount: held.reduce((a, s) => a + of(s).filter((st) => st !== 'CANCELLED').length, 0),
        virtualAttendance: held.reduce((a, s) => a + (s.format === 'VIRTUAL' ? n(s.attendance) : Number(s.hybrid) === 1 ? n(s.virtualAttendance) : 0), 0),
        recordedViews: held.reduce((a, s) => a + (s.format === 'RECORDED' ? n(s.attendance) : 0), 0),
        fillRate: capacity ? Math.round((seated / capacity) * 10_000) / 10_000 : null,
        noShowRate: came + noShows ? Math.round((noShows / (came + noShows)) * 10_000) / 10_000 : null,
        outcomes: { responseCount: published(keys.length, keys.reduce((a, k) => a + k, 0)) },
      };
    };
    const Q = `query($from: DateTime, $to: DateTime, $g: [ProgramDimension!], $i: TimeInterval) {
      programAggregate(from: $from, to: $to, groupBy: $g, interval: $i) { totals { ${MEASURES} } groups { key { branch { id } serviceArea period } measures { ${MEASURES} } } } }`;
    const now = Date.now();
    const ranges: [string, number, number][] = [
      ['whole months only', Date.UTC(2026, 0, 1) - 365 * DAY * 0, Date.UTC(2026, 0, 1)],
      ['mid-month to mid-month', now - 300 * DAY, now + 40 * DAY],
      ['within one month', Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 3), Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 20)],
    ];
    ranges[0][1] = ranges[0][2] - 365 * DAY;
    let compared = 0;
    for (const [, from, to] of ranges) {
      const inRange = (s: { at: number }) => s.at >= from && s.at < to;
      for (const [g, interval] of [[[], 'MONTH'], [['BRANCH', 'PERIOD'], 'MONTH'], [['PERIOD'], 'QUARTER'], [['SERVICE_AREA'], 'MONTH'], [['PERIOD'], 'WEEK']] as const) {
        const data = await graph.data(Q, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), g, i: interval }, { as: 'ADMIN' });
        expect(data.programAggregate.totals).toEqual(recount(inRange));
        for (const group of data.programAggregate.groups) {
          const k = group.key;
          const bucket = (at: number) => {
            const d = new Date(at);
            if (interval === 'QUARTER') return `${d.getUTCFullYear()}-${String(Math.floor(d.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;
            if (interval === 'WEEK') return new Date(at - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
            return `${d.toISOString().slice(0, 7)}-01`;
          };
          // A group's outcomes may also be withheld to protect a neighbour (secondary suppression): the totals check them.
          const { outcomes: _o, ...expected } = recount((s) => inRange(s)
            && (k.branch === null || s.branchId === k.branch.id)
            && (k.serviceArea === null || s.serviceArea === k.serviceArea)
            && (k.period === null || bucket(s.at) === k.period));
          const { outcomes: _g, ...got } = group.measures;
          expect(got).toEqual(expected);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
