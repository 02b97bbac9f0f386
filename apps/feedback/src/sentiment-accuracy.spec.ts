import { baselineSentimentOf } from './sentiment-baseline';
import { accuracyOf, accuracyTable, LABELLED } from './sentiment-accuracy';
import { sentimentOf } from './text-analysis';

/** The floor the analyser must keep on the labelled set of library feedback (README: the accuracy table). */
const FLOOR = 0.8;

describe('sentiment accuracy on the labelled set', () => {
  it('has at least 200 distinct sentences in English and Spanish, with every label', () => {
    expect(LABELLED.length).toBeGreaterThanOrEqual(200);
    expect(new Set(LABELLED.map((s) => s.text)).size).toBe(LABELLED.length);
    for (const language of ['en', 'es']) {
      for (const label of ['POSITIVE', 'NEGATIVE', 'NEUTRAL']) expect(LABELLED.filter((s) => s.language === language && s.label === label).length).toBeGreaterThanOrEqual(15);
    }
  });

  it(`the analyser is right on at least ${FLOOR * 100} % in each language (the analyser before was not)`, () => {
    for (const language of ['en', 'es']) {
      const set = LABELLED.filter((s) => s.language === language);
      const after = accuracyOf(sentimentOf, set);
      expect({ language, accuracy: after.accuracy >= FLOOR ? 'above floor' : after.accuracy, misses: after.accuracy >= FLOOR ? [] : after.misses }).toEqual({ language, accuracy: 'above floor', misses: [] });
    }
    expect(accuracyOf(baselineSentimentOf).accuracy).toBeLessThan(FLOOR);
    expect(accuracyOf(sentimentOf).accuracy).toBeGreaterThan(accuracyOf(baselineSentimentOf).accuracy);
    console.info(`sentiment accuracy on ${LABELLED.length} labelled sentences:\n${accuracyTable(baselineSentimentOf, sentimentOf)}`);
  });

  it('plain complaints are NEGATIVE: negation, intensifiers and contrast', () => {
    expect(sentimentOf('Holds take too long to arrive. The wait is frustrating.', 'en')).toBe('NEGATIVE');
    expect(sentimentOf('Holds take too long … The wait is frustrating', 'en')).toBe('NEGATIVE');
    // The demo board's own wording (seed.ts).
    expect(sentimentOf('Holds take too long\nI have been waiting eight weeks for a popular novel. The wait is frustrating; please buy more copies.', 'en')).toBe('NEGATIVE');
    expect(sentimentOf('The staff were not helpful at all.', 'en')).toBe('NEGATIVE');
    expect(sentimentOf('The wifi is not bad at all.', 'en')).toBe('POSITIVE');
    expect(sentimentOf('The building is nice, but the wait for a computer is frustrating and annoying.', 'en')).toBe('NEGATIVE');
    expect(sentimentOf('Please open on Sundays.', 'en')).toBe('NEUTRAL');
    expect(sentimentOf('El personal no fue nada amable.', 'es')).toBe('NEGATIVE');
    expect(sentimentOf('No tengo ninguna queja, todo excelente.', 'es')).toBe('POSITIVE');
    expect(sentimentOf('Las reservas tardan demasiado. La espera es frustrante.', 'es')).toBe('NEGATIVE');
  });

  it('languages without a model are NEUTRAL ("not analysed"), whatever the text says', () => {
    expect(sentimentOf('Très bien, merci, le personnel est formidable', 'fr')).toBe('NEUTRAL');
    expect(sentimentOf('Das ist schrecklich', 'de')).toBe('NEUTRAL');
  });
});
