import { TEST_SUBGRAPH_SECRET, type TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import {
  CEN, createProgram, ERRORS, inHours, NOR, patron, PROGRAM_FIELDS, publishedSession, register, schedule, SESSION_FIELDS, setStatus, STAFF_CEN, STAFF_NOR,
} from './helpers';

const ROLES: Record<string, any> = {
  anonymous: undefined,
  patron: patron('p-life'),
  staffOwn: STAFF_CEN,
  staffOther: STAFF_NOR,
  analyst: 'ANALYST',
  admin: 'ADMIN',
};

/** Programs' life cycle and the visibility matrix on every read path, through the gateway. */
describe('programs: life cycle and visibility', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  const count = async (table: string) => Number((await graph.subgraph('programs').db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  /** What each role sees of a program through each read path. */
  async function seenBy(programId: string, sessionId: string) {
    const out: Record<string, Record<string, boolean>> = {};
    for (const [name, as] of Object.entries(ROLES)) {
      const data = await graph.data(
        `query($id: ID!, $sid: ID!, $branch: ID!) {
          program(id: $id) { id }
          programSession(id: $sid) { id program { id } }
          programs(first: 100, filter: { branchIds: [$branch] }) { totalCount nodes { id } }
          sessions(first: 100, filter: { branchIds: [$branch] }) { totalCount nodes { id } }
          branch(id: $branch) { programs(first: 100) { totalCount nodes { id } } upcomingSessions(first: 100) { totalCount nodes { id } } }
        }`,
        { id: programId, sid: sessionId, branch: CEN.id },
        { as },
      );
      const refs = await entities(as, [{ __typename: 'Program', id: programId }, { __typename: 'ProgramSession', id: sessionId }]);
      const listed = (conn: any, id: string) => conn.nodes.some((n: any) => n.id === id) && conn.totalCount >= 1;
      out[name] = {
        program: data.program?.id === programId,
        session: data.programSession?.id === sessionId,
        programs: listed(data.programs, programId),
        sessions: listed(data.sessions, sessionId),
        branchPrograms: listed(data.branch.programs, programId),
        upcoming: listed(data.branch.upcomingSessions, sessionId),
        reference: refs[0]?.id === programId && refs[1]?.id === sessionId,
      };
      // Lists and counts agree: nothing hidden is counted.
      expect(data.programs.totalCount).toBe(data.programs.nodes.length);
      expect(data.branch.programs.totalCount).toBe(data.branch.programs.nodes.length);
    }
    return out;
  }

  /** __resolveReference, asked the way the gateway asks (with the subgraph secret and the caller's token). */
  async function entities(as: any, representations: object[]): Promise<any[]> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-subgraph-secret': TEST_SUBGRAPH_SECRET };
    const authorization = await graph.authorization(as);
    if (authorization) headers.authorization = authorization;
    const res = await fetch(graph.subgraph('programs').url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { id } ... on ProgramSession { id } } }',
        variables: { r: representations },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    return body.data._entities;
  }

  const all = (v: boolean) => ({ program: v, session: v, programs: v, sessions: v, branchPrograms: v, upcoming: v, reference: v });

  test('DRAFT → PUBLISHED → CANCELLED / ARCHIVED, visible to the right roles on every path', async () => {
    const p = await createProgram(graph, { title: 'Lifecycle Lab', languages: ['en', 'ES'], tags: ['alpha', ' beta '] });
    expect(p).toMatchObject({ status: 'DRAFT', languages: ['en', 'es'], tags: ['alpha', 'beta'], branch: { id: CEN.id } });
    const s = await schedule(graph, p.id, { capacity: 10 });
    expect(s).toMatchObject({ status: 'SCHEDULED', capacity: 10, registeredCount: 0, waitlistCount: 0, seatsAvailable: 10, attendance: null });

    const hidden = { anonymous: all(false), patron: all(false), staffOwn: all(true), staffOther: all(false), analyst: all(true), admin: all(true) };
    expect(await seenBy(p.id, s.id)).toEqual(hidden);

    await setStatus(graph, p.id, 'PUBLISHED');
    const everyone = Object.fromEntries(Object.keys(ROLES).map((r) => [r, all(true)]));
    expect(await seenBy(p.id, s.id)).toEqual(everyone);
    const { program } = await graph.data(`query($id: ID!) { program(id: $id) { nextSession { id } sessions { totalCount nodes { id } } } }`, { id: p.id });
    expect(program.nextSession.id).toBe(s.id);
    expect(program.sessions.nodes.map((n: any) => n.id)).toEqual([s.id]);

    // A patron registers; cancelling the program cancels its sessions and their registrations.
    const reg = await register(graph, s.id, 'p-life');
    expect(reg.registration.status).toBe('CONFIRMED');
    await setStatus(graph, p.id, 'CANCELLED');
    // Hidden again; and its session, now cancelled, is no longer upcoming for anyone.
    const gone = Object.fromEntries(Object.entries(hidden).map(([r, v]) => [r, { ...v, upcoming: false }]));
    expect(await seenBy(p.id, s.id)).toEqual(gone);
    const after = await graph.data(`query($id: ID!) { programSession(id: $id) { status registeredCount } }`, { id: s.id }, { as: STAFF_CEN });
    expect(after.programSession).toEqual({ status: 'CANCELLED', registeredCount: 0 });
    const mine = await graph.data(`{ myRegistrations { totalCount nodes { id status session { id status } } } }`, {}, { as: patron('p-life') });
    expect(mine.myRegistrations.nodes).toEqual([{ id: reg.registration.id, status: 'CANCELLED', session: { id: s.id, status: 'CANCELLED' } }]);

    await setStatus(graph, p.id, 'ARCHIVED');
    expect(await seenBy(p.id, s.id)).toEqual(gone);
    const back = await graph.data(
      `mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { program { id } ${ERRORS} } }`,
      { input: { programId: p.id, status: 'PUBLISHED' } },
      { as: STAFF_CEN },
    );
    expect(back.updateProgram).toEqual({ program: null, userErrors: [{ field: ['input', 'status'], code: 'INVALID_TRANSITION', message: expect.any(String) }] });
  });

  test('who may create and change programs, sessions and attendance', async () => {
    const input = { branchId: CEN.id, title: 'X', description: 'Y', serviceArea: 'HEALTH', ageGroup: 'ADULTS', format: 'ONSITE' };
    const create = `mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id } ${ERRORS} } }`;
    const before = await count('program');
    for (const [as, code] of [[undefined, 'UNAUTHENTICATED'], [patron('p1'), 'FORBIDDEN'], ['ANALYST', 'FORBIDDEN'], [STAFF_NOR, 'FORBIDDEN']] as const) {
      const res = await graph.query(create, { input }, { as: as as any });
      expect(res.body.errors?.[0].extensions?.code).toBe(code);
    }
    expect(await count('program')).toBe(before);
    const admin = await graph.data(create, { input: { ...input, branchId: NOR.id } }, { as: 'ADMIN' });
    expect(admin.createProgram.userErrors).toEqual([]);

    // Other branch's staff: a draft does not exist for them; a published program is not theirs to change.
    const draft = await createProgram(graph);
    const update = `mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { program { id title } ${ERRORS} } }`;
    const nf = await graph.data(update, { input: { programId: draft.id, title: 'Mine now' } }, { as: STAFF_NOR });
    expect(nf.updateProgram).toEqual({ program: null, userErrors: [{ field: ['input', 'programId'], code: 'NOT_FOUND', message: expect.any(String) }] });
    await setStatus(graph, draft.id, 'PUBLISHED');
    const res = await graph.query(update, { input: { programId: draft.id, title: 'Mine now' } }, { as: STAFF_NOR });
    expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ok = await graph.data(update, { input: { programId: draft.id, title: '  Renamed  ' } }, { as: 'ADMIN' });
    expect(ok.updateProgram.program.title).toBe('Renamed');

    const sched = `mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { session { id } ${ERRORS} } }`;
    const sInput = { programId: draft.id, startsAt: inHours(24), endsAt: inHours(25) };
    for (const [as, code] of [[undefined, 'UNAUTHENTICATED'], [patron('p1'), 'FORBIDDEN'], [STAFF_NOR, 'FORBIDDEN']] as const) {
      expect((await graph.query(sched, { input: sInput }, { as: as as any })).body.errors?.[0].extensions?.code).toBe(code);
    }
    const s = (await graph.data(sched, { input: sInput }, { as: STAFF_CEN })).scheduleSession.session;
    const attend = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { session { id attendance } ${ERRORS} } }`;
    expect((await graph.query(attend, { input: { sessionId: s.id, headcount: 3 } }, { as: STAFF_NOR })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graph.query(attend, { input: { sessionId: s.id, headcount: 3 } }, { as: patron('p1') })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const cancel = `mutation($id: ID!) { cancelSession(sessionId: $id) { session { id status } ${ERRORS} } }`;
    expect((await graph.query(cancel, { id: s.id }, { as: STAFF_NOR })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graph.query(cancel, { id: s.id })).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Only patrons register.
    const reg = `mutation($id: ID!) { registerForSession(sessionId: $id) { registration { id } ${ERRORS} } }`;
    expect((await graph.query(reg, { id: s.id }, { as: STAFF_CEN })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graph.query(reg, { id: s.id })).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('registrations and patron ids: the patron, staff of the branch and admins only', async () => {
    const { session } = await publishedSession(graph, { capacity: 3 });
    const mine = await register(graph, session.id, 'p-own');
    await register(graph, session.id, 'p-else');
    expect(mine.registration.patronId).toBe('p-own');
    const q = `query($id: ID!) { programSession(id: $id) { registrations { totalCount nodes { id patronId } } } }`;
    const as = async (who: any) => (await graph.data(q, { id: session.id }, { as: who })).programSession.registrations;
    expect((await as(STAFF_CEN)).totalCount).toBe(2);
    expect((await as('ADMIN')).nodes.map((n: any) => n.patronId).sort()).toEqual(['p-else', 'p-own']);
    expect(await as(patron('p-own'))).toEqual({ totalCount: 1, nodes: [{ id: mine.registration.id, patronId: 'p-own' }] });
    for (const who of [undefined, STAFF_NOR, 'ANALYST', patron('p-none')]) expect(await as(who)).toEqual({ totalCount: 0, nodes: [] });
    const ref = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Registration { id patronId } } }`;
    const direct = async (who: any) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-subgraph-secret': TEST_SUBGRAPH_SECRET };
      const authorization = await graph.authorization(who);
      if (authorization) headers.authorization = authorization;
      const res = await fetch(graph.subgraph('programs').url, { method: 'POST', headers, body: JSON.stringify({ query: ref, variables: { r: [{ __typename: 'Registration', id: mine.registration.id }] } }) });
      return ((await res.json()) as any).data._entities[0];
    };
    expect(await direct(patron('p-own'))).toEqual({ id: mine.registration.id, patronId: 'p-own' });
    expect(await direct(STAFF_CEN)).toEqual({ id: mine.registration.id, patronId: 'p-own' });
    expect(await direct(STAFF_NOR)).toBeNull();
    expect(await direct(patron('p-else'))).toBeNull();
    expect(await direct(undefined)).toBeNull();
    // myRegistrations is the patron's own list.
    const list = await graph.data(`{ myRegistrations { totalCount nodes { id patronId session { id } } } }`, {}, { as: patron('p-own') });
    expect(list.myRegistrations).toEqual({ totalCount: 1, nodes: [{ id: mine.registration.id, patronId: 'p-own', session: { id: session.id } }] });
    expect((await graph.query(`{ myRegistrations { totalCount } }`)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('validation errors name the field and write nothing', async () => {
    const create = `mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id } ${ERRORS} } }`;
    const before = { programs: await count('program'), sessions: await count('program_session'), responses: await count('outcome_response') };
    const bad = await graph.data(create, {
      input: {
        branchId: CEN.id, title: '   ', description: 'x'.repeat(10_001), serviceArea: 'HEALTH', ageGroup: 'ADULTS', format: 'ONSITE',
        languages: ['english!'], tags: Array.from({ length: 11 }, (_, i) => `t${i}`), accessibilityNotes: 'bad\u0007bell',
      },
    }, { as: STAFF_CEN });
    expect(bad.createProgram.program).toBeNull();
    const fields = bad.createProgram.userErrors.map((e: any) => [e.field.join('.'), e.code]);
    expect(fields).toEqual(expect.arrayContaining([
      ['input.title', 'REQUIRED'], ['input.description', 'TOO_LONG'], ['input.languages.0', 'INVALID'], ['input.tags', 'INVALID'], ['input.accessibilityNotes', 'INVALID'],
    ]));
    const long = await graph.data(create, { input: { branchId: CEN.id, title: 't'.repeat(201), description: 'd', serviceArea: 'HEALTH', ageGroup: 'ADULTS', format: 'ONSITE' } }, { as: STAFF_CEN });
    expect(long.createProgram.userErrors).toEqual([{ field: ['input', 'title'], code: 'TOO_LONG', message: expect.any(String) }]);

    const { program } = await publishedSession(graph);
    const sched = `mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { session { id } ${ERRORS} } }`;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ startsAt: inHours(5), endsAt: inHours(4) }, 'input.endsAt', 'INVALID'],
      [{ startsAt: inHours(5), endsAt: inHours(5) }, 'input.endsAt', 'INVALID'],
      [{ capacity: 0 }, 'input.capacity', 'INVALID'],
      [{ startsAt: '2200-01-01T10:00:00Z', endsAt: '2200-01-01T11:00:00Z' }, 'input.startsAt', 'INVALID'],
      [{ location: 'L'.repeat(201) }, 'input.location', 'TOO_LONG'],
      [{ programId: '00000000-0000-0000-0000-000000000000' }, 'input.programId', 'NOT_FOUND'],
    ];
    for (const [patch, field, code] of cases) {
      const res = await graph.data(sched, { input: { programId: program.id, startsAt: inHours(5), endsAt: inHours(6), ...patch } }, { as: STAFF_CEN });
      expect(res.scheduleSession.session).toBeNull();
      expect(res.scheduleSession.userErrors.map((e: any) => [e.field.join('.'), e.code])).toContainEqual([field, code]);
    }

    const survey = `mutation($input: OutcomeSurveyInput!) { submitOutcomeSurvey(input: $input) { accepted ${ERRORS} } }`;
    const past = await schedule(graph, program.id, { startsAt: inHours(-3), endsAt: inHours(-2) });
    const s1 = await graph.data(survey, { input: { sessionId: past.id, surveyType: 'IMMEDIATE', knowledge: 6, confidence: 0 } });
    expect(s1.submitOutcomeSurvey.accepted).toBe(false);
    expect(s1.submitOutcomeSurvey.userErrors.map((e: any) => e.field.join('.')).sort()).toEqual(['input.confidence', 'input.knowledge']);
    const s2 = await graph.data(survey, { input: { sessionId: past.id, surveyType: 'IMMEDIATE' } });
    expect(s2.submitOutcomeSurvey.userErrors[0].code).toBe('REQUIRED');

    const attend = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { session { id } ${ERRORS} } }`;
    const a1 = await graph.data(attend, { input: { sessionId: past.id, headcount: -1 } }, { as: STAFF_CEN });
    expect(a1.recordAttendance.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([['input.headcount', 'INVALID']]);

    expect(await count('program')).toBe(before.programs + 1);
    expect(await count('program_session')).toBe(before.sessions + 2);
    expect(await count('outcome_response')).toBe(before.responses);
    const untouched = await graph.data(`query($id: ID!) { programSession(id: $id) { ${SESSION_FIELDS} } }`, { id: past.id }, { as: STAFF_CEN });
    expect(untouched.programSession).toMatchObject({ status: 'SCHEDULED', attendance: null });
    expect(PROGRAM_FIELDS).toContain('title');

    // `first` outside 1..100 and oversized id lists are BAD_USER_INPUT.
    expect((await graph.query(`{ programs(first: 101) { totalCount } }`)).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const many = Array.from({ length: 101 }, (_, i) => `id-${i}`);
    expect((await graph.query(`query($ids: [ID!]) { sessions(filter: { branchIds: $ids }) { totalCount } }`, { ids: many })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
