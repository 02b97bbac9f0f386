/**
 * Language detection (tinyld) and sentiment (the `sentiment` package: its
 * AFINN-165 English lexicon, plus a small Spanish lexicon registered as
 * language `es`). Other languages are NEUTRAL: no lexicon, no guess.
 */
import { detect } from 'tinyld';
import { SPANISH_LABELS } from './spanish-lexicon';
import { LANGUAGE_TAG } from '@ceg/conventions';

const SentimentAnalyzer = require('sentiment') as new () => {
  analyze(text: string, options?: { language?: string }): { score: number; comparative: number };
  registerLanguage(code: string, language: { labels: Record<string, number> }): void;
};

const analyzer = new SentimentAnalyzer();
analyzer.registerLanguage('es', { labels: SPANISH_LABELS });

export type SentimentValue = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';


export function isLanguageTag(tag: string): boolean {
  return tag.length <= 35 && LANGUAGE_TAG.test(tag);
}

/** The text's language (BCP-47 primary tag); "en" when the text is too short to tell. */
export function detectLanguage(text: string): string {
  const found = detect(text);
  return found || 'en';
}

/** POSITIVE, NEGATIVE or NEUTRAL from the lexicon score of the text (English and Spanish). */
export function sentimentOf(text: string, language: string): SentimentValue {
  const primary = language.toLowerCase().split('-')[0];
  if (primary !== 'en' && primary !== 'es') return 'NEUTRAL';
  const { score } = analyzer.analyze(text.toLowerCase(), { language: primary });
  if (score >= 2) return 'POSITIVE';
  if (score <= -2) return 'NEGATIVE';
  return 'NEUTRAL';
}
