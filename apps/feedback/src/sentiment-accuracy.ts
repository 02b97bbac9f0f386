/**
 * Accuracy of a sentiment analyser on the labelled set of library feedback
 * (sentiment-labelled.json: English and Spanish sentences written for the
 * tests, each with the label a reader would give it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentimentValue } from './text-analysis';

export interface LabelledSentence {
  text: string;
  language: 'en' | 'es';
  label: SentimentValue;
}

/** Read from the source folder, also when this module runs from dist/ (tools/sentiment-accuracy.mjs). */
const FILE = [join(__dirname, 'sentiment-labelled.json'), join(__dirname, '../src/sentiment-labelled.json')].find((f) => existsSync(f))!;
export const LABELLED: LabelledSentence[] = JSON.parse(readFileSync(FILE, 'utf8'));

export interface Accuracy {
  sentences: number;
  correct: number;
  /** correct / sentences, 0–1. */
  accuracy: number;
  misses: { text: string; label: SentimentValue; got: SentimentValue }[];
}

export function accuracyOf(analyse: (text: string, language: string) => SentimentValue, set: LabelledSentence[] = LABELLED): Accuracy {
  const misses: Accuracy['misses'] = [];
  for (const s of set) {
    const got = analyse(s.text, s.language);
    if (got !== s.label) misses.push({ text: s.text, label: s.label, got });
  }
  const correct = set.length - misses.length;
  return { sentences: set.length, correct, accuracy: set.length ? correct / set.length : 0, misses };
}

/** The before/after table of the README: rows per language and in all. */
export function accuracyTable(before: (t: string, l: string) => SentimentValue, after: (t: string, l: string) => SentimentValue): string {
  const pct = (a: Accuracy) => `${(a.accuracy * 100).toFixed(1)} % (${a.correct}/${a.sentences})`;
  const rows = [['English', LABELLED.filter((s) => s.language === 'en')], ['Spanish', LABELLED.filter((s) => s.language === 'es')], ['all', LABELLED]] as const;
  return [
    '| sentences | before (AFINN sum, no rules) | after (lexicon + negation, intensifiers, contrast, requests) |',
    '|---|---|---|',
    ...rows.map(([name, set]) => `| ${name} | ${pct(accuracyOf(before, [...set]))} | ${pct(accuracyOf(after, [...set]))} |`),
  ].join('\n');
}
