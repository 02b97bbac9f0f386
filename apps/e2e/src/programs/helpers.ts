import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';

export const CEN = demoBranch('RVL-CEN');
export const NOR = demoBranch('RVL-NOR');

export const STAFF_CEN = { role: 'STAFF' as const, branchCodes: ['RVL-CEN'], sub: 'staff-cen' };
export const STAFF_NOR = { role: 'STAFF' as const, branchCodes: ['RVL-NOR'], sub: 'staff-nor' };
export const patron = (sub: string) => ({ role: 'PATRON' as const, sub });

export const PROGRAM_FIELDS = 'id title description serviceArea ageGroup format languages accessibilityNotes status tags createdAt branch { id }';
export const SESSION_FIELDS = 'id startsAt endsAt location capacity status registeredCount waitlistCount seatsAvailable attendance';
export const REGISTRATION_FIELDS = 'id status waitlistPosition registeredAt patronId session { id }';
export const ERRORS = 'userErrors { field message code }';

const HOUR = 3_600_000;
export const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

export async function createProgram(graph: TestGraph, input: Record<string, unknown> = {}, as: any = STAFF_CEN) {
  const data = await graph.data(
    `mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { ${PROGRAM_FIELDS} } ${ERRORS} } }`,
    { input: { branchId: CEN.id, title: 'Test program', description: 'A program made by a test.', serviceArea: 'DIGITAL_LEARNING', ageGroup: 'ADULTS', format: 'ONSITE', ...input } },
    { as },
  );
  expect(data.createProgram.userErrors).toEqual([]);
  return data.createProgram.program;
}

export async function setStatus(graph: TestGraph, programId: string, status: string, as: any = STAFF_CEN) {
  const data = await graph.data(
    `mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { program { id status } ${ERRORS} } }`,
    { input: { programId, status } },
    { as },
  );
  expect(data.updateProgram.userErrors).toEqual([]);
  return data.updateProgram.program;
}

export async function schedule(graph: TestGraph, programId: string, input: Record<string, unknown> = {}, as: any = STAFF_CEN) {
  const data = await graph.data(
    `mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { session { ${SESSION_FIELDS} } ${ERRORS} } }`,
    { input: { programId, startsAt: inHours(48), endsAt: inHours(49), location: 'Room A', ...input } },
    { as },
  );
  expect(data.scheduleSession.userErrors).toEqual([]);
  return data.scheduleSession.session;
}

/** A published program with one session. */
export async function publishedSession(graph: TestGraph, session: Record<string, unknown> = {}, program: Record<string, unknown> = {}) {
  const p = await createProgram(graph, program);
  await setStatus(graph, p.id, 'PUBLISHED');
  const s = await schedule(graph, p.id, session);
  return { program: p, session: s };
}

export async function register(graph: TestGraph, sessionId: string, sub: string) {
  const res = await graph.query(
    `mutation($id: ID!) { registerForSession(sessionId: $id) { registration { ${REGISTRATION_FIELDS} } ${ERRORS} } }`,
    { id: sessionId },
    { as: patron(sub) },
  );
  if (res.body.errors?.length) throw new Error(JSON.stringify(res.body.errors));
  return (res.body.data as any).registerForSession;
}

export async function cancelRegistration(graph: TestGraph, registrationId: string, as: any) {
  return (await graph.data(
    `mutation($id: ID!) { cancelRegistration(registrationId: $id) { registration { ${REGISTRATION_FIELDS} } ${ERRORS} } }`,
    { id: registrationId },
    { as },
  )).cancelRegistration;
}

export async function sessionState(graph: TestGraph, id: string, as: any = STAFF_CEN) {
  const data = await graph.data(
    `query($id: ID!) { programSession(id: $id) { ${SESSION_FIELDS} registrations(first: 100) { totalCount nodes { id status waitlistPosition patronId registeredAt } } } }`,
    { id },
    { as },
  );
  return data.programSession;
}
