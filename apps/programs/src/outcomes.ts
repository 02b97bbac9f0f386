import { isSmallCell, withheldCells } from '@ceg/conventions';
import { OutcomeSummary } from './types';

export const MEASURES = ['knowledge', 'confidence', 'application', 'awareness'] as const;
export type Measure = (typeof MEASURES)[number];

/** Counts behind an outcome summary: answer sheets, and per measure the answers given and the 4-5 answers. */
export interface OutcomeCounts {
  responses: number;
  answered: Record<Measure, number>;
  agree: Record<Measure, number>;
}

export const emptyOutcomeCounts = (): OutcomeCounts => ({
  responses: 0,
  answered: { knowledge: 0, confidence: 0, application: 0, awareness: 0 },
  agree: { knowledge: 0, confidence: 0, application: 0, awareness: 0 },
});

/** Reads the SQL columns `responses`, `<measure>N` and `<measure>Agree` of an aggregate row. */
export function outcomeCountsFromRaw(raw: Record<string, unknown>): OutcomeCounts {
  const c = emptyOutcomeCounts();
  c.responses = Number(raw.responses ?? 0);
  for (const m of MEASURES) {
    c.answered[m] = Number(raw[`${m}N`] ?? 0);
    c.agree[m] = Number(raw[`${m}Agree`] ?? 0);
  }
  return c;
}

/**
 * The share who agree or strongly agree (4 or 5), per measure. Below
 * `minCell` answer sheets (RULES.md §3) every share is withheld and the
 * summary says so; a measure answered by fewer than `minCell` people is
 * withheld on its own as well, since its share would describe so few.
 */
export function summarizeOutcomes(c: OutcomeCounts, minCell: number): OutcomeSummary {
  const small = (n: number) => isSmallCell(n, minCell);
  const whole = small(c.responses);
  const out = Object.assign(new OutcomeSummary(), { responseCount: c.responses, suppressed: whole });
  for (const m of MEASURES) {
    const n = c.answered[m];
    if (whole || n === 0) out[m] = null;
    else if (small(n)) {
      out[m] = null;
      out.suppressed = true;
    } else out[m] = Math.round((c.agree[m] / n) * 10_000) / 10_000;
  }
  return out;
}

/** SQL select list summing survey answers (alias `o`): responses, <m>N, <m>Agree. */
export function outcomeSelects(alias: string): string[] {
  return [
    `COUNT(${alias}.id) AS responses`,
    ...MEASURES.flatMap((m) => [
      `SUM(CASE WHEN ${alias}.${m} IS NOT NULL THEN 1 ELSE 0 END) AS ${m}N`,
      `SUM(CASE WHEN ${alias}.${m} >= 4 THEN 1 ELSE 0 END) AS ${m}Agree`,
    ]),
  ];
}

/**
 * Complementary suppression across the groups of one breakdown (RULES.md §3):
 * when exactly one group's summary is withheld for having too few
 * responses, the group with the next-smallest number of responses is
 * withheld too, so that the totals cannot reveal the small one.
 */
export function withholdComplement(groups: OutcomeSummary[], minCell: number): void {
  // The small groups are already withheld by summarizeOutcomes; this adds their complement.
  for (const i of withheldCells(groups.map((g) => g.responseCount), minCell)) {
    const g = groups[i];
    if (!isSmallCell(g.responseCount, minCell)) {
      for (const m of MEASURES) g[m] = null;
      g.suppressed = true;
    }
  }
}
