/**
 * The sentiment analyser as it was before negation and intensifiers were
 * handled (AFINN-165 through the `sentiment` package, a score of ±2 and more
 * counts, no rules), kept only as the "before" column of the accuracy table
 * (`npm run sentiment:accuracy`, README). Nothing in the service uses it.
 */
import { SPANISH_LABELS_V1 } from './spanish-lexicon';
import type { SentimentValue } from './text-analysis';

const SentimentAnalyzer = require('sentiment') as new () => {
  analyze(text: string, options?: { language?: string }): { score: number };
  registerLanguage(code: string, language: { labels: Record<string, number> }): void;
};

const analyzer = new SentimentAnalyzer();
analyzer.registerLanguage('es-v1', { labels: SPANISH_LABELS_V1 });

export function baselineSentimentOf(text: string, language: string): SentimentValue {
  const primary = language.toLowerCase().split('-')[0];
  if (primary !== 'en' && primary !== 'es') return 'NEUTRAL';
  const { score } = analyzer.analyze(text.toLowerCase(), { language: primary === 'es' ? 'es-v1' : 'en' });
  if (score >= 2) return 'POSITIVE';
  if (score <= -2) return 'NEGATIVE';
  return 'NEUTRAL';
}
