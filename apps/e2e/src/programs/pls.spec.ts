import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { CEN, createProgram, ERRORS, NOR, patron, schedule, setStatus, STAFF_CEN, STAFF_NOR } from './helpers';

const DAY = 86_400_000;
const RECORD = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { session { id attendance inPersonAttendance virtualAttendance } ${ERRORS} } }`;

/**
 * PLS fidelity through the gateway: hybrid sessions split their attendance
 * (in person to 616/617, online to 618), a virtual program shared by two
 * branches of one system counts once for the system (608), live attendance
 * and recorded views are separate measures, FOLLOW_UP surveys are
 * summarised, and outcome comments reach staff and analysts only.
 */
describe('programs: PLS fidelity', () => {
  let graph: TestGraph;
  const ids: Record<string, string> = {};
  // Every session of this suite is held within the last ten days.
  const day = (n: number, hours = 1) => ({ startsAt: new Date(Date.now() - n * DAY).toISOString(), endsAt: new Date(Date.now() - n * DAY + hours * 3_600_000).toISOString() });
  const from = new Date(Date.now() - 12 * DAY).toISOString().slice(0, 10);
  const to = new Date(Date.now()).toISOString().slice(0, 10);

  async function held(programId: string, n: number, headcount: number, virtualHeadcount?: number) {
    const s = await schedule(graph, programId, day(n), 'ADMIN');
    const res = (await graph.data(RECORD, { input: { sessionId: s.id, headcount, virtualHeadcount } }, { as: 'ADMIN' })).recordAttendance;
    expect(res.userErrors).toEqual([]);
    return res.session;
  }

  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
    const program = async (key: string, input: Record<string, unknown>) => {
      const p = await createProgram(graph, { title: key, ...input }, 'ADMIN');
      await setStatus(graph, p.id, 'PUBLISHED', 'ADMIN');
      ids[key] = p.id;
      return p;
    };
    // A hybrid storytime for children at Central: in the room and streamed live.
    await program('hybrid', { branchId: CEN.id, ageGroup: 'CHILDREN', format: 'ONSITE', hybrid: true });
    ids.hybridSession = (await held(ids.hybrid, 3, 15, 5)).id;
    await held(ids.hybrid, 2, 8, 2);
    // A virtual adult program that Central and Northgate offer together (one Zoom session for the system).
    await program('shared', { branchId: CEN.id, ageGroup: 'ADULTS', format: 'VIRTUAL', offeredByBranchIds: [NOR.id] });
    await held(ids.shared, 4, 40);
    // Northgate's own virtual teen program, an offsite storytime, and Central's recorded presentation.
    await program('teens', { branchId: NOR.id, ageGroup: 'YOUNG_ADULTS', format: 'VIRTUAL' });
    await held(ids.teens, 5, 7);
    await program('offsite', { branchId: NOR.id, ageGroup: 'EARLY_CHILDHOOD', format: 'OFFSITE' });
    await held(ids.offsite, 6, 12);
    await program('recorded', { branchId: CEN.id, ageGroup: 'ADULTS', format: 'RECORDED' });
    await held(ids.recorded, 7, 100);
    // A cancelled session counts nowhere.
    const gone = await schedule(graph, ids.offsite, day(8), 'ADMIN');
    await graph.data(`mutation($id: ID!) { cancelSession(sessionId: $id) { ${ERRORS} } }`, { id: gone.id }, { as: 'ADMIN' });
  });
  afterAll(() => graph?.stop());

  async function report(branchIds: string[]) {
    const data = await graph.data(`query($from: Date!, $to: Date!, $b: [ID!]!) { plsProgramReport(from: $from, to: $to, branchIds: $b) { rows { item value } } }`, { from, to, b: branchIds }, { as: 'ANALYST' });
    return Object.fromEntries(data.plsProgramReport.rows.map((r: any) => [r.item, r.value]));
  }

  test('the system counts a shared virtual program once, and hybrid attendance is split between in person and online', async () => {
    const system = await report([CEN.id, NOR.id]);
    expect(system).toEqual({
      600: 5, 601: 1, 602: 2, 603: 1, 604: 1, 605: 0, // programs by age: offsite storytime, 2 hybrid, teens, shared
      606: 2, 607: 1, 608: 2, 609: 5, // hybrid sessions are in-person onsite programs; the shared one counts once
      610: 82, 611: 12, 612: 23, 613: 7, 614: 40, 615: 0,
      616: 16, 617: 12, 618: 54, 619: 82, // 23 hybrid = 16 in the room + 7 online; 618 = 40 + 7 + 7
      630: 100,
    });
    // The library system's own report (its other branches have no programs here) and the consortium's agree.
    const roll = await graph.data(
      `query($from: Date!, $to: Date!) { librarySystem(code: "RVL") { plsProgramReport(from: $from, to: $to) { rows { item value } } } }`,
      { from, to }, { as: 'ANALYST' },
    );
    expect(Object.fromEntries(roll.librarySystem.plsProgramReport.rows.map((r: any) => [r.item, r.value]))).toEqual(system);

    // Each branch alone counts the shared program (both offer it); summing branch reports is not the system's figure.
    const cen = await report([CEN.id]);
    const nor = await report([NOR.id]);
    expect([cen[600], cen[606], cen[608], cen[610], cen[616], cen[618], cen[630]]).toEqual([3, 2, 1, 63, 16, 47, 100]);
    expect([nor[600], nor[607], nor[608], nor[610], nor[617], nor[618], nor[630]]).toEqual([3, 1, 2, 59, 12, 47, 0]);
    expect(cen[608] + nor[608]).toBe(system[608] + 1);
    // Staff of Northgate report on Northgate only, shared program included.
    const staff = await graph.data(`query($from: Date!, $to: Date!, $b: [ID!]!) { plsProgramReport(from: $from, to: $to, branchIds: $b) { branchIds rows { item value } } }`, { from, to, b: [CEN.id, NOR.id] }, { as: STAFF_NOR });
    expect(staff.plsProgramReport.branchIds).toEqual([NOR.id]);
    expect(Object.fromEntries(staff.plsProgramReport.rows.map((r: any) => [r.item, r.value]))).toEqual(nor);
  });

  test('programAggregate reports live attendance and recorded views apart; sessions and programs show the split', async () => {
    const data = await graph.data(
      `query($b: [ID!]!, $from: DateTime!) { programAggregate(filter: { branchIds: $b }, from: $from, groupBy: [FORMAT]) {
        totals { attendance liveAttendance recordedViews inPersonAttendance virtualAttendance sessionCount }
        groups { key { format } measures { attendance liveAttendance recordedViews inPersonAttendance virtualAttendance } } } }`,
      { b: [CEN.id, NOR.id], from: new Date(Date.now() - 12 * DAY).toISOString() }, { as: 'ANALYST' },
    );
    const t = data.programAggregate.totals;
    expect(t).toEqual({ attendance: 182, liveAttendance: 82, recordedViews: 100, inPersonAttendance: 28, virtualAttendance: 54, sessionCount: 6 });
    expect(t.liveAttendance + t.recordedViews).toBe(t.attendance);
    expect(t.inPersonAttendance + t.virtualAttendance).toBe(t.liveAttendance);
    const byFormat = Object.fromEntries(data.programAggregate.groups.map((g: any) => [g.key.format, g.measures]));
    expect(byFormat.ONSITE).toEqual({ attendance: 23, liveAttendance: 23, recordedViews: 0, inPersonAttendance: 16, virtualAttendance: 7 });
    expect(byFormat.RECORDED).toEqual({ attendance: 100, liveAttendance: 0, recordedViews: 100, inPersonAttendance: 0, virtualAttendance: 0 });

    const q = await graph.data(
      `query($p: ID!, $s: ID!, $shared: ID!) {
        programSession(id: $s) { attendance inPersonAttendance virtualAttendance }
        program(id: $p) { hybrid systemLevel offeredBy { id } }
        shared: program(id: $shared) { hybrid systemLevel offeredBy { id code } }
      }`,
      { p: ids.hybrid, s: ids.hybridSession, shared: ids.shared },
    );
    expect(q.programSession).toEqual({ attendance: 15, inPersonAttendance: 10, virtualAttendance: 5 });
    expect(q.program).toEqual({ hybrid: true, systemLevel: false, offeredBy: [{ id: CEN.id }] });
    expect(q.shared).toEqual({ hybrid: false, systemLevel: true, offeredBy: [{ id: CEN.id, code: 'RVL-CEN' }, { id: NOR.id, code: 'RVL-NOR' }] });
  });

  test('hybrid rules are checked and bad input writes nothing', async () => {
    const bad = await graph.data(
      `mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id } ${ERRORS} } }`,
      { input: { branchId: CEN.id, title: 'Virtual hybrid', description: 'No.', serviceArea: 'DIGITAL_LEARNING', ageGroup: 'ADULTS', format: 'VIRTUAL', hybrid: true } },
      { as: 'ADMIN' },
    );
    expect(bad.createProgram.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['input', 'hybrid'], 'INVALID']]);
    const unknown = await graph.data(
      `mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id } ${ERRORS} } }`,
      { input: { branchId: CEN.id, title: 'Shared', description: 'No.', serviceArea: 'DIGITAL_LEARNING', ageGroup: 'ADULTS', format: 'VIRTUAL', offeredByBranchIds: ['00000000-0000-4000-8000-000000000000'] } },
      { as: 'ADMIN' },
    );
    expect(unknown.createProgram.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['input', 'offeredByBranchIds', '0'], 'NOT_FOUND']]);
    const toVirtual = await graph.data(
      `mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { program { id } ${ERRORS} } }`,
      { input: { programId: ids.hybrid, format: 'VIRTUAL' } }, { as: 'ADMIN' },
    );
    expect(toVirtual.updateProgram.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['input', 'format'], 'INVALID']]);

    const s = await schedule(graph, ids.hybrid, day(1), 'ADMIN');
    const attempts: [Record<string, unknown>, string[], string][] = [
      [{ headcount: 10 }, ['input', 'virtualHeadcount'], 'REQUIRED'],
      [{ headcount: 10, virtualHeadcount: 11 }, ['input', 'virtualHeadcount'], 'INVALID'],
      [{ headcount: 10, virtualHeadcount: -1 }, ['input', 'virtualHeadcount'], 'INVALID'],
    ];
    for (const [input, field, code] of attempts) {
      const res = (await graph.data(RECORD, { input: { sessionId: s.id, ...input } }, { as: 'ADMIN' })).recordAttendance;
      expect(res.userErrors.map((e: any) => [e.field, e.code])).toEqual([[field, code]]);
    }
    const plain = await schedule(graph, ids.teens, day(1), 'ADMIN');
    const res = (await graph.data(RECORD, { input: { sessionId: plain.id, headcount: 3, virtualHeadcount: 3 } }, { as: 'ADMIN' })).recordAttendance;
    expect(res.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['input', 'virtualHeadcount'], 'INVALID']]);
    const after = await graph.data(`query($a: ID!, $b: ID!) { a: programSession(id: $a) { status attendance } b: programSession(id: $b) { status attendance } }`, { a: s.id, b: plain.id });
    expect(after).toEqual({ a: { status: 'SCHEDULED', attendance: null }, b: { status: 'SCHEDULED', attendance: null } });
  });

  test('FOLLOW_UP surveys are summarised; comments reach staff of the branch and analysts only, never below the threshold', async () => {
    const survey = `mutation($input: OutcomeSurveyInput!) { submitOutcomeSurvey(input: $input) { accepted ${ERRORS} } }`;
    for (let i = 0; i < 12; i++) {
      const r = await graph.data(survey, { input: { sessionId: ids.hybridSession, surveyType: 'FOLLOW_UP', knowledge: i < 9 ? 5 : 2, application: 4, comment: `follow-up comment ${i}` } });
      expect(r.submitOutcomeSurvey).toEqual({ accepted: true, userErrors: [] });
    }
    for (let i = 0; i < 2; i++) {
      await graph.data(survey, { input: { sessionId: ids.hybridSession, surveyType: 'IMMEDIATE', knowledge: 5, comment: `immediate comment ${i}` } });
    }
    const q = `query($id: ID!) { program(id: $id) {
      outcomes { responseCount suppressed }
      followUpOutcomes { responseCount knowledge application suppressed }
      outcomeComments(first: 100) { totalCount nodes { body surveyType } } } }`;
    const analyst = (await graph.data(q, { id: ids.hybrid }, { as: 'ANALYST' })).program;
    expect(analyst.outcomes).toEqual({ responseCount: 0, suppressed: true });
    expect(analyst.followUpOutcomes.suppressed).toBe(false);
    expect(analyst.followUpOutcomes.responseCount).toBeGreaterThanOrEqual(10);
    // Shares of perturbed counts (RULES.md §3; each count moves by at most 3, the record keys are random on
    // every run): 9 of 12 agreed lies within (9-3)/(12+3) and 1, 12 of 12 within (12-3)/(12+3) and 1.
    expect(analyst.followUpOutcomes.knowledge).toBeGreaterThanOrEqual(6 / 15);
    expect(analyst.followUpOutcomes.knowledge).toBeLessThanOrEqual(1);
    expect(analyst.followUpOutcomes.application).toBeGreaterThanOrEqual(9 / 15);
    expect(analyst.followUpOutcomes.application).toBeLessThanOrEqual(1);
    // Only the follow-up comments: the two immediate ones are below the threshold.
    expect(analyst.outcomeComments.totalCount).toBe(12);
    expect(analyst.outcomeComments.nodes.map((n: any) => n.body).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `follow-up comment ${i}`).sort());
    expect(new Set(analyst.outcomeComments.nodes.map((n: any) => n.surveyType))).toEqual(new Set(['FOLLOW_UP']));
    const staff = (await graph.data(q, { id: ids.hybrid }, { as: STAFF_CEN })).program;
    expect(staff.outcomeComments.totalCount).toBe(12);
    for (const as of [undefined, patron('pls-p'), STAFF_NOR]) {
      const other = (await graph.data(q, { id: ids.hybrid }, { as })).program;
      expect(other.outcomeComments).toEqual({ totalCount: 0, nodes: [] });
      expect(other.followUpOutcomes).toEqual(analyst.followUpOutcomes);
    }
  });
});
