import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { CEN, createProgram, ERRORS, inHours, patron, register, sessionState, setStatus, STAFF_CEN, STAFF_NOR } from './helpers';

const SERIES_FIELDS = `id recurrence timeZone startsAt endsAt exceptDates location capacity status occurrenceCount
  program { id }
  sessions(first: 100) { totalCount nodes { id startsAt endsAt recurrenceId location capacity status series { id } } }`;

const CREATE = `mutation($input: CreateSessionSeriesInput!) { createSessionSeries(input: $input) { series { ${SERIES_FIELDS} } ${ERRORS} } }`;
const REGISTER_SERIES = `mutation($id: ID!) { registerForSeries(seriesId: $id) { registrations { id status waitlistPosition session { id } } ${ERRORS} } }`;

/** Session series (RFC 5545 recurrence), series registration and batch scheduling, through the gateway. */
describe('programs: session series', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  const count = async (sql: string, params: unknown[] = []) => Number((await graph.subgraph('programs').db.manager.query(sql, params))[0].n);

  async function publishedProgram(title = 'Series program') {
    const p = await createProgram(graph, { title });
    await setStatus(graph, p.id, 'PUBLISHED');
    return p;
  }

  async function createSeries(input: Record<string, unknown>, as: any = STAFF_CEN) {
    return (await graph.data(CREATE, { input }, { as })).createSessionSeries;
  }

  test('a weekly series with two exceptions and one moved occurrence has exactly the expected occurrences (local time across DST)', async () => {
    const p = await publishedProgram('Tuesday storytime');
    const res = await createSeries({
      programId: p.id,
      // Tuesday 7 September 2027, 10:30 in Oregon (PDT, UTC-7), 45 minutes.
      startsAt: '2027-09-07T17:30:00.000Z',
      endsAt: '2027-09-07T18:15:00.000Z',
      timeZone: 'America/Los_Angeles',
      recurrence: 'RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20271201T000000Z',
      exceptDates: ['2027-10-12', '2027-11-23'],
      changes: [{ date: '2027-10-19', startsAt: '2027-10-20T21:00:00.000Z', capacity: 3, location: 'Garden' }],
      location: 'Story room',
      capacity: 12,
    });
    expect(res.userErrors).toEqual([]);
    const s = res.series;
    expect(s).toMatchObject({
      recurrence: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20271201T000000Z', timeZone: 'America/Los_Angeles', exceptDates: ['2027-10-12', '2027-11-23'],
      location: 'Story room', capacity: 12, status: 'SCHEDULED', occurrenceCount: 11, program: { id: p.id },
    });
    // Every Tuesday from 7 September to 30 November 2027 (13), without 12 October and 23 November: 11.
    // 10:30 local is 17:30Z until daylight saving ends on 7 November 2027, then 18:30Z.
    const tuesdays = ['09-07', '09-14', '09-21', '09-28', '10-05', '10-19', '10-26', '11-02', '11-09', '11-16', '11-30'];
    const expected = tuesdays.map((d) => `2027-${d}T${d < '11-07' ? '17' : '18'}:30:00.000Z`);
    const nodes = s.sessions.nodes;
    expect(s.sessions.totalCount).toBe(11);
    expect(nodes.map((n: any) => n.recurrenceId).sort()).toEqual(expected);
    for (const n of nodes) expect(n.series).toEqual({ id: s.id });
    const moved = nodes.find((n: any) => n.recurrenceId === '2027-10-19T17:30:00.000Z');
    expect(moved).toMatchObject({ startsAt: '2027-10-20T21:00:00.000Z', endsAt: '2027-10-20T21:45:00.000Z', capacity: 3, location: 'Garden' });
    const others = nodes.filter((n: any) => n !== moved);
    for (const n of others) {
      expect(n).toMatchObject({ startsAt: n.recurrenceId, capacity: 12, location: 'Story room', status: 'SCHEDULED' });
      expect(new Date(n.endsAt).getTime() - new Date(n.startsAt).getTime()).toBe(45 * 60_000);
    }
    // Listed by the program too, and readable by anyone while the program is published.
    const anon = await graph.data(`query($id: ID!) { sessionSeries(id: $id) { id occurrenceCount } program(id: "${p.id}") { series { totalCount nodes { id } } } }`, { id: s.id });
    expect(anon.sessionSeries).toEqual({ id: s.id, occurrenceCount: 11 });
    expect(anon.program.series).toEqual({ totalCount: 1, nodes: [{ id: s.id }] });
  });

  test('bad rules and exceptions are user errors and write nothing', async () => {
    const p = await publishedProgram('Bad rules');
    const base = { programId: p.id, startsAt: '2027-01-05T18:00:00.000Z', endsAt: '2027-01-05T19:00:00.000Z' };
    const before = await count('SELECT COUNT(*) AS n FROM program_session WHERE programId = ?', [p.id]);
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ recurrence: 'FREQ=WEEKLY;BYDAY=TU' }, ['input', 'recurrence'], 'REQUIRED'],
      [{ recurrence: 'FREQ=DAILY;COUNT=501' }, ['input', 'recurrence'], 'INVALID'],
      [{ recurrence: 'FREQ=DAILY;UNTIL=20290101T000000Z' }, ['input', 'recurrence'], 'INVALID'],
      [{ recurrence: 'FREQ=MINUTELY;COUNT=5' }, ['input', 'recurrence'], 'INVALID'],
      [{ recurrence: 'FREQ=WEEKLY;BYDAY=XX;COUNT=3' }, ['input', 'recurrence'], 'INVALID'],
      [{ recurrence: 'not a rule' }, ['input', 'recurrence'], 'INVALID'],
      [{ recurrence: 'FREQ=WEEKLY;COUNT=3', timeZone: 'Mars/Olympus' }, ['input', 'timeZone'], 'INVALID'],
      [{ recurrence: 'FREQ=WEEKLY;COUNT=3', exceptDates: ['2027-01-06'] }, ['input', 'exceptDates', '0'], 'INVALID'],
      [{ recurrence: 'FREQ=WEEKLY;COUNT=2', exceptDates: ['2027-01-05', '2027-01-12'] }, ['input', 'exceptDates'], 'INVALID'],
      [{ recurrence: 'FREQ=WEEKLY;COUNT=3', changes: [{ date: '2027-01-07', capacity: 2 }] }, ['input', 'changes', '0', 'date'], 'INVALID'],
      [{ recurrence: 'FREQ=WEEKLY;COUNT=3', changes: [{ date: '2027-01-12', capacity: 0 }] }, ['input', 'changes', '0', 'capacity'], 'INVALID'],
      [{ recurrence: 'FREQ=WEEKLY;COUNT=3', endsAt: '2027-01-05T17:00:00.000Z' }, ['input', 'endsAt'], 'INVALID'],
    ];
    for (const [input, field, code] of cases) {
      const res = await createSeries({ ...base, ...input });
      expect({ input, series: res.series, errors: res.userErrors.map((e: any) => [e.field, e.code]) }).toEqual({ input, series: null, errors: [[field, code]] });
    }
    expect(await count('SELECT COUNT(*) AS n FROM program_session WHERE programId = ?', [p.id])).toBe(before);
    expect(await count('SELECT COUNT(*) AS n FROM session_series WHERE programId = ?', [p.id])).toBe(0);
    // Exactly 500 occurrences is allowed.
    const max = await createSeries({ ...base, recurrence: 'FREQ=DAILY;COUNT=500' });
    expect(max.userErrors).toEqual([]);
    expect(max.series.occurrenceCount).toBe(500);
    // Staff of another branch may not; a patron may not.
    const other = await graph.query(CREATE, { input: { ...base, recurrence: 'FREQ=WEEKLY;COUNT=3' } }, { as: STAFF_NOR });
    expect(other.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const pat = await graph.query(CREATE, { input: { ...base, recurrence: 'FREQ=WEEKLY;COUNT=3' } }, { as: patron('p-series') });
    expect(pat.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('50 concurrent patrons registering for a whole series never overbook any occurrence; each waitlist keeps arrival order', async () => {
    const p = await publishedProgram('Popular series');
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const res = await createSeries({
      programId: p.id, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), recurrence: 'FREQ=WEEKLY;COUNT=4', capacity: 5,
    });
    expect(res.userErrors).toEqual([]);
    const occurrences = res.series.sessions.nodes.map((n: any) => n.id);
    expect(occurrences).toHaveLength(4);
    // A few patrons take single occurrences at the same moment.
    const singles = ['single-0', 'single-1', 'single-2'];
    const started = Date.now();
    const results = await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => graph.data(REGISTER_SERIES, { id: res.series.id }, { as: patron(`series-${i}`) }).then((d) => d.registerForSeries)),
      ...singles.map((sub, i) => register(graph, occurrences[i], sub)),
    ]);
    const ms = Date.now() - started;
    for (const r of results) expect(r.userErrors).toEqual([]);
    for (const r of results.slice(0, 50)) expect(r.registrations.map((x: any) => x.session.id)).toEqual(occurrences);
    for (const id of occurrences) {
      const state = await sessionState(graph, id);
      const regs = state.registrations.nodes;
      const confirmed = regs.filter((r: any) => r.status === 'CONFIRMED');
      const waitlisted = regs.filter((r: any) => r.status === 'WAITLISTED').sort((a: any, b: any) => a.waitlistPosition - b.waitlistPosition);
      expect(confirmed).toHaveLength(5);
      expect(state.seatsAvailable).toBe(0);
      expect(waitlisted.map((r: any) => r.waitlistPosition)).toEqual(Array.from({ length: regs.length - 5 }, (_, i) => i + 1));
      for (let i = 1; i < waitlisted.length; i++) expect(new Date(waitlisted[i].registeredAt).getTime()).toBeGreaterThanOrEqual(new Date(waitlisted[i - 1].registeredAt).getTime());
      expect(new Set(regs.map((r: any) => r.patronId)).size).toBe(regs.length);
    }
    const held = await count(`SELECT MAX(n) AS n FROM (SELECT COUNT(*) AS n FROM registration WHERE sessionId IN (${occurrences.map(() => '?').join(',')}) AND status IN ('CONFIRMED', 'ATTENDED') GROUP BY sessionId) t`, occurrences);
    expect(held).toBe(5);
    // Registering for the series again returns the same registrations.
    const again = (await graph.data(REGISTER_SERIES, { id: res.series.id }, { as: patron('series-0') })).registerForSeries;
    expect(again.registrations.map((r: any) => r.id)).toEqual(results[0].registrations.map((r: any) => r.id));
    console.info(`series: 50 patrons x 4 occurrences (+3 single registrations) in ${ms} ms on ${graph.subgraph('programs').db.dialect}`);
  });

  test('cancelling a series cancels its upcoming occurrences and their registrations; held occurrences stay', async () => {
    const p = await publishedProgram('Cancelled series');
    const first = new Date(Date.now() - 86_400_000);
    const res = await createSeries({
      programId: p.id, startsAt: first.toISOString(), endsAt: new Date(first.getTime() + 3_600_000).toISOString(), recurrence: 'FREQ=DAILY;INTERVAL=2;COUNT=4', capacity: 1,
    });
    expect(res.userErrors).toEqual([]);
    const reg = (await graph.data(REGISTER_SERIES, { id: res.series.id }, { as: patron('c-1') })).registerForSeries;
    expect(reg.registrations.map((r: any) => r.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CONFIRMED']);
    const wait = (await graph.data(REGISTER_SERIES, { id: res.series.id }, { as: patron('c-2') })).registerForSeries;
    expect(wait.registrations.map((r: any) => [r.status, r.waitlistPosition])).toEqual([['WAITLISTED', 1], ['WAITLISTED', 1], ['WAITLISTED', 1]]);

    const cancel = `mutation($id: ID!) { cancelSessionSeries(seriesId: $id) { series { id status sessions { nodes { startsAt status } } } ${ERRORS} } }`;
    expect((await graph.query(cancel, { id: res.series.id }, { as: STAFF_NOR })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const done = (await graph.data(cancel, { id: res.series.id }, { as: STAFF_CEN })).cancelSessionSeries;
    expect(done.userErrors).toEqual([]);
    expect(done.series.status).toBe('CANCELLED');
    expect(done.series.sessions.nodes.map((n: any) => n.status)).toEqual(['SCHEDULED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
    const live = await count(`SELECT COUNT(*) AS n FROM registration r JOIN program_session s ON s.id = r.sessionId WHERE s.seriesId = ? AND r.status <> 'CANCELLED'`, [res.series.id]);
    expect(live).toBe(0);
    // Twice is harmless; a cancelled series takes no registrations.
    expect((await graph.data(cancel, { id: res.series.id }, { as: STAFF_CEN })).cancelSessionSeries.userErrors).toEqual([]);
    const late = (await graph.data(REGISTER_SERIES, { id: res.series.id }, { as: patron('c-3') })).registerForSeries;
    expect(late).toEqual({ registrations: null, userErrors: [{ field: ['seriesId'], code: 'CONFLICT', message: expect.any(String) }] });
  });

  test('a series of a draft program is hidden like the program; registering needs a published program', async () => {
    const p = await createProgram(graph, { title: 'Draft series' });
    const res = await createSeries({ programId: p.id, startsAt: inHours(72), endsAt: inHours(73), recurrence: 'FREQ=WEEKLY;COUNT=2' });
    expect(res.userErrors).toEqual([]);
    const q = `query($id: ID!) { sessionSeries(id: $id) { id } }`;
    expect((await graph.data(q, { id: res.series.id })).sessionSeries).toBeNull();
    expect((await graph.data(q, { id: res.series.id }, { as: STAFF_NOR })).sessionSeries).toBeNull();
    expect((await graph.data(q, { id: res.series.id }, { as: STAFF_CEN })).sessionSeries).toEqual({ id: res.series.id });
    expect((await graph.data(q, { id: res.series.id }, { as: 'ANALYST' })).sessionSeries).toEqual({ id: res.series.id });
    const reg = (await graph.data(REGISTER_SERIES, { id: res.series.id }, { as: patron('d-1') })).registerForSeries;
    expect(reg.userErrors[0]).toMatchObject({ field: ['seriesId'], code: 'NOT_FOUND' });
  });

  test('scheduleSessions writes many sessions in one call, all or nothing', async () => {
    const p = await publishedProgram('Batch');
    const q = await publishedProgram('Batch two');
    const mutation = `mutation($input: ScheduleSessionsInput!) { scheduleSessions(input: $input) { sessions { id startsAt capacity program { id } } ${ERRORS} } }`;
    const item = (programId: string, h: number, extra: Record<string, unknown> = {}) => ({ programId, startsAt: inHours(h), endsAt: inHours(h + 1), ...extra });
    const sessions = [...Array.from({ length: 30 }, (_, i) => item(p.id, 24 + i * 24, { capacity: 10 })), item(q.id, 30)];
    const bad = [...sessions, item(p.id, 50, { endsAt: inHours(49) }), item('00000000-0000-4000-8000-000000000000', 60)];
    const before = await count('SELECT COUNT(*) AS n FROM program_session');
    const refused = (await graph.data(mutation, { input: { sessions: bad } }, { as: STAFF_CEN })).scheduleSessions;
    expect(refused.sessions).toBeNull();
    expect(refused.userErrors.map((e: any) => [e.field, e.code])).toEqual([
      [['input', 'sessions', '31', 'endsAt'], 'INVALID'],
      [['input', 'sessions', '32', 'programId'], 'NOT_FOUND'],
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM program_session')).toBe(before);
    const ok = (await graph.data(mutation, { input: { sessions } }, { as: STAFF_CEN })).scheduleSessions;
    expect(ok.userErrors).toEqual([]);
    expect(ok.sessions).toHaveLength(31);
    expect(ok.sessions[30].program.id).toBe(q.id);
    expect(await count('SELECT COUNT(*) AS n FROM program_session')).toBe(before + 31);
    expect((await graph.query(mutation, { input: { sessions } }, { as: STAFF_NOR })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const tooMany = (await graph.data(mutation, { input: { sessions: Array.from({ length: 501 }, () => item(p.id, 24)) } }, { as: STAFF_CEN })).scheduleSessions;
    expect(tooMany.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['input', 'sessions'], 'INVALID']]);
    expect(CEN.id).toBeTruthy();
  });
});
