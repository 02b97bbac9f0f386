import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { SUBMIT, validInput } from './helpers';

jest.setTimeout(120_000);

/** Sentiment as clients see it through the gateway: plain complaints are NEGATIVE; languages without a model NEUTRAL. */
describe('feedback sentiment through the gateway', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries', 'feedback'] });
  });
  afterAll(() => graph?.stop());

  it.each([
    ['Holds take too long', 'I have been waiting eight weeks for a popular novel. The wait is frustrating; please buy more copies.', undefined, 'NEGATIVE'],
    ['Staff', 'The staff were not helpful at all.', undefined, 'NEGATIVE'],
    ['Wifi', 'The wifi is not bad at all, much better than last year.', undefined, 'POSITIVE'],
    ['Personal', 'El personal no fue nada amable con mi abuela.', 'es', 'NEGATIVE'],
    ['Horario', 'Por favor abran los domingos.', 'es', 'NEUTRAL'],
    ['Accueil', 'Le personnel est formidable, merci beaucoup !', 'fr', 'NEUTRAL'],
  ])('"%s: %s" (language %s) is %s', async (subject, body, language, expected) => {
    const d = await graph.data(SUBMIT, { input: validInput({ subject, body, language, rating: null }) });
    expect(d.submitFeedback.userErrors).toEqual([]);
    expect(d.submitFeedback.feedback.sentiment).toBe(expected);
  });

  it('the demo board\'s "Holds take too long" items are NEGATIVE', async () => {
    const d = await graph.data('{ feedbackItems(first: 100, filter: { search: "wait is frustrating" }) { totalCount nodes { subject sentiment } } }', {}, { as: 'ADMIN' });
    expect(d.feedbackItems.totalCount).toBeGreaterThan(0);
    for (const f of d.feedbackItems.nodes) expect(f).toEqual({ subject: 'Holds take too long', sentiment: 'NEGATIVE' });
  });
});
