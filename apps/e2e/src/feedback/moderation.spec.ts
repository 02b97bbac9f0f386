import { TEST_SUBGRAPH_SECRET, type TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { createProgram, setStatus } from '../programs/helpers';
import { asPatron, asStaff, CEN, countRows, NOR, STATUS, submit, validInput, VOTE } from './helpers';

jest.setTimeout(120_000);

type As = Parameters<TestGraph['query']>[2] extends infer O ? (O extends { as?: infer A } ? A : never) : never;

const MODERATION = 'moderation { state flags mergedInto { id } actions { action fromState toState reason actorName actorId relatedFeedbackId createdAt } }';
const HIDE = `mutation($i: HideFeedbackInput!) { hideFeedback(input: $i) { feedback { id ${MODERATION} } userErrors { field code } } }`;
const SHOW = `mutation($i: ShowFeedbackInput!) { showFeedback(input: $i) { feedback { id ${MODERATION} } userErrors { field code } } }`;
const MERGE = `mutation($i: MergeFeedbackInput!) {
  mergeFeedback(input: $i) { feedback { id voteCount ${MODERATION} } duplicate { id ${MODERATION} } userErrors { field code } }
}`;
const QUEUE = `query($states: [ModerationState!], $branchIds: [ID!], $first: Int, $after: String) {
  moderationQueue(states: $states, branchIds: $branchIds, first: $first, after: $after) {
    totalCount nodes { id subject moderation { state flags } } pageInfo { hasNextPage endCursor }
  }
}`;

/** The post of the issue: a staff member's full name, his phone number and an insult, anonymous and public. */
const ISSUE_POST = validInput({
  subject: 'Rude librarian',
  body: 'The librarian John Smith (503-555-0142) was rude to my son. What an idiot.',
  isPublic: true,
  rating: 1,
});

/**
 * Every read path the public has to an item, as one caller sees it: single
 * fetch, the lists and their totalCount, the branch's list, entity
 * references, search.
 */
async function publicReads(graph: TestGraph, id: string, search: string, as?: As) {
  const single = (await graph.data('query($id: ID!) { feedback(id: $id) { id voteCount } }', { id }, { as })).feedback;
  const list = (await graph.data('{ feedbackItems(first: 100) { totalCount nodes { id } } }', {}, { as })).feedbackItems;
  const ordered = (await graph.data('{ feedbackItems(first: 100, orderBy: VOTES_DESC) { nodes { id } } }', {}, { as })).feedbackItems;
  const branch = (await graph.data('{ branch(code: "RVL-CEN") { feedback(first: 100) { totalCount nodes { id } } } }', {}, { as })).branch.feedback;
  const found = (await graph.data('query($s: String!) { feedbackItems(first: 100, filter: { search: $s }) { totalCount nodes { id } } }', { s: search }, { as })).feedbackItems;
  const authorization = await graph.authorization(as);
  const res = await fetch(graph.subgraph('feedback').url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-subgraph-secret': TEST_SUBGRAPH_SECRET, ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Feedback { id } } }', variables: { r: [{ __typename: 'Feedback', id }] } }),
  });
  const entity = ((await res.json()) as { data: { _entities: ({ id: string } | null)[] } }).data._entities[0];
  const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);
  return {
    single: single?.id ?? null,
    inList: ids(list.nodes).includes(id),
    listCountMatches: list.totalCount === list.nodes.length,
    inVotesOrder: ids(ordered.nodes).includes(id),
    inBranch: ids(branch.nodes).includes(id),
    branchCountMatches: branch.totalCount === branch.nodes.length,
    inSearch: ids(found.nodes).includes(id),
    searchCountMatches: found.totalCount === found.nodes.length,
    entity: entity?.id ?? null,
  };
}

const ABSENT = { single: null, inList: false, listCountMatches: true, inVotesOrder: false, inBranch: false, branchCountMatches: true, inSearch: false, searchCountMatches: true, entity: null };
const present = (id: string) => ({ single: id, inList: true, listCountMatches: true, inVotesOrder: true, inBranch: true, branchCountMatches: true, inSearch: true, searchCountMatches: true, entity: id });

/** The public: anonymous, a patron who did not submit it, staff of another branch. */
const PUBLIC: [string, As | undefined][] = [['anonymous', undefined], ['another patron', asPatron('stranger')], ['STAFF of RVL-NOR', asStaff('RVL-NOR')]];

describe('moderation of the public board (RULES.md §8)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  describe('the automatic screen', () => {
    it("holds the issue's post for review: the submitter gets it back awaiting review, the public cannot find it anywhere", async () => {
      const f = await submit(graph, ISSUE_POST);
      const payload = await graph.data(`query($id: ID!) { feedback(id: $id) { id } }`, { id: f.id });
      expect(payload.feedback).toBeNull();
      const again = await graph.data(`mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { feedback { id status isPublic ${MODERATION} } userErrors { code } } }`, {
        input: { ...validInput(ISSUE_POST), subject: 'Rude librarian again' },
      });
      const held = again.submitFeedback.feedback;
      expect(held).toMatchObject({ status: 'RECEIVED', isPublic: true, moderation: { state: 'HELD', flags: ['PHONE_NUMBER', 'PERSON_NAME', 'ABUSE'], mergedInto: null, actions: [] } });
      for (const [, as] of PUBLIC) expect([held.id, await publicReads(graph, held.id, 'Smith', as)]).toEqual([held.id, ABSENT]);
      const vote = await graph.data(VOTE, { id: held.id }, { as: asPatron('voter') });
      expect(vote.voteForFeedback).toEqual({ feedback: null, userErrors: [{ field: ['feedbackId'], code: 'NOT_FOUND' }] });
    });

    it.each([
      ['a phone number', 'Call me at 541-555-0199 about the book sale', 'PHONE_NUMBER'],
      ['an email address', 'Write to jane.doe@example.org about the book sale', 'EMAIL_ADDRESS'],
      ['a street address', 'The book drop at 1234 NE Elm Ave is always full', 'STREET_ADDRESS'],
      ['a full name next to a complaint', 'Ms. Garcia at the desk ignored me and was very rude', 'PERSON_NAME'],
      ['English abuse', 'This branch is run by morons', 'ABUSE'],
      ['Spanish abuse', 'El bibliotecario es un pendejo', 'ABUSE'],
      ['Spanish personal data', 'La señora María García vive en la Calle Mayor 12 y nos trató fatal', 'STREET_ADDRESS'],
    ])('holds %s', async (_what, body, flag) => {
      const f = await submit(graph, validInput({ body, isPublic: true, rating: null }));
      const d = await graph.data(`query($id: ID!) { feedback(id: $id) { moderation { state flags } } }`, { id: f.id }, { as: asStaff('RVL-CEN') });
      expect(d.feedback.moderation.state).toBe('HELD');
      expect(d.feedback.moderation.flags).toContain(flag);
      expect((await graph.data('query($id: ID!) { feedback(id: $id) { id } }', { id: f.id })).feedback).toBeNull();
    });

    it('publishes ordinary feedback at once, and praise that names someone', async () => {
      for (const body of ['The new study rooms are wonderful, thank you!', 'Thanks to Maria Lopez for the great story time!', 'El wifi de la sala se corta los sábados.']) {
        const f = await submit(graph, validInput({ body, isPublic: true, rating: 5 }));
        expect([body, (await graph.data('query($id: ID!) { feedback(id: $id) { id } }', { id: f.id })).feedback?.id]).toEqual([body, f.id]);
      }
    });

    it('does not screen non-public items: they are NOT_PUBLIC and read as before', async () => {
      const f = await submit(graph, validInput({ body: 'Call me at 541-555-0199', isPublic: false }), asPatron('quiet'));
      const d = await graph.data(`query($id: ID!) { feedback(id: $id) { moderation { state flags } } }`, { id: f.id }, { as: asPatron('quiet') });
      expect(d.feedback.moderation).toEqual({ state: 'NOT_PUBLIC', flags: [] });
    });

    it('the submitter and staff of the branch see a held item with its state; only staff and ADMIN see the record', async () => {
      const f = await submit(graph, ISSUE_POST, asPatron('author'));
      const q = `query($id: ID!) { feedback(id: $id) { id ${MODERATION} } }`;
      const mine = (await graph.data(q, { id: f.id }, { as: asPatron('author') })).feedback;
      expect(mine.moderation).toMatchObject({ state: 'HELD', actions: [] });
      const staff = (await graph.data(q, { id: f.id }, { as: asStaff('RVL-CEN') })).feedback;
      expect(staff.moderation.actions).toEqual([
        expect.objectContaining({ action: 'HELD', fromState: 'NOT_PUBLIC', toState: 'HELD', actorName: 'Automatic screen', actorId: null, reason: expect.stringContaining('PHONE_NUMBER') }),
      ]);
      expect((await graph.data(q, { id: f.id }, { as: 'ANALYST' })).feedback.moderation).toMatchObject({ state: 'HELD', actions: [] });
      expect((await graph.data(q, { id: f.id }, { as: 'ADMIN' })).feedback.moderation.actions).toHaveLength(1);
      // The submitter's own held item takes no votes: it is not on the board.
      const vote = await graph.data(VOTE, { id: f.id }, { as: asPatron('author') });
      expect(vote.voteForFeedback.userErrors).toEqual([{ field: ['feedbackId'], code: 'INVALID' }]);
    });

    it('a public item that staff DECLINE while it is held stays off the board (HIDDEN), with the decline recorded', async () => {
      const f = await submit(graph, ISSUE_POST);
      const d = await graph.data(STATUS, { input: { feedbackId: f.id, status: 'DECLINED', note: 'Personal attack on a staff member' } }, { as: asStaff('RVL-CEN') });
      expect(d.updateFeedbackStatus.userErrors).toEqual([]);
      const read = (await graph.data(`query($id: ID!) { feedback(id: $id) { status ${MODERATION} } }`, { id: f.id }, { as: asStaff('RVL-CEN') })).feedback;
      expect(read.status).toBe('DECLINED');
      expect(read.moderation.state).toBe('HIDDEN');
      expect(read.moderation.actions.map((a: { action: string; reason: string }) => [a.action, a.reason])).toEqual([
        ['HELD', expect.any(String)], ['DECLINED', 'Personal attack on a staff member'],
      ]);
      for (const [, as] of PUBLIC) expect(await publicReads(graph, f.id, 'Smith', as)).toEqual(ABSENT);
    });
  });

  describe('hide and show', () => {
    it('hides a published item from every public read path, and shows it again; each action recorded with who, when and why', async () => {
      const f = await submit(graph, validInput({ subject: 'Longer hours please', body: 'Please stay open until nine on weekdays.', isPublic: true }));
      await graph.data(VOTE, { id: f.id }, { as: asPatron('fan') });
      for (const [, as] of PUBLIC) expect(await publicReads(graph, f.id, 'nine', as)).toEqual(present(f.id));

      const before = Date.now();
      const hidden = await graph.data(HIDE, { i: { feedbackId: f.id, reason: 'Duplicate of a pinned answer' } }, { as: asStaff('RVL-CEN') });
      expect(hidden.hideFeedback.userErrors).toEqual([]);
      expect(hidden.hideFeedback.feedback.moderation.state).toBe('HIDDEN');
      for (const [name, as] of PUBLIC) expect([name, await publicReads(graph, f.id, 'nine', as)]).toEqual([name, ABSENT]);
      expect((await graph.data(VOTE, { id: f.id }, { as: asPatron('late-fan') })).voteForFeedback.userErrors).toEqual([{ field: ['feedbackId'], code: 'NOT_FOUND' }]);

      const shown = await graph.data(SHOW, { i: { feedbackId: f.id, reason: 'Reviewed again: fine' } }, { as: 'ADMIN' });
      expect(shown.showFeedback.userErrors).toEqual([]);
      for (const [, as] of PUBLIC) expect(await publicReads(graph, f.id, 'nine', as)).toEqual(present(f.id));
      const actions = shown.showFeedback.feedback.moderation.actions;
      expect(actions).toEqual([
        expect.objectContaining({ action: 'HIDDEN', fromState: 'PUBLISHED', toState: 'HIDDEN', reason: 'Duplicate of a pinned answer', actorName: 'Staff of RVL-CEN', actorId: 'staff-RVL-CEN' }),
        expect.objectContaining({ action: 'SHOWN', fromState: 'HIDDEN', toState: 'PUBLISHED', reason: 'Reviewed again: fine', actorName: 'Test ADMIN', actorId: 'test-admin' }),
      ]);
      for (const a of actions) expect(new Date(a.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect((await graph.data('query($id: ID!) { feedback(id: $id) { voteCount } }', { id: f.id })).feedback.voteCount).toBe(1);
    });

    it('shows a held item after review', async () => {
      const f = await submit(graph, validInput({ body: 'The book drop at 1234 NE Elm Ave is always full', isPublic: true }));
      const r = await graph.data(SHOW, { i: { feedbackId: f.id, reason: "That is the branch's own address" } }, { as: asStaff('RVL-CEN') });
      expect(r.showFeedback.feedback.moderation).toMatchObject({ state: 'PUBLISHED', flags: ['STREET_ADDRESS'] });
      expect((await graph.data('query($id: ID!) { feedback(id: $id) { id } }', { id: f.id })).feedback).toEqual({ id: f.id });
    });

    it('is for STAFF of the branch and ADMIN only, needs a reason, follows the transitions, and a refusal writes nothing', async () => {
      const f = await submit(graph, validInput({ isPublic: true }));
      const held = await submit(graph, ISSUE_POST);
      const own = await submit(graph, validInput({ isPublic: false }), asPatron('owner'));
      const actionsBefore = await countRows(graph, 'feedback_moderation');
      const i = { feedbackId: f.id, reason: 'Because' };
      expect((await graph.query(HIDE, { i })).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      for (const as of [asPatron('owner'), 'ANALYST', asStaff('RVL-NOR')] as const) {
        expect((await graph.query(HIDE, { i }, { as })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      // Staff of another branch cannot tell that a held item exists.
      expect((await graph.data(HIDE, { i: { feedbackId: held.id, reason: 'x' } }, { as: asStaff('RVL-NOR') })).hideFeedback)
        .toEqual({ feedback: null, userErrors: [{ field: ['input', 'feedbackId'], code: 'NOT_FOUND' }] });
      expect((await graph.data(HIDE, { i: { feedbackId: f.id, reason: '   ' } }, { as: asStaff('RVL-CEN') })).hideFeedback.userErrors)
        .toEqual([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
      expect((await graph.data(HIDE, { i: { feedbackId: f.id, reason: 'x'.repeat(1001) } }, { as: asStaff('RVL-CEN') })).hideFeedback.userErrors)
        .toEqual([{ field: ['input', 'reason'], code: 'TOO_LONG' }]);
      expect((await graph.data(SHOW, { i }, { as: asStaff('RVL-CEN') })).showFeedback.userErrors).toEqual([{ field: ['input', 'feedbackId'], code: 'INVALID_TRANSITION' }]);
      expect((await graph.data(HIDE, { i: { feedbackId: own.id, reason: 'x' } }, { as: asStaff('RVL-CEN') })).hideFeedback.userErrors)
        .toEqual([{ field: ['input', 'feedbackId'], code: 'INVALID_TRANSITION' }]);
      expect(await countRows(graph, 'feedback_moderation')).toBe(actionsBefore);
      expect((await graph.data('query($id: ID!) { feedback(id: $id) { id } }', { id: f.id })).feedback).toEqual({ id: f.id });
      expect((await graph.data(HIDE, { i }, { as: asStaff('RVL-CEN') })).hideFeedback.userErrors).toEqual([]);
      expect((await graph.data(HIDE, { i }, { as: asStaff('RVL-CEN') })).hideFeedback.userErrors).toEqual([{ field: ['input', 'feedbackId'], code: 'INVALID_TRANSITION' }]);
    });

    it('two moderators racing: exactly one hide is applied and recorded', async () => {
      const f = await submit(graph, validInput({ isPublic: true }));
      const results = await Promise.all(Array.from({ length: 8 }, (_, k) => graph.data(HIDE, { i: { feedbackId: f.id, reason: `race ${k}` } }, { as: asStaff('RVL-CEN') })));
      expect(results.filter((r) => r.hideFeedback.userErrors.length === 0)).toHaveLength(1);
      const rows = await graph.subgraph('feedback').db.manager.query('SELECT COUNT(*) AS n FROM feedback_moderation WHERE feedbackId = ?', [f.id]);
      expect(Number(rows[0].n)).toBe(1);
    });
  });

  describe('merging duplicates', () => {
    it('keeps one vote per patron, and the duplicate reads for the public as if it did not exist', async () => {
      const a = await submit(graph, validInput({ subject: 'Sunday hours', body: 'Please open the library on Sundays.', isPublic: true }));
      const b = await submit(graph, validInput({ subject: 'Open Sundays', body: 'Sunday opening would help working families.', isPublic: true }));
      for (const [who, id] of [['both', a.id], ['both', b.id], ['only-a', a.id], ['only-b', b.id], ['only-a2', a.id]] as const) {
        expect((await graph.data(VOTE, { id }, { as: asPatron(who) })).voteForFeedback.userErrors).toEqual([]);
      }
      const m = await graph.data(MERGE, { i: { duplicateId: a.id, targetId: b.id, reason: 'Same request' } }, { as: asStaff('RVL-CEN') });
      expect(m.mergeFeedback.userErrors).toEqual([]);
      expect(m.mergeFeedback.feedback.voteCount).toBe(4);
      expect(m.mergeFeedback.duplicate.moderation).toMatchObject({ state: 'MERGED', mergedInto: { id: b.id } });
      expect(m.mergeFeedback.feedback.moderation.actions).toEqual([expect.objectContaining({ action: 'MERGE_TARGET', relatedFeedbackId: a.id, reason: 'Same request' })]);
      expect(m.mergeFeedback.duplicate.moderation.actions).toEqual([expect.objectContaining({ action: 'MERGED', fromState: 'PUBLISHED', toState: 'MERGED', relatedFeedbackId: b.id })]);
      const votes = await graph.subgraph('feedback').db.manager.query('SELECT COUNT(*) AS n FROM feedback_vote WHERE feedbackId = ?', [b.id]);
      expect(Number(votes[0].n)).toBe(4);

      for (const [name, as] of PUBLIC) {
        expect([name, await publicReads(graph, a.id, 'Sunday', as)]).toEqual([name, ABSENT]);
        expect([name, await publicReads(graph, b.id, 'Sunday', as)]).toEqual([name, present(b.id)]);
      }
      // A patron who voted for the duplicate already counts for the item that stays.
      for (const who of ['both', 'only-a', 'only-b']) {
        expect((await graph.data(VOTE, { id: b.id }, { as: asPatron(who) })).voteForFeedback.userErrors).toEqual([{ field: ['feedbackId'], code: 'LIMIT_REACHED' }]);
      }
      expect((await graph.data(VOTE, { id: a.id }, { as: asPatron('newcomer') })).voteForFeedback.userErrors).toEqual([{ field: ['feedbackId'], code: 'NOT_FOUND' }]);
      expect((await graph.data(VOTE, { id: b.id }, { as: asPatron('newcomer') })).voteForFeedback.feedback.voteCount).toBe(5);
    });

    it('counts a merged duplicate once in aggregates', async () => {
      const q = '{ feedbackAggregate(filter: { branchIds: ["' + CEN + '"] }) { totals { count } } }';
      const count = async () => (await graph.data(q, {}, { as: asStaff('RVL-CEN') })).feedbackAggregate.totals.count;
      const a = await submit(graph, validInput({ isPublic: true }));
      const b = await submit(graph, validInput({ isPublic: true }));
      const before = await count();
      await graph.data(MERGE, { i: { duplicateId: a.id, targetId: b.id, reason: 'dup' } }, { as: 'ADMIN' });
      expect(await count()).toBe(before - 1);
    });

    it('refuses a merge into itself, across branches, of a merged item or by others, writing nothing', async () => {
      const a = await submit(graph, validInput({ isPublic: true }));
      const b = await submit(graph, validInput({ isPublic: true }));
      const n = await submit(graph, validInput({ isPublic: true, branchId: NOR }));
      const m = (i: Record<string, string>, as: As = asStaff('RVL-CEN')) => graph.data(MERGE, { i: { reason: 'dup', ...i } }, { as }).then((d) => d.mergeFeedback);
      const before = await countRows(graph, 'feedback_moderation');
      expect((await m({ duplicateId: a.id, targetId: a.id })).userErrors).toEqual([{ field: ['input', 'targetId'], code: 'INVALID' }]);
      expect((await m({ duplicateId: a.id, targetId: n.id }, 'ADMIN')).userErrors).toEqual([{ field: ['input', 'targetId'], code: 'INVALID' }]);
      expect((await m({ duplicateId: a.id, targetId: '00000000-0000-4000-8000-000000000000' })).userErrors).toEqual([{ field: ['input', 'targetId'], code: 'NOT_FOUND' }]);
      expect((await graph.query(MERGE, { i: { duplicateId: a.id, targetId: b.id, reason: 'x' } }, { as: asStaff('RVL-NOR') })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await countRows(graph, 'feedback_moderation')).toBe(before);
      expect((await m({ duplicateId: a.id, targetId: b.id })).userErrors).toEqual([]);
      expect((await m({ duplicateId: a.id, targetId: b.id })).userErrors).toEqual([{ field: ['input', 'duplicateId'], code: 'INVALID_TRANSITION' }]);
      const c = await submit(graph, validInput({ isPublic: true }));
      expect((await m({ duplicateId: c.id, targetId: a.id })).userErrors).toEqual([{ field: ['input', 'targetId'], code: 'INVALID' }]);
      expect((await graph.data(SHOW, { i: { feedbackId: a.id, reason: 'undo' } }, { as: asStaff('RVL-CEN') })).showFeedback.userErrors)
        .toEqual([{ field: ['input', 'feedbackId'], code: 'INVALID_TRANSITION' }]);
    });
  });

  describe('the moderation queue', () => {
    it("lists held items of the caller's branches, oldest first, page by page; ADMIN all; others refused", async () => {
      const cen = [];
      for (let k = 0; k < 3; k++) cen.push((await submit(graph, { ...validInput(ISSUE_POST), subject: `Queue CEN ${k}` })).id);
      const nor = (await submit(graph, { ...validInput(ISSUE_POST), subject: 'Queue NOR', branchId: NOR })).id;
      const all = async (as: As, vars: Record<string, unknown> = {}) => {
        const out: string[] = [];
        let after: string | null = null;
        do {
          const page: { moderationQueue: { nodes: { id: string; moderation: { state: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await graph.data(QUEUE, { ...vars, first: 2, after }, { as });
          for (const node of page.moderationQueue.nodes) {
            expect(node.moderation.state).toBe((vars.states as string[] | undefined)?.[0] ?? 'HELD');
            out.push(node.id);
          }
          after = page.moderationQueue.pageInfo.hasNextPage ? page.moderationQueue.pageInfo.endCursor : null;
        } while (after);
        return out;
      };
      const staffCen = await all(asStaff('RVL-CEN'));
      expect(staffCen).toEqual(expect.arrayContaining(cen));
      expect(staffCen).not.toContain(nor);
      expect(staffCen.indexOf(cen[0])).toBeLessThan(staffCen.indexOf(cen[2]));
      expect(await all(asStaff('RVL-NOR'))).toEqual([nor]);
      expect(await all(asStaff('RVL-NOR'), { branchIds: [CEN] })).toEqual([]);
      const admin = await all('ADMIN');
      expect(admin).toEqual(expect.arrayContaining([...cen, nor]));
      const total = (await graph.data(QUEUE, {}, { as: 'ADMIN' })).moderationQueue.totalCount;
      expect(total).toBe(admin.length);
      await graph.data(SHOW, { i: { feedbackId: cen[1], reason: 'ok' } }, { as: asStaff('RVL-CEN') });
      expect(await all(asStaff('RVL-CEN'))).not.toContain(cen[1]);
      expect(await all(asStaff('RVL-CEN'), { states: ['PUBLISHED'] })).toContain(cen[1]);
      expect((await graph.query(QUEUE, {})).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      for (const as of [asPatron('p'), 'ANALYST'] as const) expect((await graph.query(QUEUE, {}, { as })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('Program.feedback, a read path through another subgraph', () => {
    let withPrograms: TestGraph;
    beforeAll(async () => {
      withPrograms = await startGraph({ only: ['libraries', 'feedback', 'programs'], demoData: ['libraries'] });
    });
    afterAll(() => withPrograms?.stop());

    it('leaves held, hidden and merged items out of a program\'s feedback and its totalCount', async () => {
      const program = await createProgram(withPrograms);
      await setStatus(withPrograms, program.id, 'PUBLISHED');
      const about = (over: Record<string, unknown>) => submit(withPrograms, validInput({ relatedProgramId: program.id, isPublic: true, ...over }));
      const shown = await about({ subject: 'Great class' });
      const held = await about({ ...ISSUE_POST, relatedProgramId: program.id });
      const hidden = await about({ subject: 'To hide' });
      const dup = await about({ subject: 'Great class too' });
      await withPrograms.data(HIDE, { i: { feedbackId: hidden.id, reason: 'off topic' } }, { as: asStaff('RVL-CEN') });
      await withPrograms.data(MERGE, { i: { duplicateId: dup.id, targetId: shown.id, reason: 'same' } }, { as: asStaff('RVL-CEN') });
      const q = 'query($id: ID!) { program(id: $id) { feedback(first: 50) { totalCount nodes { id } } } }';
      for (const [name, as] of PUBLIC) {
        const d = await withPrograms.data(q, { id: program.id }, { as });
        expect([name, d.program.feedback]).toEqual([name, { totalCount: 1, nodes: [{ id: shown.id }] }]);
      }
      const staff = await withPrograms.data(q, { id: program.id }, { as: asStaff('RVL-CEN') });
      expect(staff.program.feedback.nodes.map((n: { id: string }) => n.id).sort()).toEqual([shown.id, held.id, hidden.id, dup.id].sort());
    });
  });
});
