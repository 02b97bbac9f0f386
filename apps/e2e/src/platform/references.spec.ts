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
const PARTNER = `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } ${ERRORS} } }`;
const PARTNERSHIP = `mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) { partnership { id } ${ERRORS} } }`;
const LINK = `mutation($id: ID!, $p: ID!) { linkProgramToPartnership(partnershipId: $id, programId: $p) { partnership { id } ${ERRORS} } }`;
const DEMOGRAPHICS = `mutation($input: ParticipantDemographicsInput!) { submitParticipantDemographics(input: $input) { accepted ${ERRORS} } }`;
const AUDIT = `mutation($input: RecordCollectionAuditInput!) { recordCollectionAudit(input: $input) { audit { id } ${ERRORS} } }`;
const ACCESSIBILITY = `mutation($input: RecordAccessibilityAuditInput!) { recordAccessibilityAudit(input: $input) { audit { id } ${ERRORS} } }`;
const PROFILE = `mutation($input: UpsertCommunityProfileInput!) { upsertCommunityProfile(input: $input) { profile { id } ${ERRORS} } }`;
const DISCUSSION = `mutation($input: RecordCommunityDiscussionInput!) { recordCommunityDiscussion(input: $input) { discussion { id } ${ERRORS} } }`;
const ASSESSMENT = `mutation($input: RecordNeedsAssessmentInput!) { recordNeedsAssessment(input: $input) { assessment { id } ${ERRORS} } }`;
const partnershipInput = (partnerId: string, branchIds: string[]) => ({ partnerId, title: 'Reference partnership', branchIds, agreementType: 'MOU' });
const auditInput = (branchId: string) => ({ branchId, auditedOn: '2025-06-01', totalTitles: 100, dimensions: [{ dimension: 'FORMAT', key: 'PRINT', titleCount: 60 }] });
const profileInput = (branchId: string) => ({
  branchId, year: 2024, source: 'ACS 5-year', population: 1000,
  ageBands: ['UNDER_5', '5_TO_17', '18_TO_24', '25_TO_44', '45_TO_64', '65_AND_OVER'].map((key, i) => ({ key, share: [0.05, 0.15, 0.1, 0.3, 0.25, 0.15][i] })),
});
const discussionInput = (branchId: string) => ({ branchId, title: 'Town hall', format: 'TOWN_HALL', heldAt: '2026-03-01T18:30:00.000Z', attendeeCount: 12 });
const assessmentInput = (branchId: string) => ({ branchId, title: 'Needs 2026', method: 'SURVEY', conductedOn: '2026-02-15', respondentCount: 30, findings: [{ need: 'Evening hours', priority: 'HIGH' }] });
const CREATE_PROGRAM = `mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id status } ${ERRORS} } }`;
const programInput = (over: Record<string, unknown> = {}) => ({
  branchId: CEN.id, title: 'Reference test program', description: 'Made by the reference tests.', serviceArea: 'DIGITAL_LEARNING', ageGroup: 'ADULTS', format: 'ONSITE', ...over,
});

describe('references checked with their owner', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    // No reuse of owners' answers here, so that an owner's outage shows at once (libs/kit's spec covers the cache).
    graph = await startGraph({ demoData: ['libraries'], env: { DIRECTORY_CACHE_TTL_MS: '0' } });
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

  describe('createPartnership and linkProgramToPartnership', () => {
    let partnerId: string;
    beforeAll(async () => {
      partnerId = (await graph.data(PARTNER, { input: { name: 'Reference partner', type: 'NONPROFIT' } }, { as: 'ADMIN' })).createPartner.partner.id;
    });

    it('an unknown branch is NOT_FOUND on its place in branchIds, a malformed one INVALID; nothing is written', async () => {
      const before = await rows('partners', 'partnership');
      const unknown = await graph.data(PARTNERSHIP, { input: partnershipInput(partnerId, [CEN.id, NOBODY]) }, { as: 'ADMIN' });
      expect(unknown.createPartnership).toEqual({ partnership: null, userErrors: [expect.objectContaining({ field: ['input', 'branchIds', '1'], code: 'NOT_FOUND' })] });
      const malformed = await graph.data(PARTNERSHIP, { input: partnershipInput(partnerId, ['not-an-id']) }, { as: 'ADMIN' });
      expect(malformed.createPartnership.userErrors).toEqual([expect.objectContaining({ field: ['input', 'branchIds', '0'], code: 'INVALID' })]);
      expect(await rows('partners', 'partnership')).toBe(before);
    });

    it('STAFF of RVL-CEN cannot link another branch\'s DRAFT program (NOT_FOUND: it does not exist for them) nor its PUBLISHED one (FORBIDDEN); their own they can', async () => {
      const partnership = (await graph.data(PARTNERSHIP, { input: partnershipInput(partnerId, [CEN.id]) }, { as: STAFF_CEN })).createPartnership.partnership.id;
      const draftNor = await program(NOR, 'DRAFT', STAFF_NOR);
      const publishedNor = await program(NOR, 'PUBLISHED', STAFF_NOR);
      const own = await program(CEN, 'PUBLISHED', STAFF_CEN);
      const before = await rows('partners', 'partnership_program');
      for (const p of [draftNor, NOBODY]) {
        const res = await graph.data(LINK, { id: partnership, p }, { as: STAFF_CEN });
        expect(res.linkProgramToPartnership).toEqual({ partnership: null, userErrors: [expect.objectContaining({ field: ['programId'], code: 'NOT_FOUND' })] });
      }
      const malformed = await graph.data(LINK, { id: partnership, p: 'not-an-id' }, { as: STAFF_CEN });
      expect(malformed.linkProgramToPartnership.userErrors).toEqual([expect.objectContaining({ field: ['programId'], code: 'INVALID' })]);
      const elsewhere = await graph.query<any>(LINK, { id: partnership, p: publishedNor }, { as: STAFF_CEN });
      expect(elsewhere.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await rows('partners', 'partnership_program')).toBe(before);
      expect((await graph.data(LINK, { id: partnership, p: own }, { as: STAFF_CEN })).linkProgramToPartnership.userErrors).toEqual([]);
      // ADMIN may link any program that exists.
      expect((await graph.data(LINK, { id: partnership, p: draftNor }, { as: 'ADMIN' })).linkProgramToPartnership.userErrors).toEqual([]);
    });

    it('an anonymous reader of partnership { programs { title } } sees only the programs they may see: no null, no error', async () => {
      const partnership = (await graph.data(PARTNERSHIP, { input: partnershipInput(partnerId, [CEN.id]) }, { as: STAFF_CEN })).createPartnership.partnership.id;
      await graph.data('mutation($id: ID!) { updatePartnershipStatus(partnershipId: $id, status: ACTIVE) { userErrors { code } } }', { id: partnership }, { as: STAFF_CEN });
      const visible = await program(CEN, 'PUBLISHED', STAFF_CEN);
      const hidden = await program(CEN, 'PUBLISHED', STAFF_CEN);
      for (const p of [visible, hidden]) expect((await graph.data(LINK, { id: partnership, p }, { as: STAFF_CEN })).linkProgramToPartnership.userErrors).toEqual([]);
      // Later the second program is cancelled: the public may no longer see it.
      await graph.data(`mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { ${ERRORS} } }`, { input: { programId: hidden, status: 'CANCELLED' } }, { as: STAFF_CEN });
      const q = 'query($id: ID!) { partnership(id: $id) { title programs { id title } } }';
      for (const as of [undefined, 'PATRON', STAFF_NOR] as AsOptions['as'][]) {
        const res = await graph.query<any>(q, { id: partnership }, { as });
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.partnership.programs).toEqual([{ id: visible, title: expect.any(String) }]);
      }
      const staff = await graph.data(q, { id: partnership }, { as: STAFF_CEN });
      expect(staff.partnership.programs.map((p: any) => p.id)).toEqual([visible, hidden]);
    });
  });

  describe('diversity-metrics and the feedback subgraph\'s discussions and assessments', () => {
    it.each([
      ['submitParticipantDemographics', DEMOGRAPHICS, (b: string) => ({ branchId: b, on: '2025-03-14' }), undefined, 'participant_response', 'diversity-metrics'],
      ['recordCollectionAudit', AUDIT, auditInput, 'ADMIN', 'collection_audit', 'diversity-metrics'],
      ['recordAccessibilityAudit', ACCESSIBILITY, (b: string) => ({ branchId: b, auditedOn: '2025-06-01', features: [{ feature: 'STEP_FREE_ENTRANCE', available: true }] }), 'ADMIN', 'accessibility_audit', 'diversity-metrics'],
      ['upsertCommunityProfile', PROFILE, profileInput, 'ADMIN', 'community_profile', 'diversity-metrics'],
      ['recordCommunityDiscussion', DISCUSSION, discussionInput, 'ADMIN', 'community_discussion', 'feedback'],
      ['recordNeedsAssessment', ASSESSMENT, assessmentInput, 'ADMIN', 'needs_assessment', 'feedback'],
    ] as const)('%s: an unknown branch is NOT_FOUND, a malformed one INVALID, a real one accepted', async (name, mutation, make, as, table, subgraph) => {
      const before = await rows(subgraph, table);
      for (const [branch, code] of [[NOBODY, 'NOT_FOUND'], ['not-an-id', 'INVALID']] as const) {
        const res = await graph.query<any>(mutation, { input: make(branch) }, { as });
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data[name].userErrors).toEqual([expect.objectContaining({ field: ['input', 'branchId'], code })]);
      }
      expect(await rows(subgraph, table)).toBe(before);
      const ok = await graph.data(mutation, { input: make(CEN.id) }, { as });
      expect(ok[name].userErrors).toEqual([]);
      expect(await rows(subgraph, table)).toBe(before + 1);
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
      // A link to a program cannot be checked either; reading the partnership's programs says so in that field only.
      const partnerId = (await graph.data(PARTNER, { input: { name: 'Outage partner', type: 'NONPROFIT' } }, { as: 'ADMIN' })).createPartner.partner.id;
      const partnership = (await graph.data(PARTNERSHIP, { input: partnershipInput(partnerId, [CEN.id]) }, { as: STAFF_CEN })).createPartnership.partnership.id;
      const links = await rows('partners', 'partnership_program');
      const link = await graph.query<any>(LINK, { id: partnership, p: fresh }, { as: STAFF_CEN });
      expect(link.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(await rows('partners', 'partnership_program')).toBe(links);
    });

    it('with the directory down, no write that names a branch goes through', async () => {
      await graph.subgraph('libraries').stop();
      const cases: [string, string, Record<string, unknown>, AsOptions['as'], string, string][] = [
        ['submitFeedback', SUBMIT, feedbackInput(), undefined, 'feedback', 'feedback'],
        ['recordCommunityDiscussion', DISCUSSION, discussionInput(CEN.id), 'ADMIN', 'feedback', 'community_discussion'],
        ['submitParticipantDemographics', DEMOGRAPHICS, { branchId: CEN.id, on: '2025-03-14' }, undefined, 'diversity-metrics', 'participant_response'],
        ['recordCollectionAudit', AUDIT, auditInput(CEN.id), 'ADMIN', 'diversity-metrics', 'collection_audit'],
        ['upsertCommunityProfile', PROFILE, profileInput(CEN.id), 'ADMIN', 'diversity-metrics', 'community_profile'],
      ];
      for (const [name, mutation, input, as, subgraph, table] of cases) {
        const before = await rows(subgraph, table);
        const res = await graph.query<any>(mutation, { input }, { as });
        expect([name, res.body.errors?.map((e: any) => e.extensions?.code)]).toEqual([name, ['SERVICE_UNAVAILABLE']]);
        expect(await rows(subgraph, table)).toBe(before);
      }
    });
  });
});
