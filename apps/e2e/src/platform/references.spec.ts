import { demoBranch } from '@ceg/demo-data';
import type { AsOptions, TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

jest.setTimeout(180_000);

/**
 * RULES.md §4: an id that names a record of another subgraph (a branch, a
 * program) is checked with its owner before anything is written. Unknown or
 * invisible to the caller is NOT_FOUND on the input field, a malformed id is
 * INVALID, and an owner that cannot be asked refuses the write with
 * SERVICE_UNAVAILABLE. Everything through the gateway.
 */
const CEN = demoBranch('RVL-CEN');
const NOR = demoBranch('RVL-NOR');
const NOBODY = '00000000-0000-4000-8000-000000000000';
const STAFF_CEN = { role: 'STAFF' as const, branchCodes: ['RVL-CEN'], sub: 'refs-staff-cen' };
const STAFF_NOR = { role: 'STAFF' as const, branchCodes: ['RVL-NOR'], sub: 'refs-staff-nor' };
const ERRORS = 'userErrors { field code message }';

const SUBMIT = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { feedback { id branch { id } } ${ERRORS} } }`;
const feedbackInput = (over: Record<string, unknown> = {}) => ({
  branchId: CEN.id, channel: 'ONLINE_FORM', category: 'PROGRAMS', subject: 'Reference check', body: 'A comment about a program.', ...over,
});
const CREATE_PROGRAM = `mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id status } ${ERRORS} } }`;
const programInput = (over: Record<string, unknown> = {}) => ({
  branchId: CEN.id, title: 'Reference test program', description: 'Made by the reference tests.', serviceArea: 'DIGITAL_LEARNING', ageGroup: 'ADULTS', format: 'ONSITE', ...over,
});

describe('references checked with their owner', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startGraph({ demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  /** Rows of a table in a subgraph's own database: what "nothing written" means. */
  const rows = async (subgraph: string, table: string) => Number((await graph.subgraph(subgraph).db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  async function program(branch: { id: string }, status: 'DRAFT' | 'PUBLISHED', as: AsOptions['as']): Promise<string> {
    const d = await graph.data(CREATE_PROGRAM, { input: programInput({ branchId: branch.id, title: `${status} program of ${branch.id.slice(0, 8)}` }) }, { as });
    expect(d.createProgram.userErrors).toEqual([]);
    const id = d.createProgram.program.id;
    if (status === 'PUBLISHED') {
      const u = await graph.data(`mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { ${ERRORS} } }`, { input: { programId: id, status } }, { as });
      expect(u.updateProgram.userErrors).toEqual([]);
    }
    return id;
  }

  describe('submitFeedback', () => {
    it('an unknown branch is NOT_FOUND on input.branchId, with no gateway-internal error, and nothing is written', async () => {
      const before = await rows('feedback', 'feedback');
      for (const as of [undefined, 'PATRON', 'ADMIN'] as AsOptions['as'][]) {
        const res = await graph.query<any>(SUBMIT, { input: feedbackInput({ branchId: NOBODY }) }, { as });
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.submitFeedback).toEqual({ feedback: null, userErrors: [{ field: ['input', 'branchId'], code: 'NOT_FOUND', message: expect.any(String) }] });
      }
      expect(await rows('feedback', 'feedback')).toBe(before);
    });

    it('an unknown program is NOT_FOUND on input.relatedProgramId; both unknown name both fields', async () => {
      const before = await rows('feedback', 'feedback');
      const res = await graph.query<any>(SUBMIT, { input: feedbackInput({ branchId: NOBODY, relatedProgramId: NOBODY }) });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.submitFeedback.userErrors.map((e: any) => [e.field, e.code])).toEqual([
        [['input', 'branchId'], 'NOT_FOUND'], [['input', 'relatedProgramId'], 'NOT_FOUND'],
      ]);
      expect(await rows('feedback', 'feedback')).toBe(before);
    });

    it('a malformed id is INVALID before any owner is asked', async () => {
      const res = await graph.query<any>(SUBMIT, { input: feedbackInput({ branchId: 'not-an-id', relatedProgramId: 'not-an-id' }) });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.submitFeedback.userErrors.map((e: any) => [e.field, e.code])).toEqual([
        [['input', 'branchId'], 'INVALID'], [['input', 'relatedProgramId'], 'INVALID'],
      ]);
    });

    it('a program the caller may not see is NOT_FOUND for them, and accepted for someone who may see it', async () => {
      const draft = await program(NOR, 'DRAFT', STAFF_NOR);
      const published = await program(NOR, 'PUBLISHED', STAFF_NOR);
      for (const as of [undefined, 'PATRON', STAFF_CEN] as AsOptions['as'][]) {
        const res = await graph.data(SUBMIT, { input: feedbackInput({ branchId: NOR.id, relatedProgramId: draft }) }, { as });
        expect(res.submitFeedback.userErrors).toEqual([expect.objectContaining({ field: ['input', 'relatedProgramId'], code: 'NOT_FOUND' })]);
      }
      const own = await graph.data(SUBMIT, { input: feedbackInput({ branchId: NOR.id, relatedProgramId: draft }) }, { as: STAFF_NOR });
      expect(own.submitFeedback.userErrors).toEqual([]);
      const pub = await graph.data(SUBMIT, { input: feedbackInput({ branchId: NOR.id, relatedProgramId: published }) });
      expect(pub.submitFeedback).toEqual({ feedback: { id: expect.any(String), branch: { id: NOR.id } }, userErrors: [] });
    });
  });

  describe('createProgram', () => {
    it('an unknown branch is NOT_FOUND, a malformed one INVALID, and no program is written', async () => {
      const before = await rows('programs', 'program');
      const unknown = await graph.data(CREATE_PROGRAM, { input: programInput({ branchId: NOBODY }) }, { as: 'ADMIN' });
      expect(unknown.createProgram).toEqual({ program: null, userErrors: [expect.objectContaining({ field: ['input', 'branchId'], code: 'NOT_FOUND' })] });
      const malformed = await graph.data(CREATE_PROGRAM, { input: programInput({ branchId: 'not-an-id' }) }, { as: 'ADMIN' });
      expect(malformed.createProgram.userErrors).toEqual([expect.objectContaining({ field: ['input', 'branchId'], code: 'INVALID' })]);
      expect(await rows('programs', 'program')).toBe(before);
    });
  });

  describe('when the owner cannot be asked', () => {
    it('the write is refused with SERVICE_UNAVAILABLE and nothing is written', async () => {
      // A program no one has asked about yet (so no cached answer), then its owner goes away.
      const fresh = await program(CEN, 'PUBLISHED', STAFF_CEN);
      const before = await rows('feedback', 'feedback');
      await graph.subgraph('programs').stop();
      const res = await graph.query<any>(SUBMIT, { input: feedbackInput({ relatedProgramId: fresh }) });
      expect(res.body.data?.submitFeedback ?? null).toBeNull();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) })]);
      expect(JSON.stringify(res.body.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
      expect(await rows('feedback', 'feedback')).toBe(before);
    });
  });
});
