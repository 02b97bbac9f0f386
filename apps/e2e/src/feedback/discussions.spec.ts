import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { asPatron, asStaff, CEN, countRows, NOR, submit, validInput } from './helpers';

jest.setTimeout(60_000);

const DISCUSSION = `mutation($input: RecordCommunityDiscussionInput!) {
  recordCommunityDiscussion(input: $input) { discussion { id title format heldAt attendeeCount summary branch { id } feedback { id } } userErrors { field code } }
}`;
const ASSESSMENT = `mutation($input: RecordNeedsAssessmentInput!) {
  recordNeedsAssessment(input: $input) { assessment { id title method conductedOn respondentCount branch { id } findings { need serviceArea priority evidence } } userErrors { field code } }
}`;

const discussionInput = (over: Record<string, unknown> = {}) => ({
  branchId: CEN, title: 'Town hall on opening hours', format: 'TOWN_HALL', heldAt: '2026-03-01T18:30:00.000Z', attendeeCount: 42, summary: 'Sunday hours wanted.', ...over,
});
const assessmentInput = (over: Record<string, unknown> = {}) => ({
  branchId: CEN, title: 'Northside needs 2026', method: 'SURVEY', conductedOn: '2026-02-15', respondentCount: 310,
  findings: [
    { need: 'Bilingual storytime', serviceArea: 'EARLY_CHILDHOOD_LITERACY', priority: 'HIGH', evidence: '48% asked for it' },
    { need: 'Evening study space', priority: 'LOW' },
  ],
  ...over,
});

describe('community discussions and needs assessments', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    // programs too: a feedback item's relatedProgramId is checked with it (RULES.md §4).
    graph = await startGraph({ only: ['libraries', 'feedback', 'programs'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  it('STAFF of the branch records a discussion; it is readable by id and on the branch', async () => {
    const d = await graph.data(DISCUSSION, { input: discussionInput() }, { as: asStaff('RVL-CEN') });
    expect(d.recordCommunityDiscussion.userErrors).toEqual([]);
    const rec = d.recordCommunityDiscussion.discussion;
    expect(rec).toMatchObject({ title: 'Town hall on opening hours', format: 'TOWN_HALL', heldAt: '2026-03-01T18:30:00.000Z', attendeeCount: 42, branch: { id: CEN }, feedback: [] });
    const older = await graph.data(DISCUSSION, { input: discussionInput({ title: 'Earlier', heldAt: '2025-03-01T18:30:00.000Z' }) }, { as: 'ADMIN' });
    const one = await graph.data('query($id: ID!) { communityDiscussion(id: $id) { id title } }', { id: rec.id });
    expect(one.communityDiscussion).toEqual({ id: rec.id, title: 'Town hall on opening hours' });
    const b = await graph.data('{ branch(code: "RVL-CEN") { communityDiscussions { id } first: communityDiscussions(first: 1) { id } } }');
    expect(b.branch.communityDiscussions.map((x: { id: string }) => x.id)).toEqual([rec.id, older.recordCommunityDiscussion.discussion.id]);
    expect(b.branch.first).toEqual([{ id: rec.id }]);
  });

  it.each([
    ['empty title', { title: ' ' }, ['input', 'title'], 'REQUIRED'],
    ['long title', { title: 't'.repeat(201) }, ['input', 'title'], 'TOO_LONG'],
    ['negative attendees', { attendeeCount: -1 }, ['input', 'attendeeCount'], 'INVALID'],
    ['date out of range', { heldAt: '1850-01-01T00:00:00Z' }, ['input', 'heldAt'], 'INVALID'],
    ['long summary', { summary: 's'.repeat(10_001) }, ['input', 'summary'], 'TOO_LONG'],
  ])('refuses a discussion with %s and writes nothing', async (_n, over, field, code) => {
    const before = await countRows(graph, 'community_discussion');
    const d = await graph.data(DISCUSSION, { input: discussionInput(over) }, { as: asStaff('RVL-CEN') });
    expect(d.recordCommunityDiscussion).toEqual({ discussion: null, userErrors: [{ field, code }] });
    expect(await countRows(graph, 'community_discussion')).toBe(before);
  });

  it('refuses discussions and assessments by other roles', async () => {
    for (const [mutation, input] of [[DISCUSSION, discussionInput()], [ASSESSMENT, assessmentInput()]] as const) {
      expect((await graph.query(mutation, { input })).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      for (const as of [asPatron('p1'), 'ANALYST', asStaff('RVL-NOR')] as const) {
        expect((await graph.query(mutation, { input }, { as })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
    }
    const ok = await graph.data(DISCUSSION, { input: discussionInput({ branchId: NOR }) }, { as: asStaff('RVL-NOR') });
    expect(ok.recordCommunityDiscussion.userErrors).toEqual([]);
  });

  it('records a needs assessment with its findings; readable by id and on the branch', async () => {
    const d = await graph.data(ASSESSMENT, { input: assessmentInput() }, { as: asStaff('RVL-CEN') });
    expect(d.recordNeedsAssessment.userErrors).toEqual([]);
    const a = d.recordNeedsAssessment.assessment;
    expect(a).toMatchObject({ title: 'Northside needs 2026', method: 'SURVEY', conductedOn: '2026-02-15', respondentCount: 310, branch: { id: CEN } });
    expect(a.findings).toEqual([
      { need: 'Bilingual storytime', serviceArea: 'EARLY_CHILDHOOD_LITERACY', priority: 'HIGH', evidence: '48% asked for it' },
      { need: 'Evening study space', serviceArea: null, priority: 'LOW', evidence: null },
    ]);
    const one = await graph.data('query($id: ID!) { needsAssessment(id: $id) { findings { need } } }', { id: a.id });
    expect(one.needsAssessment.findings).toHaveLength(2);
    const b = await graph.data('{ branch(code: "RVL-CEN") { needsAssessments { id } } }');
    expect(b.branch.needsAssessments).toEqual([{ id: a.id }]);
  });

  it.each([
    ['empty title', { title: '' }, ['input', 'title'], 'REQUIRED'],
    ['bad date', { conductedOn: '2101-01-01' }, ['input', 'conductedOn'], 'INVALID'],
    ['negative respondents', { respondentCount: -5 }, ['input', 'respondentCount'], 'INVALID'],
    ['empty finding', { findings: [{ need: ' ', priority: 'HIGH' }] }, ['input', 'findings', '0', 'need'], 'REQUIRED'],
  ])('refuses an assessment with %s and writes nothing', async (_n, over, field, code) => {
    const before = (await countRows(graph, 'needs_assessment')) + (await countRows(graph, 'need_finding'));
    const d = await graph.data(ASSESSMENT, { input: assessmentInput(over) }, { as: 'ADMIN' });
    expect(d.recordNeedsAssessment).toEqual({ assessment: null, userErrors: [{ field, code }] });
    expect((await countRows(graph, 'needs_assessment')) + (await countRows(graph, 'need_finding'))).toBe(before);
  });

  it('Program.feedback lists the visible items about a program', async () => {
    const created = await graph.data(
      'mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id } userErrors { code } } }',
      { input: { branchId: CEN, title: 'Storytime', description: 'Stories.', serviceArea: 'EARLY_CHILDHOOD_LITERACY', ageGroup: 'CHILDREN', format: 'ONSITE' } },
      { as: asStaff('RVL-CEN') },
    );
    const programId: string = created.createProgram.program.id;
    await graph.data('mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { userErrors { code } } }', { input: { programId, status: 'PUBLISHED' } }, { as: asStaff('RVL-CEN') });
    const pub = await submit(graph, validInput({ isPublic: true, relatedProgramId: programId, category: 'PROGRAMS' }));
    await submit(graph, validInput({ isPublic: false, relatedProgramId: programId, category: 'PROGRAMS' }));
    const q = 'query($id: ID!) { feedback(id: $id) { relatedProgram { id feedback { totalCount nodes { id } } } } }';
    const anon = await graph.data(q, { id: pub.id });
    expect(anon.feedback.relatedProgram.id).toBe(programId);
    expect(anon.feedback.relatedProgram.feedback).toEqual({ totalCount: 1, nodes: [{ id: pub.id }] });
    const staff = await graph.data(q, { id: pub.id }, { as: asStaff('RVL-CEN') });
    expect(staff.feedback.relatedProgram.feedback.totalCount).toBe(2);
  });
});
