import { disclosedCount, disclosedRatio, EMPTY_CELL, isWithheld, type KeyedCount, keyedCount } from '@ceg/conventions';
import { OutcomeSummary } from './types';

export const MEASURES = ['knowledge', 'confidence', 'application', 'awareness'] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * Counts behind an outcome summary, each as COUNT and SUM of record keys
 * (the cell-key method, libs/conventions/src/privacy.ts): the answer sheets,
 * and per measure the sheets that answered it and those that answered 4-5.
 */
export interface OutcomeCounts {
  responses: KeyedCount;
  answered: Record<Measure, KeyedCount>;
  agree: Record<Measure, KeyedCount>;
}

export const emptyOutcomeCounts = (): OutcomeCounts => ({
  responses: EMPTY_CELL,
  answered: { knowledge: EMPTY_CELL, confidence: EMPTY_CELL, application: EMPTY_CELL, awareness: EMPTY_CELL },
  agree: { knowledge: EMPTY_CELL, confidence: EMPTY_CELL, application: EMPTY_CELL, awareness: EMPTY_CELL },
});

/** Reads the SQL columns `responses`, `<measure>N`, `<measure>Agree` and their `…Key` sums of an aggregate row. */
export function outcomeCountsFromRaw(raw: Record<string, unknown>): OutcomeCounts {
  const c = emptyOutcomeCounts();
  c.responses = keyedCount(raw.responses, raw.responsesKey);
  for (const m of MEASURES) {
    c.answered[m] = keyedCount(raw[`${m}N`], raw[`${m}NKey`]);
    c.agree[m] = keyedCount(raw[`${m}Agree`], raw[`${m}AgreeKey`]);
  }
  return c;
}

/** The column names outcomeSelects and outcomeCountsFromRaw use (for sums over derived tables). */
export const OUTCOME_COLUMNS: readonly string[] = ['responses', 'responsesKey', ...MEASURES.flatMap((m) => [`${m}N`, `${m}NKey`, `${m}Agree`, `${m}AgreeKey`])];

/**
 * An outcome summary by the disclosure control of RULES.md §3
 * (libs/conventions/src/privacy.ts): `responseCount` is the perturbed count
 * of answer sheets, 0 with `suppressed: true` when it is withheld (1 to
 * minCell − 1 sheets, or a perturbed count below minCell), and then every
 * share is withheld. A share is the perturbed count who agreed (4 or 5)
 * over the perturbed count who answered the measure; a measure answered by
 * too few is withheld on its own (and the summary is `suppressed`).
 */
export function summarizeOutcomes(c: OutcomeCounts, minCell: number): OutcomeSummary {
  const whole = isWithheld(c.responses, minCell);
  const out = Object.assign(new OutcomeSummary(), { responseCount: disclosedCount(c.responses, minCell) ?? 0, suppressed: whole });
  for (const m of MEASURES) {
    const n = c.answered[m];
    if (whole || n.count === 0) out[m] = null;
    else {
      out[m] = disclosedRatio(c.agree[m], n, minCell);
      if (out[m] === null) out.suppressed = true;
    }
  }
  return out;
}

/** SQL select list counting survey answers (alias `o`) with the sums of their record keys: the columns of OUTCOME_COLUMNS. */
export function outcomeSelects(alias: string): string[] {
  return [
    `COUNT(${alias}.id) AS responses`,
    `COALESCE(SUM(${alias}.recordKey), 0) AS responsesKey`,
    ...MEASURES.flatMap((m) => [
      `SUM(CASE WHEN ${alias}.${m} IS NOT NULL THEN 1 ELSE 0 END) AS ${m}N`,
      `SUM(CASE WHEN ${alias}.${m} IS NOT NULL THEN ${alias}.recordKey ELSE 0 END) AS ${m}NKey`,
      `SUM(CASE WHEN ${alias}.${m} >= 4 THEN 1 ELSE 0 END) AS ${m}Agree`,
      `SUM(CASE WHEN ${alias}.${m} >= 4 THEN ${alias}.recordKey ELSE 0 END) AS ${m}AgreeKey`,
    ]),
  ];
}

/** Whether a summary's responses are withheld (too few, or a perturbed count below the threshold). */
const responsesWithheld = (g: OutcomeSummary) => g.suppressed && g.responseCount === 0;

/**
 * Complementary suppression across the groups of one breakdown (RULES.md §3):
 * when exactly one group's responses are withheld, the shown group with the
 * smallest published number of responses has its shares withheld too, so
 * that the totals cannot narrow the small one down further than the noise.
 */
export function withholdComplement(groups: OutcomeSummary[]): void {
  if (groups.filter(responsesWithheld).length !== 1) return;
  let next: OutcomeSummary | null = null;
  for (const g of groups) if (!responsesWithheld(g) && g.responseCount > 0 && (next === null || g.responseCount < next.responseCount)) next = g;
  if (!next) return;
  for (const m of MEASURES) next[m] = null;
  next.suppressed = true;
}
