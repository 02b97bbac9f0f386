import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { asPatron, asStaff, countRows, STATUS, submit, validInput } from './helpers';

jest.setTimeout(60_000);

const STATUSES = ['RECEIVED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'DECLINED'] as const;
type Status = (typeof STATUSES)[number];
const ALLOWED: Record<Status, Status[]> = {
  RECEIVED: ['ACKNOWLEDGED', 'DECLINED'],
  ACKNOWLEDGED: ['IN_PROGRESS', 'RESOLVED', 'DECLINED'],
  IN_PROGRESS: ['RESOLVED', 'DECLINED'],
  RESOLVED: ['IN_PROGRESS'],
  DECLINED: [],
};
/** A path of allowed transitions from RECEIVED to each status. */
const PATH: Record<Status, Status[]> = {
  RECEIVED: [],
  ACKNOWLEDGED: ['ACKNOWLEDGED'],
  IN_PROGRESS: ['ACKNOWLEDGED', 'IN_PROGRESS'],
  RESOLVED: ['ACKNOWLEDGED', 'RESOLVED'],
  DECLINED: ['DECLINED'],
};

const RESPOND = `mutation($input: RespondToFeedbackInput!) {
  respondToFeedback(input: $input) { feedback { id responses { body visibility authorName } } userErrors { field code } }
}`;

describe('feedback workflow', () => {
  let graph: TestGraph;
  const staff = asStaff('RVL-CEN');
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  async function itemIn(status: Status): Promise<string> {
    const f = await submit(graph, validInput({ subject: `Item for ${status}` }));
    for (const s of PATH[status]) {
      const r = await graph.data(STATUS, { input: { feedbackId: f.id, status: s } }, { as: staff });
      expect(r.updateFeedbackStatus.userErrors).toEqual([]);
    }
    return f.id;
  }

  const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to, ALLOWED[from].includes(to)] as const));
  it.each(pairs)('%s -> %s allowed: %s', async (from, to, allowed) => {
    const id = await itemIn(from);
    const r = await graph.data(STATUS, { input: { feedbackId: id, status: to } }, { as: staff });
    const p = r.updateFeedbackStatus;
    if (allowed) {
      expect(p.userErrors).toEqual([]);
      expect(p.feedback.status).toBe(to);
      if (to === 'RESOLVED') expect(p.feedback.resolvedAt).not.toBeNull();
      if (to === 'IN_PROGRESS' && from === 'RESOLVED') expect(p.feedback.resolvedAt).toBeNull();
      if (to === 'ACKNOWLEDGED') expect(p.feedback.acknowledgedAt).not.toBeNull();
    } else {
      expect(p.feedback).toBeNull();
      expect(p.userErrors).toEqual([{ field: ['input', 'status'], code: 'INVALID_TRANSITION' }]);
      const read = await graph.data('query($id: ID!) { feedback(id: $id) { status } }', { id }, { as: staff });
      expect(read.feedback.status).toBe(from);
    }
  });

  it('keeps acknowledgedAt through later transitions and stores the note as an INTERNAL response', async () => {
    const id = await itemIn('ACKNOWLEDGED');
    const before = await graph.data('query($id: ID!) { feedback(id: $id) { acknowledgedAt } }', { id }, { as: staff });
    await graph.data(STATUS, { input: { feedbackId: id, status: 'RESOLVED', note: 'Fixed the soap dispenser.' } }, { as: staff });
    const after = await graph.data('query($id: ID!) { feedback(id: $id) { acknowledgedAt resolvedAt responses { body visibility authorName } } }', { id }, { as: staff });
    expect(after.feedback.acknowledgedAt).toBe(before.feedback.acknowledgedAt);
    expect(after.feedback.responses).toEqual([{ body: 'Fixed the soap dispenser.', visibility: 'INTERNAL', authorName: 'Staff of RVL-CEN' }]);
  });

  it('refuses status changes by other roles: anonymous, PATRON, STAFF of another branch', async () => {
    const id = await itemIn('RECEIVED');
    const anon = await graph.query(STATUS, { input: { feedbackId: id, status: 'ACKNOWLEDGED' } });
    expect(anon.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const patron = await graph.query(STATUS, { input: { feedbackId: id, status: 'ACKNOWLEDGED' } }, { as: asPatron('p1') });
    expect(patron.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A non-public item of another branch does not exist for this STAFF member.
    const other = await graph.data(STATUS, { input: { feedbackId: id, status: 'ACKNOWLEDGED' } }, { as: asStaff('RVL-NOR') });
    expect(other.updateFeedbackStatus.userErrors).toEqual([{ field: ['input', 'feedbackId'], code: 'NOT_FOUND' }]);
    // A public one they can see, but not manage.
    const pub = await submit(graph, validInput({ isPublic: true }));
    const forbidden = await graph.query(STATUS, { input: { feedbackId: pub.id, status: 'ACKNOWLEDGED' } }, { as: asStaff('RVL-NOR') });
    expect(forbidden.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const read = await graph.data('query($id: ID!) { feedback(id: $id) { status } }', { id }, { as: 'ADMIN' });
    expect(read.feedback.status).toBe('RECEIVED');
  });

  it('lets ADMIN change any status', async () => {
    const id = await itemIn('RECEIVED');
    const r = await graph.data(STATUS, { input: { feedbackId: id, status: 'ACKNOWLEDGED' } }, { as: 'ADMIN' });
    expect(r.updateFeedbackStatus.feedback.status).toBe('ACKNOWLEDGED');
  });

  it('records PUBLIC and INTERNAL responses with the author from the token', async () => {
    const f = await submit(graph, validInput({ isPublic: true }));
    const pub = await graph.data(RESPOND, { input: { feedbackId: f.id, body: 'Thanks, fixed!', visibility: 'PUBLIC' } }, { as: staff });
    expect(pub.respondToFeedback.userErrors).toEqual([]);
    const internal = await graph.data(RESPOND, { input: { feedbackId: f.id, body: 'Facilities ticket 42', visibility: 'INTERNAL' } }, { as: 'ADMIN' });
    expect(internal.respondToFeedback.feedback.responses).toEqual([
      { body: 'Thanks, fixed!', visibility: 'PUBLIC', authorName: 'Staff of RVL-CEN' },
      { body: 'Facilities ticket 42', visibility: 'INTERNAL', authorName: 'Test ADMIN' },
    ]);
    const anon = await graph.data('query($id: ID!) { feedback(id: $id) { responses { body } } }', { id: f.id });
    expect(anon.feedback.responses).toEqual([{ body: 'Thanks, fixed!' }]);
  });

  it('refuses an empty or too long response and writes nothing', async () => {
    const f = await submit(graph, validInput());
    for (const [body, code] of [['  ', 'REQUIRED'], ['x'.repeat(5001), 'TOO_LONG'], ['bell\u0007', 'INVALID']] as const) {
      const before = await countRows(graph, 'feedback_response');
      const r = await graph.data(RESPOND, { input: { feedbackId: f.id, body, visibility: 'PUBLIC' } }, { as: staff });
      expect(r.respondToFeedback).toEqual({ feedback: null, userErrors: [{ field: ['input', 'body'], code }] });
      expect(await countRows(graph, 'feedback_response')).toBe(before);
    }
    const missing = await graph.data(RESPOND, { input: { feedbackId: '00000000-0000-0000-0000-000000000000', body: 'Hi', visibility: 'PUBLIC' } }, { as: staff });
    expect(missing.respondToFeedback.userErrors).toEqual([{ field: ['input', 'feedbackId'], code: 'NOT_FOUND' }]);
    const patron = await graph.query(RESPOND, { input: { feedbackId: f.id, body: 'Hi', visibility: 'PUBLIC' } }, { as: asPatron('p1') });
    expect(patron.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
