import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { cancelRegistration, ERRORS, inHours, patron, publishedSession, register, sessionState, STAFF_CEN, STAFF_NOR } from './helpers';

/** RULES.md §5 through the gateway: capacity, waitlist order, one live registration, promotion, attendance. */
describe('programs: registration', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  /** Live rows straight from the database, in waitlist order. */
  async function rows(sessionId: string) {
    const list: any[] = await graph.subgraph('programs').db.manager.query(
      'SELECT id, patronId, status, waitlistPosition, registeredAt, liveKey FROM registration WHERE sessionId = ? ORDER BY registeredAt, id',
      [sessionId],
    );
    return list.map((r) => ({ ...r, waitlistPosition: r.waitlistPosition === null ? null : Number(r.waitlistPosition) }));
  }

  test('a burst of 60 patrons for 5 seats: exactly 5 confirmed, the rest waitlisted 1..55 in arrival order', async () => {
    const { session } = await publishedSession(graph, { capacity: 5 });
    const patrons = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
    const sent = graph.subgraph('programs').db.queryCount;
    const started = Date.now();
    const results = await Promise.all(patrons.map((p) => register(graph, session.id, p)));
    const ms = Date.now() - started;
    const statements = graph.subgraph('programs').db.queryCount - sent;
    expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
    const confirmed = results.filter((r) => r.registration.status === 'CONFIRMED');
    const waitlisted = results.filter((r) => r.registration.status === 'WAITLISTED');
    expect(confirmed).toHaveLength(5);
    expect(waitlisted).toHaveLength(55);
    expect(confirmed.every((r) => r.registration.waitlistPosition === null)).toBe(true);
    expect(waitlisted.map((r) => r.registration.waitlistPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));

    // Arrival order (the order the database admitted them) is waitlist order.
    const db = await rows(session.id);
    const queue = db.filter((r) => r.status === 'WAITLISTED').sort((a, b) => a.waitlistPosition - b.waitlistPosition);
    const admitted = (r: any) => new Date(r.registeredAt instanceof Date ? r.registeredAt : `${String(r.registeredAt).replace(' ', 'T')}Z`).getTime();
    for (let i = 1; i < queue.length; i++) expect(admitted(queue[i])).toBeGreaterThanOrEqual(admitted(queue[i - 1]));
    const lastConfirmed = Math.max(...db.filter((r) => r.status === 'CONFIRMED').map(admitted));
    expect(admitted(queue[0])).toBeGreaterThanOrEqual(lastConfirmed);

    const state = await sessionState(graph, session.id);
    expect(state).toMatchObject({ registeredCount: 5, waitlistCount: 55, seatsAvailable: 0 });
    console.info(`burst: 60 registrations for 5 seats in ${ms} ms, ${statements} statements, on ${graph.subgraph('programs').db.dialect}`);
  });

  test('registrations that arrive together are admitted together: a fraction of the statements, every caller its own answer, registeredAt in waitlist order', async () => {
    const { session } = await publishedSession(graph, { capacity: 10 });
    const programs = graph.subgraph('programs');
    // One patron already holds a seat: in the burst, they get it back rather than a second one.
    const early = await register(graph, session.id, 'batch-0');
    const patrons = Array.from({ length: 100 }, (_, i) => `batch-${i}`);
    // The burst arrives at once: hold the subgraph's slots until all 100 wait in its queue, then free them together.
    const slots = programs.bulkhead.all;
    slots.inFlight = slots.size;
    const pending = Promise.all(patrons.map((p) => register(graph, session.id, p)));
    for (let i = 0; i < 200 && slots.queued < patrons.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(slots.queued).toBe(patrons.length);
    const sent = programs.db.queryCount;
    for (let i = 0; i < slots.size; i++) slots.release(); // the held slots pass to the first 64 waiters; the rest follow as those finish
    const results = await pending;
    const statements = programs.db.queryCount - sent;
    expect(slots.inFlight).toBe(0);
    // One transaction per registration took 8 statements each (2 reads, BEGIN, lock, live check, count, INSERT, COMMIT).
    expect(statements / patrons.length).toBeLessThan(3);
    expect(results[0].registration.id).toBe(early.registration.id);
    expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
    expect(results.filter((r) => r.registration.status === 'CONFIRMED')).toHaveLength(10);
    const positions = results.filter((r) => r.registration.status === 'WAITLISTED').map((r) => r.registration.waitlistPosition).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    // Every admission has its own time, so that the order by registeredAt is the waitlist's order.
    const db = await rows(session.id);
    const queue = db.filter((r) => r.status === 'WAITLISTED');
    expect(queue.map((r) => r.waitlistPosition)).toEqual(positions);
    expect(new Set(db.map((r) => (r.registeredAt instanceof Date ? r.registeredAt.getTime() : String(r.registeredAt)))).size).toBe(db.length);
    console.info(`batched burst: 100 registrations, ${statements} statements on ${programs.db.dialect}`);
  });

  test('registering twice, also at once, returns the one live registration', async () => {
    const { session } = await publishedSession(graph, { capacity: 2 });
    const first = await register(graph, session.id, 'twice');
    const again = await register(graph, session.id, 'twice');
    expect(again.registration.id).toBe(first.registration.id);
    const burst = await Promise.all(Array.from({ length: 10 }, () => register(graph, session.id, 'twice-burst')));
    expect(new Set(burst.map((r) => r.registration.id)).size).toBe(1);
    expect((await rows(session.id)).filter((r) => r.liveKey !== null)).toHaveLength(2);
    // After cancelling, a new registration is possible.
    await cancelRegistration(graph, first.registration.id, patron('twice'));
    const fresh = await register(graph, session.id, 'twice');
    expect(fresh.registration.id).not.toBe(first.registration.id);
    expect(fresh.registration.status).toBe('CONFIRMED');
  });

  test('cancelling a confirmed registration promotes the head of the waitlist and renumbers the rest', async () => {
    const { session } = await publishedSession(graph, { capacity: 2 });
    const regs = [];
    for (const p of ['a', 'b', 'c', 'd', 'e']) regs.push((await register(graph, session.id, `promo-${p}`)).registration);
    expect(regs.map((r) => [r.status, r.waitlistPosition])).toEqual([['CONFIRMED', null], ['CONFIRMED', null], ['WAITLISTED', 1], ['WAITLISTED', 2], ['WAITLISTED', 3]]);

    // Someone else may not cancel it (and does not learn that it exists).
    const stranger = await cancelRegistration(graph, regs[0].id, patron('promo-x'));
    expect(stranger).toEqual({ registration: null, userErrors: [{ field: ['registrationId'], code: 'NOT_FOUND', message: expect.any(String) }] });
    expect((await cancelRegistration(graph, regs[0].id, STAFF_NOR)).userErrors[0].code).toBe('NOT_FOUND');
    expect((await graph.query(`mutation($id: ID!) { cancelRegistration(registrationId: $id) { ${ERRORS} } }`, { id: regs[0].id }, { as: 'ANALYST' })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const cancelled = await cancelRegistration(graph, regs[0].id, patron('promo-a'));
    expect(cancelled.registration).toMatchObject({ status: 'CANCELLED', waitlistPosition: null, patronId: 'promo-a' });
    let state = await sessionState(graph, session.id);
    const byId = (id: string) => state.registrations.nodes.find((n: any) => n.id === id);
    expect(byId(regs[2].id)).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null });
    expect(byId(regs[3].id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expect(byId(regs[4].id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2 });
    expect(state).toMatchObject({ registeredCount: 2, waitlistCount: 2, seatsAvailable: 0 });

    // Staff of the branch cancel a waitlisted one: the line closes up.
    await cancelRegistration(graph, regs[3].id, STAFF_CEN);
    state = await sessionState(graph, session.id);
    expect(byId(regs[4].id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    // Cancelling again changes nothing.
    const twice = await cancelRegistration(graph, regs[3].id, 'ADMIN');
    expect(twice.registration.status).toBe('CANCELLED');
    expect((await sessionState(graph, session.id)).waitlistCount).toBe(1);

    // Concurrent cancellations still leave exactly `capacity` seats filled from the head of the line.
    const { session: s2 } = await publishedSession(graph, { capacity: 3 });
    const many = [];
    for (let i = 0; i < 12; i++) many.push((await register(graph, s2.id, `cc-${i}`)).registration);
    await Promise.all(many.slice(0, 3).map((r, i) => cancelRegistration(graph, r.id, patron(`cc-${i}`))));
    const db = await rows(s2.id);
    expect(db.filter((r) => r.status === 'CONFIRMED').map((r) => r.patronId).sort()).toEqual(['cc-3', 'cc-4', 'cc-5']);
    expect(db.filter((r) => r.status === 'WAITLISTED').map((r) => r.waitlistPosition).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('session cancellation cancels its registrations; registration closes', async () => {
    const { session } = await publishedSession(graph, { capacity: 1 });
    await register(graph, session.id, 'sc-1');
    await register(graph, session.id, 'sc-2');
    const res = await graph.data(`mutation($id: ID!) { cancelSession(sessionId: $id) { session { id status registeredCount waitlistCount } ${ERRORS} } }`, { id: session.id }, { as: STAFF_CEN });
    expect(res.cancelSession.session).toMatchObject({ status: 'CANCELLED', registeredCount: 0, waitlistCount: 0 });
    expect((await rows(session.id)).map((r) => [r.status, r.liveKey, r.waitlistPosition])).toEqual([['CANCELLED', null, null], ['CANCELLED', null, null]]);
    const late = await register(graph, session.id, 'sc-3');
    expect(late).toEqual({ registration: null, userErrors: [{ field: ['sessionId'], code: 'CONFLICT', message: expect.any(String) }] });
    const unknown = await register(graph, '00000000-0000-0000-0000-000000000000', 'sc-3');
    expect(unknown.userErrors[0].code).toBe('NOT_FOUND');
    const { session: started } = await publishedSession(graph, { startsAt: inHours(-1), endsAt: inHours(1) });
    expect((await register(graph, started.id, 'sc-4')).userErrors[0].code).toBe('CONFLICT');
  });

  test('attendance: a headcount with walk-ins, the registrations that came, NO_SHOW for the rest', async () => {
    const { program, session } = await publishedSession(graph, { capacity: 4 });
    const regs = [];
    for (const p of ['w', 'x', 'y', 'z', 'q']) regs.push((await register(graph, session.id, `att-${p}`)).registration);
    await cancelRegistration(graph, regs[3].id, patron('att-z')); // q is promoted
    const attend = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { session { id status attendance registeredCount } ${ERRORS} } }`;

    const wrong = await graph.data(attend, { input: { sessionId: session.id, headcount: 9, attendedRegistrationIds: [regs[0].id, regs[3].id, 'nope'] } }, { as: STAFF_CEN });
    expect(wrong.recordAttendance.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([['input.attendedRegistrationIds.1', 'INVALID'], ['input.attendedRegistrationIds.2', 'NOT_FOUND']]);
    const tooFew = await graph.data(attend, { input: { sessionId: session.id, headcount: 1, attendedRegistrationIds: [regs[0].id, regs[1].id] } }, { as: STAFF_CEN });
    expect(tooFew.recordAttendance.userErrors[0]).toMatchObject({ field: ['input', 'headcount'], code: 'INVALID' });
    expect((await sessionState(graph, session.id)).status).toBe('SCHEDULED');

    const ok = await graph.data(attend, { input: { sessionId: session.id, headcount: 9, attendedRegistrationIds: [regs[0].id, regs[4].id] } }, { as: STAFF_CEN });
    expect(ok.recordAttendance).toEqual({ session: { id: session.id, status: 'COMPLETED', attendance: 9, registeredCount: 4 }, userErrors: [] });
    const state = await sessionState(graph, session.id);
    const status = Object.fromEntries(state.registrations.nodes.map((n: any) => [n.patronId, n.status]));
    expect(status).toEqual({ 'att-w': 'ATTENDED', 'att-x': 'NO_SHOW', 'att-y': 'NO_SHOW', 'att-z': 'CANCELLED', 'att-q': 'ATTENDED' });
    expect(state.seatsAvailable).toBe(0);

    // Recording again corrects the record.
    await graph.data(attend, { input: { sessionId: session.id, headcount: 10, attendedRegistrationIds: [regs[0].id, regs[1].id, regs[4].id] } }, { as: 'ADMIN' });
    const again = await sessionState(graph, session.id);
    expect(again.registrations.nodes.filter((n: any) => n.status === 'ATTENDED')).toHaveLength(3);
    // Attended or no-show registrations cannot be cancelled; the session cannot be cancelled any more.
    expect((await cancelRegistration(graph, regs[1].id, patron('att-x'))).userErrors[0].code).toBe('INVALID_TRANSITION');
    const cs = await graph.data(`mutation($id: ID!) { cancelSession(sessionId: $id) { session { id } ${ERRORS} } }`, { id: session.id }, { as: STAFF_CEN });
    expect(cs.cancelSession.userErrors[0].code).toBe('INVALID_TRANSITION');
    const { program: p } = await graph.data(`query($id: ID!) { program(id: $id) { totalAttendance } }`, { id: program.id });
    expect(p.totalAttendance).toBe(10);
  });
});
