import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { asPatron, asStaff, countRows, submit, validInput, VOTE } from './helpers';

jest.setTimeout(60_000);

describe('voteForFeedback', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  it('counts one vote per patron; a second vote is LIMIT_REACHED and changes nothing', async () => {
    const f = await submit(graph, validInput({ isPublic: true }));
    const first = await graph.data(VOTE, { id: f.id }, { as: asPatron('v1') });
    expect(first.voteForFeedback).toEqual({ feedback: { id: f.id, voteCount: 1 }, userErrors: [] });
    const second = await graph.data(VOTE, { id: f.id }, { as: asPatron('v1') });
    expect(second.voteForFeedback.userErrors).toEqual([{ field: ['feedbackId'], code: 'LIMIT_REACHED' }]);
    expect(second.voteForFeedback.feedback.voteCount).toBe(1);
    const other = await graph.data(VOTE, { id: f.id }, { as: asPatron('v2') });
    expect(other.voteForFeedback.feedback.voteCount).toBe(2);
  });

  it('holds under 20 concurrent votes by the same patron: exactly one counts', async () => {
    const f = await submit(graph, validInput({ isPublic: true }));
    const results = await Promise.all(Array.from({ length: 20 }, () => graph.data(VOTE, { id: f.id }, { as: asPatron('racer') })));
    expect(results.filter((r) => r.voteForFeedback.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.voteForFeedback.userErrors[0]?.code === 'LIMIT_REACHED')).toHaveLength(19);
    const read = await graph.data('query($id: ID!) { feedback(id: $id) { voteCount } }', { id: f.id });
    expect(read.feedback.voteCount).toBe(1);
  });

  it('counts exactly under concurrent votes by different patrons', async () => {
    const f = await submit(graph, validInput({ isPublic: true }));
    await Promise.all(Array.from({ length: 15 }, (_, i) => graph.data(VOTE, { id: f.id }, { as: asPatron(`crowd-${i}`) })));
    const read = await graph.data('query($id: ID!) { feedback(id: $id) { voteCount } }', { id: f.id });
    expect(read.feedback.voteCount).toBe(15);
    const rows = await graph.subgraph('feedback').db.manager.query('SELECT COUNT(*) AS n FROM feedback_vote WHERE feedbackId = ?', [f.id]);
    expect(Number(rows[0].n)).toBe(15);
  });

  it('takes votes for public items only', async () => {
    const own = await submit(graph, validInput({ isPublic: false }), asPatron('owner'));
    const before = await countRows(graph, 'feedback_vote');
    const r = await graph.data(VOTE, { id: own.id }, { as: asPatron('owner') });
    expect(r.voteForFeedback.userErrors).toEqual([{ field: ['feedbackId'], code: 'INVALID' }]);
    const hidden = await graph.data(VOTE, { id: own.id }, { as: asPatron('stranger') });
    expect(hidden.voteForFeedback).toEqual({ feedback: null, userErrors: [{ field: ['feedbackId'], code: 'NOT_FOUND' }] });
    expect(await countRows(graph, 'feedback_vote')).toBe(before);
  });

  it('is for patrons only', async () => {
    const f = await submit(graph, validInput({ isPublic: true }));
    const anon = await graph.query(VOTE, { id: f.id });
    expect(anon.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    for (const as of [asStaff('RVL-CEN'), 'ANALYST', 'ADMIN'] as const) {
      const r = await graph.query(VOTE, { id: f.id }, { as });
      expect(r.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const read = await graph.data('query($id: ID!) { feedback(id: $id) { voteCount } }', { id: f.id });
    expect(read.feedback.voteCount).toBe(0);
  });
});
