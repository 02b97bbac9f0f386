import { detectLanguage, isLanguageTag, sentimentOf } from './text-analysis';

describe('language and sentiment', () => {
  it('detects English and Spanish, and falls back to en for short text', () => {
    expect(detectLanguage('The library needs more parking spaces in the evening')).toBe('en');
    expect(detectLanguage('La biblioteca necesita más libros en español para los niños')).toBe('es');
    expect(detectLanguage('ok')).toBe('en');
  });

  it('scores English with AFINN and Spanish with the Spanish lexicon', () => {
    expect(sentimentOf('The staff were wonderful and very helpful', 'en')).toBe('POSITIVE');
    expect(sentimentOf('The restrooms were dirty and the door is broken', 'en')).toBe('NEGATIVE');
    expect(sentimentOf('Please open on Sundays', 'en')).toBe('NEUTRAL');
    expect(sentimentOf('El personal es muy amable, gracias', 'es-MX')).toBe('POSITIVE');
    expect(sentimentOf('Los baños estaban sucios y rotos', 'es')).toBe('NEGATIVE');
    expect(sentimentOf('Très bien, merci', 'fr')).toBe('NEUTRAL');
  });

  it('accepts BCP-47 tags only', () => {
    expect(isLanguageTag('en')).toBe(true);
    expect(isLanguageTag('es-MX')).toBe(true);
    expect(isLanguageTag('zh-Hant-TW')).toBe(true);
    expect(isLanguageTag('english please')).toBe(false);
  });
});
