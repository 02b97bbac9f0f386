import { noiseOf } from '@ceg/conventions';
import { demoBranch } from '@ceg/demo-data';
import { createDiversityMetricsSubgraph } from '@ceg/diversity-metrics';
import { librariesSubgraph } from '@ceg/libraries';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

export const CEN = demoBranch('RVL-CEN');
export const NOR = demoBranch('RVL-NOR');
export const WST = demoBranch('RVL-WST');

export const STAFF_CEN = { role: 'STAFF' as const, branchCodes: ['RVL-CEN'], sub: 'staff-cen' };
export const STAFF_NOR = { role: 'STAFF' as const, branchCodes: ['RVL-NOR'], sub: 'staff-nor' };

export const ERRORS = 'userErrors { field message code }';
export const SHARE = 'key label count share suppressed';
export const PROFILE_FIELDS = `id year source population ageBands { ${SHARE} } raceEthnicity { ${SHARE} } languagesSpokenAtHome { ${SHARE} } disabilityRate povertyRate broadbandRate foreignBornRate medianHouseholdIncome branch { id code }`;
export const PARTICIPATION_FIELDS = `from to respondentCount ageBands { ${SHARE} } raceEthnicity { ${SHARE} } languagesSpokenAtHome { ${SHARE} }`;
export const GAP_FIELDS = 'dimension key communityShare participantShare representationIndex suppressed';

/**
 * The libraries and diversity-metrics subgraphs behind the real gateway.
 * `minCell` sets PRIVACY_MIN_CELL (read when the subgraph is defined, so a
 * subgraph is defined for it); `demo` loads the diversity demo data (the
 * directory's is always loaded).
 */
export function diversityGraph(opts: { minCell?: number; demo?: boolean } = {}): Promise<TestGraph> {
  const demoData = opts.demo ? ['libraries', 'diversity-metrics'] : ['libraries'];
  if (opts.minCell === undefined) return startGraph({ only: ['libraries', 'diversity-metrics'], demoData });
  const env = { PRIVACY_MIN_CELL: String(opts.minCell) };
  return startGraph({ subgraphs: [librariesSubgraph, createDiversityMetricsSubgraph(env)], env, demoData });
}

export const ageBands = (shares: number[]) => ['UNDER_5', '5_TO_17', '18_TO_24', '25_TO_44', '45_TO_64', '65_AND_OVER'].map((key, i) => ({ key, share: shares[i] }));

export function profileInput(over: Record<string, unknown> = {}) {
  return {
    branchId: CEN.id,
    year: 2023,
    source: 'ACS 5-year 2019-2023',
    population: 10_000,
    ageBands: ageBands([0.05, 0.15, 0.1, 0.3, 0.25, 0.15]),
    raceEthnicity: [{ key: 'HISPANIC_LATINO', share: 0.2 }, { key: 'WHITE', share: 0.7 }, { key: 'ASIAN', share: 0.1 }],
    languagesSpokenAtHome: [{ key: 'ENGLISH_ONLY', count: 8000 }, { key: 'SPANISH', count: 1500 }, { key: 'OTHER', count: 500 }],
    disabilityRate: 0.13,
    povertyRate: 0.11,
    broadbandRate: 0.9,
    foreignBornRate: 0.08,
    medianHouseholdIncome: 64_000,
    ...over,
  };
}

export const UPSERT = `mutation($input: UpsertCommunityProfileInput!) { upsertCommunityProfile(input: $input) { profile { ${PROFILE_FIELDS} } ${ERRORS} } }`;
export const SUBMIT = `mutation($input: ParticipantDemographicsInput!) { submitParticipantDemographics(input: $input) { accepted ${ERRORS} } }`;

/** Answer sheets entered by ADMIN, as paper sheets are (not limited per client, unlike anonymous ones). */
export async function submitSheets(graph: TestGraph, branchId: string, on: string, sheets: Record<string, unknown>[]) {
  for (const s of sheets) {
    const data = await graph.data(SUBMIT, { input: { branchId, on, ...s } }, { as: 'ADMIN' });
    expect(data.submitParticipantDemographics).toEqual({ accepted: true, userErrors: [] });
  }
}

export const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

/** A cell recounted from the rows: how many sheets and the sum of their record keys. */
export interface Recount {
  n: number;
  ks: number;
}

export const addTo = (m: Map<string, Recount>, key: string, recordKey: number) => {
  const c = m.get(key) ?? { n: 0, ks: 0 };
  m.set(key, { n: c.n + 1, ks: c.ks + recordKey });
};

/**
 * The published value of a recounted cell, by the rules of RULES.md §3 as
 * the README states them (the noise comes from the perturbation table of the
 * privacy module): 0 when empty, null when 1 to minCell − 1 or when the count
 * plus its noise is below minCell, else the count plus its noise.
 */
export function expectedCount(c: Recount | undefined, minCell = 5): number | null {
  if (!c || c.n === 0) return 0;
  const v = c.n + noiseOf(c.ks);
  return c.n < minCell || v < minCell ? null : v;
}

/**
 * The breakdown a recount expects: withheld cells (and with exactly one of
 * them, the shown non-empty cell with the smallest published count, or the
 * first empty one when there is none), shares over the perturbed count of
 * those who answered; everything withheld when those who answered, or all
 * respondents (`total`), are withheld.
 */
export function expectedBreakdown(counts: Map<string, Recount>, keys: readonly string[], total: Recount, minCell = 5) {
  const answered = [...counts.values()].reduce((a, c) => ({ n: a.n + c.n, ks: a.ks + c.ks }), { n: 0, ks: 0 });
  const all = (answered.n > 0 && expectedCount(answered, minCell) === null) || (total.n > 0 && expectedCount(total, minCell) === null);
  const shown = new Map(keys.map((k) => [k, expectedCount(counts.get(k), minCell)]));
  const withheld = new Set(keys.filter((k) => all || shown.get(k) === null));
  if (!all && withheld.size === 1) {
    const next = keys.filter((k) => !withheld.has(k) && shown.get(k)! > 0).sort((a, b) => shown.get(a)! - shown.get(b)!)[0] ?? keys.find((k) => !withheld.has(k));
    if (next) withheld.add(next);
  }
  const whole = answered.n === 0 || all ? 0 : answered.n + noiseOf(answered.ks);
  return keys.map((key) => {
    const hidden = withheld.has(key);
    return { key, count: hidden ? null : shown.get(key)!, share: hidden || whole === 0 ? null : shown.get(key)! / whole, suppressed: hidden };
  });
}
