import { TEST_SUBGRAPH_SECRET, type TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { asPatron, asStaff, CEN, NOR, submit, validInput, VOTE } from './helpers';

jest.setTimeout(60_000);

type As = Parameters<TestGraph['query']>[2] extends infer O ? (O extends { as?: infer A } ? A : never) : never;

describe('feedback visibility (RULES.md §2) on every read path', () => {
  let graph: TestGraph;
  const ids: Record<string, string> = {};

  const ROLES: [string, As | undefined, string[]][] = [
    ['anonymous', undefined, ['A', 'E']],
    ['PATRON, own items', asPatron('p1'), ['A', 'B', 'E']],
    ['PATRON, other items', asPatron('p2'), ['A', 'D', 'E']],
    ['STAFF of RVL-CEN', asStaff('RVL-CEN'), ['A', 'B', 'C', 'E']],
    ['STAFF of RVL-NOR', asStaff('RVL-NOR'), ['A', 'D', 'E']],
    ['ANALYST', 'ANALYST', ['A', 'B', 'C', 'D', 'E']],
    ['ADMIN', 'ADMIN', ['A', 'B', 'C', 'D', 'E']],
  ];
  const names = (list: { id: string }[]) => list.map((n) => Object.keys(ids).find((k) => ids[k] === n.id)).sort();

  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
    ids.A = (await submit(graph, validInput({ subject: 'A public', isPublic: true }), asPatron('p1'))).id;
    ids.B = (await submit(graph, validInput({ subject: 'B private', contact: { email: 'b@example.org' } }), asPatron('p1'))).id;
    ids.C = (await submit(graph, validInput({ subject: 'C private anonymous', contact: { name: 'Carla' } }))).id;
    ids.D = (await submit(graph, validInput({ subject: 'D private', branchId: NOR }), asPatron('p2'))).id;
    ids.E = (await submit(graph, validInput({ subject: 'E public', branchId: NOR, isPublic: true }))).id;
    const respond = 'mutation($i: RespondToFeedbackInput!) { respondToFeedback(input: $i) { userErrors { code } } }';
    await graph.data(respond, { i: { feedbackId: ids.A, body: 'Public answer', visibility: 'PUBLIC' } }, { as: asStaff('RVL-CEN') });
    await graph.data(respond, { i: { feedbackId: ids.A, body: 'Internal note', visibility: 'INTERNAL' } }, { as: asStaff('RVL-CEN') });
  });
  afterAll(() => graph?.stop());

  describe.each(ROLES)('%s', (_name, as, visible) => {
    it('single fetch: what they may not see is null', async () => {
      for (const key of Object.keys(ids)) {
        const d = await graph.data('query($id: ID!) { feedback(id: $id) { id } }', { id: ids[key] }, { as });
        expect([key, d.feedback?.id ?? null]).toEqual([key, visible.includes(key) ? ids[key] : null]);
      }
    });

    it('lists and totalCount: what they may not see is left out', async () => {
      const d = await graph.data('{ feedbackItems(first: 50) { totalCount nodes { id } } }', {}, { as });
      expect(names(d.feedbackItems.nodes)).toEqual(visible);
      expect(d.feedbackItems.totalCount).toBe(visible.length);
      const b = await graph.data('{ branch(code: "RVL-CEN") { feedback { totalCount nodes { id } } } }', {}, { as });
      const atCen = visible.filter((k) => ['A', 'B', 'C'].includes(k));
      expect(names(b.branch.feedback.nodes)).toEqual(atCen);
      expect(b.branch.feedback.totalCount).toBe(atCen.length);
    });

    it('entity references go through the same policy', async () => {
      const authorization = await graph.authorization(as);
      const res = await fetch(graph.subgraph('feedback').url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-subgraph-secret': TEST_SUBGRAPH_SECRET, ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Feedback { id } } }',
          variables: { r: Object.values(ids).map((id) => ({ __typename: 'Feedback', id })) },
        }),
      });
      const body = (await res.json()) as { data: { _entities: ({ id: string } | null)[] } };
      expect(names(body.data._entities.filter((e): e is { id: string } => e !== null))).toEqual(visible);
    });
  });

  it('contact: STAFF of the branch, ADMIN and the submitting patron; never ANALYST or others', async () => {
    const q = 'query($id: ID!) { feedback(id: $id) { contact { email } } }';
    const contactOfB = async (as: As) => (await graph.data(q, { id: ids.B }, { as })).feedback?.contact ?? null;
    expect(await contactOfB(asPatron('p1'))).toEqual({ email: 'b@example.org' });
    expect(await contactOfB(asStaff('RVL-CEN'))).toEqual({ email: 'b@example.org' });
    expect(await contactOfB('ADMIN')).toEqual({ email: 'b@example.org' });
    expect(await contactOfB('ANALYST')).toBeNull();
    expect(await contactOfB(asPatron('p2'))).toBeNull();
    expect(await contactOfB(asStaff('RVL-NOR'))).toBeNull();
  });

  it('INTERNAL responses: STAFF of the branch and ADMIN only; the field is never an error', async () => {
    const q = 'query($id: ID!) { feedback(id: $id) { responses { body visibility } } }';
    for (const [, as] of ROLES) {
      const res = await graph.query(q, { id: ids.A }, { as });
      expect(res.body.errors).toBeUndefined();
      const bodies = (res.body.data as any).feedback.responses.map((r: { body: string }) => r.body);
      const staffOfBranch = as === 'ADMIN' || (typeof as === 'object' && 'branchCodes' in as && as.branchCodes?.includes('RVL-CEN'));
      expect(bodies).toEqual(staffOfBranch ? ['Public answer', 'Internal note'] : ['Public answer']);
    }
  });

  describe('aggregates', () => {
    const AGG = '{ feedbackAggregate { totals { count } } }';
    it('anonymous: UNAUTHENTICATED; PATRON: FORBIDDEN', async () => {
      expect((await graph.query(AGG)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await graph.query(AGG, {}, { as: asPatron('p1') })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const b = await graph.query('{ branch(code: "RVL-CEN") { name feedbackAggregate { totals { count } } } }', {}, { as: asPatron('p1') });
      expect(b.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((b.body.data as any).branch).toEqual({ name: 'Riverton Central Library', feedbackAggregate: null });
    });

    it.each([
      ['STAFF of RVL-CEN', asStaff('RVL-CEN'), 3, 3, 0],
      ['STAFF of RVL-NOR', asStaff('RVL-NOR'), 2, 0, 2],
      ['ANALYST', 'ANALYST' as const, 5, 3, 2],
      ['ADMIN', 'ADMIN' as const, 5, 3, 2],
    ])('%s: own branches only (or all)', async (_n, as, total, cen, nor) => {
      const d = await graph.data(`{
        feedbackAggregate { totals { count } }
        cen: branch(code: "RVL-CEN") { feedbackAggregate { totals { count } } }
        nor: branch(code: "RVL-NOR") { feedbackAggregate { totals { count } } }
        consortium(code: "CVLC") { feedbackAggregate { totals { count } } }
        rvl: branch(code: "RVL-CEN") { system { feedbackAggregate { totals { count } } } }
      }`, {}, { as });
      expect(d.feedbackAggregate.totals.count).toBe(total);
      expect(d.cen.feedbackAggregate.totals.count).toBe(cen);
      expect(d.nor.feedbackAggregate.totals.count).toBe(nor);
      expect(d.consortium.feedbackAggregate.totals.count).toBe(total);
      expect(d.rvl.system.feedbackAggregate.totals.count).toBe(total);
    });
  });

  describe('filters and orders', () => {
    it('treats search as text, never as SQL or a pattern', async () => {
      const q = 'query($s: String!) { feedbackItems(filter: { search: $s }) { totalCount } }';
      expect((await graph.data(q, { s: 'private' }, { as: 'ADMIN' })).feedbackItems.totalCount).toBe(3);
      expect((await graph.data(q, { s: 'PUBLIC' }, { as: 'ADMIN' })).feedbackItems.totalCount).toBe(2);
      for (const s of ['%', '_', "' OR '1'='1", 'pub%ic', 'pub_ic', '*', '"', 'pub* OR x']) {
        expect([s, (await graph.data(q, { s }, { as: 'ADMIN' })).feedbackItems.totalCount]).toEqual([s, 0]);
      }
      // Search is by words: punctuation separates words and is never a wildcard.
      const you = (await graph.data(q, { s: 'you' }, { as: 'ADMIN' })).feedbackItems.totalCount;
      expect(you).toBeGreaterThan(0);
      expect((await graph.data(q, { s: 'you!%' }, { as: 'ADMIN' })).feedbackItems.totalCount).toBe(you);
    });

    it('applies every filter', async () => {
      const q = 'query($f: FeedbackFilter) { feedbackItems(filter: $f) { totalCount } }';
      const count = async (f: Record<string, unknown>) => (await graph.data(q, { f }, { as: 'ADMIN' })).feedbackItems.totalCount;
      expect(await count({ branchIds: [NOR] })).toBe(2);
      expect(await count({ branchIds: [CEN, NOR] })).toBe(5);
      expect(await count({ branchIds: [] })).toBe(0);
      expect(await count({ isPublic: true })).toBe(2);
      expect(await count({ statuses: ['RECEIVED'] })).toBe(5);
      expect(await count({ statuses: ['RESOLVED'] })).toBe(0);
      expect(await count({ categories: ['FACILITIES'] })).toBe(5);
      expect(await count({ categories: ['HOURS'] })).toBe(0);
      expect(await count({ channels: ['ONLINE_FORM'] })).toBe(5);
      expect(await count({ sentiments: ['POSITIVE'] })).toBe(5);
      expect(await count({ submittedFrom: new Date(Date.now() - 3_600_000).toISOString() })).toBe(5);
      expect(await count({ submittedTo: new Date(Date.now() - 3_600_000).toISOString() })).toBe(0);
      const tooMany = await graph.query(q, { f: { branchIds: Array.from({ length: 101 }, (_, i) => `b${i}`) } }, { as: 'ADMIN' });
      expect(tooMany.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('pages with cursors in every order, VOTES_DESC by votes', async () => {
      await graph.data(VOTE, { id: ids.E }, { as: asPatron('voter-1') });
      await graph.data(VOTE, { id: ids.E }, { as: asPatron('voter-2') });
      await graph.data(VOTE, { id: ids.A }, { as: asPatron('voter-1') });
      const q = 'query($o: FeedbackOrder, $a: String) { feedbackItems(first: 2, after: $a, orderBy: $o) { nodes { id } pageInfo { hasNextPage endCursor } } }';
      for (const [order, expected] of [
        ['SUBMITTED_AT_DESC', ['E', 'D', 'C', 'B', 'A']],
        ['SUBMITTED_AT_ASC', ['A', 'B', 'C', 'D', 'E']],
        ['VOTES_DESC', ['E', 'A', 'D', 'C', 'B']],
      ] as const) {
        const seen: string[] = [];
        let after: string | null = null;
        for (;;) {
          const d: any = await graph.data(q, { o: order, a: after }, { as: 'ADMIN' });
          seen.push(...d.feedbackItems.nodes.map((n: { id: string }) => Object.keys(ids).find((k) => ids[k] === n.id)!));
          if (!d.feedbackItems.pageInfo.hasNextPage) break;
          after = d.feedbackItems.pageInfo.endCursor;
        }
        expect([order, seen]).toEqual([order, expected]);
      }
      const bad = await graph.query('{ feedbackItems(first: 101) { totalCount } }');
      expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
