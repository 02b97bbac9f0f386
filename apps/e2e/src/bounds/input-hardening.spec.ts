import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { changedTables, rowCounts } from '../fuzz/state';

/**
 * RULES.md §4 through the real gateway: odd text, impossible dates and
 * made-up currencies are refused with a clear error, never a crash, and
 * nothing is written.
 */
describe('input hardening through the gateway: refused and nothing written', () => {
  let graph: TestGraph;
  const CEN = demoBranch('RVL-CEN');
  const STAFF = { role: 'STAFF' as const, branchCodes: ['RVL-CEN'], sub: 'staff-cen' };
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback', 'programs', 'partners'] });
  });
  afterAll(() => graph?.stop());

  const submit = (input: Record<string, unknown>) =>
    graph.query(
      'mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { feedback { id } userErrors { field code message } } }',
      { input: { branchId: CEN.id, channel: 'ONLINE_FORM', category: 'COLLECTIONS', subject: 'More large-print books', body: 'Please add more large-print mysteries.', ...input } },
    );

  test.each([
    ['zero-width only subject', { subject: '\u200B\u200C\u200D\u2060' }, ['input', 'subject']],
    ['Hangul filler only body', { body: '\u3164\u3164' }, ['input', 'body']],
    ['bidi override in the subject', { subject: 'Invoice \u202Eexe.txt' }, ['input', 'subject']],
    ['bidi isolate in the body', { body: 'Hello \u2066world\u2069' }, ['input', 'body']],
    ['lone surrogate in the subject', { subject: 'Broken \uD800 text' }, ['input', 'subject']],
    ['regression: lone surrogate in the contact email (validator threw URIError)', { contact: { email: 'reader\uD800@example.org' } }, ['input', 'contact', 'email']],
    ['invisible tag', { tags: ['ok', '\u200B'] }, ['input', 'tags', '1']],
  ])('submitFeedback: %s is INVALID and writes nothing', async (_name, input, field) => {
    const before = await rowCounts(graph);
    const res = await submit(input);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const payload = (res.body.data as any).submitFeedback;
    expect(payload.feedback).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code: 'INVALID' }));
    expect(changedTables(before, await rowCounts(graph))).toEqual([]);
  });

  test('the same feedback without the odd characters is accepted (the checks are not over-eager)', async () => {
    const res = await submit({ subject: 'Family 👩\u200D👩\u200D👧 day — שלום', contact: { email: 'reader@example.org' } });
    expect((res.body.data as any).submitFeedback.userErrors).toEqual([]);
  });

  test.each([
    ['2026-02-30T18:30:00Z'],
    ['2026-04-31T18:30:00Z'],
    ['2026-03-01T24:00:00Z'],
  ])('regression: recordCommunityDiscussion with heldAt %s is refused as bad input, not stored as another day', async (heldAt) => {
    const before = await rowCounts(graph);
    const res = await graph.query(
      'mutation($input: RecordCommunityDiscussionInput!) { recordCommunityDiscussion(input: $input) { discussion { id heldAt } userErrors { field code } } }',
      { input: { branchId: CEN.id, title: 'Teen space listening session', format: 'LISTENING_SESSION', heldAt, attendeeCount: 12 } },
      { as: STAFF },
    );
    expect(res.body.data?.recordCommunityDiscussion ?? null).toBeNull();
    const codes = (res.body.errors ?? []).map((e) => e.extensions?.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    expect(res.status).toBeLessThan(500);
    expect(changedTables(before, await rowCounts(graph))).toEqual([]);
  });

  test('recordContribution: a made-up currency is INVALID and an impossible date refused; nothing is written', async () => {
    const partner = await graph.data(
      'mutation { createPartner(input: { name: "Valley Literacy Council", type: "NONPROFIT", serviceAreas: [EDUCATION_LIFELONG_LEARNING] }) { partner { id } userErrors { code } } }'.replace('"NONPROFIT"', 'NONPROFIT'),
      undefined,
      { as: STAFF },
    );
    const partnership = await graph.data(
      'mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) { partnership { id } userErrors { code } } }',
      { input: { partnerId: partner.createPartner.partner.id, title: 'Tutoring', branchIds: [CEN.id], agreementType: 'MOU', serviceAreas: ['EDUCATION_LIFELONG_LEARNING'] } },
      { as: STAFF },
    );
    const partnershipId = partnership.createPartnership.partnership.id;
    const record = (input: Record<string, unknown>) =>
      graph.query(
        'mutation($input: RecordContributionInput!) { recordContribution(input: $input) { partnership { id } userErrors { field code } } }',
        { input: { partnershipId, kind: 'FUNDING', direction: 'FROM_PARTNER', description: 'Grant', contributedOn: '2026-03-01', ...input } },
        { as: STAFF },
      );
    const before = await rowCounts(graph);
    const bad = await record({ value: { amount: '100.00', currency: 'ABC' } });
    expect((bad.body.data as any).recordContribution.userErrors).toContainEqual({ field: ['input', 'value', 'currency'], code: 'INVALID' });
    const badDate = await record({ value: { amount: '100.00', currency: 'USD' }, contributedOn: '2026-02-30' });
    expect(badDate.body.data?.recordContribution ?? null).toBeNull();
    expect((badDate.body.errors ?? []).map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(changedTables(before, await rowCounts(graph))).toEqual([]);
    const good = await record({ value: { amount: '100.00', currency: 'usd' } });
    expect((good.body.data as any).recordContribution.userErrors).toEqual([]);
  });
});
