import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { asPatron, CEN, countRows, SUBMIT, submit, validInput } from './helpers';

jest.setTimeout(60_000);

describe('submitFeedback', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  it('accepts an anonymous submission and shows it back once, with detected language and sentiment', async () => {
    const f = await submit(graph, validInput({ isPublic: false, tags: [' rooms ', 'rooms', 'study'], contact: { name: 'Ana', email: 'ana@example.org' } }));
    expect(f).toMatchObject({ status: 'RECEIVED', isPublic: false, voteCount: 0, language: 'en', sentiment: 'POSITIVE', rating: 5, tags: ['rooms', 'study'], branch: { id: CEN } });
    expect(f.acknowledgedAt).toBeNull();
    // Anonymous callers cannot read a non-public item again, nor its contact.
    expect(f.contact).toBeNull();
    const again = await graph.data('query($id: ID!) { feedback(id: $id) { id } }', { id: f.id });
    expect(again.feedback).toBeNull();
  });

  it('detects Spanish and scores it with the Spanish lexicon', async () => {
    const f = await submit(graph, validInput({ subject: 'Baños sucios', body: 'Los baños estaban sucios y el lavamanos roto. Es un problema terrible.', rating: 1 }), asPatron('p-es'));
    expect(f.language).toBe('es');
    expect(f.sentiment).toBe('NEGATIVE');
    expect(f.contact).toBeNull();
  });

  it('keeps a given language tag and stores the contact for the submitting patron', async () => {
    const f = await submit(graph, validInput({ language: 'es-MX', contact: { email: 'p@example.org', phone: '+1 541 555 0100' } }), asPatron('p-contact'));
    expect(f.language).toBe('es-MX');
    expect(f.contact).toEqual({ name: null, email: 'p@example.org', phone: '+1 541 555 0100' });
    const read = await graph.data('query($id: ID!) { feedback(id: $id) { contact { email } } }', { id: f.id }, { as: asPatron('p-contact') });
    expect(read.feedback.contact).toEqual({ email: 'p@example.org' });
  });

  const invalid: [string, Record<string, unknown>, string[], string][] = [
    ['empty subject', { subject: '   ' }, ['input', 'subject'], 'REQUIRED'],
    ['long subject', { subject: 'x'.repeat(201) }, ['input', 'subject'], 'TOO_LONG'],
    ['empty body', { body: '' }, ['input', 'body'], 'REQUIRED'],
    ['long body', { body: 'y'.repeat(5001) }, ['input', 'body'], 'TOO_LONG'],
    ['rating 0', { rating: 0 }, ['input', 'rating'], 'INVALID'],
    ['rating 6', { rating: 6 }, ['input', 'rating'], 'INVALID'],
    ['11 tags', { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, ['input', 'tags'], 'INVALID'],
    ['long tag', { tags: ['ok', 'z'.repeat(41)] }, ['input', 'tags', '1'], 'TOO_LONG'],
    ['bad email', { contact: { email: 'not-an-email' } }, ['input', 'contact', 'email'], 'INVALID'],
    ['control character', { subject: 'Hello\u0007there' }, ['input', 'subject'], 'INVALID'],
    ['control character in body', { body: 'line one\u0000' }, ['input', 'body'], 'INVALID'],
    ['bad language tag', { language: 'not a language' }, ['input', 'language'], 'INVALID'],
    ['bad branch id', { branchId: "x' OR 1=1 --" }, ['input', 'branchId'], 'INVALID'],
  ];
  it.each(invalid)('refuses %s, names the field and writes nothing', async (_name, over, field, code) => {
    const before = await countRows(graph, 'feedback');
    const data = await graph.data(SUBMIT, { input: validInput({ idempotencyKey: `bad-${_name}`, ...over }) }, { as: asPatron('p-invalid') });
    expect(data.submitFeedback.feedback).toBeNull();
    expect(data.submitFeedback.userErrors).toEqual([expect.objectContaining({ field, code })]);
    expect(await countRows(graph, 'feedback')).toBe(before);
  });

  it('keeps newlines and tabs in the body', async () => {
    const f = await submit(graph, validInput({ body: 'First line\n\tSecond line' }));
    expect(f.body).toBe('First line\n\tSecond line');
  });

  it('returns the same item for the same idempotency key, also under concurrent requests', async () => {
    const before = await countRows(graph, 'feedback');
    const input = validInput({ idempotencyKey: 'key-concurrent' });
    const results = await Promise.all(Array.from({ length: 12 }, () => graph.data(SUBMIT, { input }, { as: asPatron('p-idem') })));
    const ids = new Set(results.map((r) => r.submitFeedback.feedback.id));
    expect(results.every((r) => r.submitFeedback.userErrors.length === 0)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await countRows(graph, 'feedback')).toBe(before + 1);
    // Later, too; another caller's same key is another item.
    const later = await submit(graph, input, asPatron('p-idem'));
    expect(later.id).toBe([...ids][0]);
    const other = await submit(graph, input, asPatron('p-other'));
    expect(other.id).not.toBe(later.id);
  });

  it('keeps anonymous idempotency keys apart when the text differs', async () => {
    const a = await submit(graph, validInput({ idempotencyKey: 'anon-key', subject: 'First' }));
    const a2 = await submit(graph, validInput({ idempotencyKey: 'anon-key', subject: 'First' }));
    const b = await submit(graph, validInput({ idempotencyKey: 'anon-key', subject: 'Second' }));
    expect(a2.id).toBe(a.id);
    expect(b.id).not.toBe(a.id);
  });
});

describe('anonymous rate limit', () => {
  let graph: TestGraph;
  const saved = process.env.FEEDBACK_ANON_RATE_PER_HOUR;
  beforeAll(async () => {
    process.env.FEEDBACK_ANON_RATE_PER_HOUR = '3';
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.FEEDBACK_ANON_RATE_PER_HOUR;
    else process.env.FEEDBACK_ANON_RATE_PER_HOUR = saved;
    await graph?.stop();
  });

  it('refuses anonymous submissions past the hourly limit with a clear error, and writes nothing', async () => {
    for (let i = 0; i < 3; i++) await submit(graph, validInput({ subject: `Item ${i}` }));
    const before = await countRows(graph, 'feedback');
    const data = await graph.data(SUBMIT, { input: validInput({ subject: 'One too many' }) });
    expect(data.submitFeedback.feedback).toBeNull();
    expect(data.submitFeedback.userErrors).toEqual([expect.objectContaining({ code: 'LIMIT_REACHED', field: null, message: expect.stringMatching(/per hour/) })]);
    expect(await countRows(graph, 'feedback')).toBe(before);
    // Signed-in callers are not limited by it.
    await submit(graph, validInput({ subject: 'Signed in' }), asPatron('p-rate'));
  });
});
