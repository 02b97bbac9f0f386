/**
 * The arithmetic of representation gaps and demographic change (pure: the
 * counts come from the database, the profiles from their rows).
 */
import { EMPTY_CELL, isWithheld, type KeyedCount } from '@ceg/conventions';
import type { StoredShare } from './entities';
import { type Cell, roundShare, suppressedShares } from './suppression';
import { DemographicDimension, RepresentationGap, ShareChange } from './types';
import { DIMENSIONS, VOCABULARY } from './vocabulary';

export type Breakdowns = Record<DemographicDimension, StoredShare[]>;

/**
 * Answer sheets counted by the database: the total and, per dimension, the
 * sheets per key (unanswered left out), each as COUNT and SUM of record keys.
 */
export interface AnswerCounts {
  total: KeyedCount;
  cells: Record<DemographicDimension, Map<string, KeyedCount>>;
}

export const emptyCounts = (): AnswerCounts => ({
  total: EMPTY_CELL,
  cells: { [DemographicDimension.AGE_BAND]: new Map(), [DemographicDimension.RACE_ETHNICITY]: new Map(), [DemographicDimension.LANGUAGE]: new Map() },
});

/** Every key of the dimension, in vocabulary order, with its count (0 when nobody gave it). */
export function cellsOf(counts: AnswerCounts, dimension: DemographicDimension): Cell[] {
  return VOCABULARY[dimension].map((t) => ({ key: t.key, label: t.label, cell: counts.cells[dimension].get(t.key) ?? EMPTY_CELL }));
}

/**
 * The profile a gap analysis compares with: the given year's, or when no
 * year is given the latest on or before the year the period ends in.
 */
export function chooseProfile<P extends { year: number }>(profiles: P[], year: number | null | undefined, to: string): P | null {
  if (year !== null && year !== undefined) return profiles.find((p) => p.year === year) ?? null;
  const last = Number(to.slice(0, 4));
  let best: P | null = null;
  for (const p of profiles) if (p.year <= last && (best === null || p.year > best.year)) best = p;
  return best;
}

/**
 * Per dimension and key of the community profile: the community's share,
 * the participants' share (null when the cell is withheld or nobody
 * answered), and participantShare / communityShare (null when withheld or
 * the community share is 0). Cells are withheld and perturbed as in the
 * participation breakdown, for every viewer.
 */
export function representationGaps(community: Breakdowns, counts: AnswerCounts, minCell: number): RepresentationGap[] {
  const out: RepresentationGap[] = [];
  const withheldTotal = isWithheld(counts.total, minCell);
  for (const dimension of DIMENSIONS) {
    const cells = cellsOf(counts, dimension);
    const answered = cells.reduce((s, c) => s + c.cell.count, 0);
    const shares = new Map(suppressedShares(cells, minCell, { withheldTotal }).map((s) => [s.key, s]));
    for (const c of community[dimension]) {
      const p = shares.get(c.key);
      const suppressed = p?.suppressed ?? false;
      const participantShare = suppressed || answered === 0 ? null : (p?.share ?? 0);
      out.push(Object.assign(new RepresentationGap(), {
        dimension,
        key: c.key,
        communityShare: c.share,
        participantShare,
        representationIndex: participantShare === null || c.share === 0 ? null : roundShare(participantShare / c.share),
        suppressed,
      }));
    }
  }
  return out;
}

/**
 * The community of several branches: per dimension, each key's share
 * weighted by the branches' populations (branches whose profile lacks the
 * dimension are left out of it; a key a branch does not list counts as 0
 * there).
 */
export function weightedBreakdowns(profiles: { population: number; breakdowns: Breakdowns }[]): Breakdowns {
  const out = { [DemographicDimension.AGE_BAND]: [], [DemographicDimension.RACE_ETHNICITY]: [], [DemographicDimension.LANGUAGE]: [] } as Breakdowns;
  for (const dimension of DIMENSIONS) {
    const having = profiles.filter((p) => p.breakdowns[dimension].length > 0);
    const population = having.reduce((s, p) => s + p.population, 0);
    if (population === 0) continue;
    const listed = new Set(having.flatMap((p) => p.breakdowns[dimension].map((s) => s.key)));
    for (const t of VOCABULARY[dimension]) {
      if (!listed.has(t.key)) continue;
      let people = 0;
      for (const p of having) people += p.population * (p.breakdowns[dimension].find((s) => s.key === t.key)?.share ?? 0);
      out[dimension].push({ key: t.key, label: t.label, count: null, share: roundShare(people / population) });
    }
  }
  return out;
}

/** Per dimension, each key both profiles list: its share in each and the change (to - from). */
export function shareChanges(from: Breakdowns, to: Breakdowns): ShareChange[] {
  const out: ShareChange[] = [];
  for (const dimension of DIMENSIONS) {
    for (const a of from[dimension]) {
      const b = to[dimension].find((s) => s.key === a.key);
      if (!b) continue;
      out.push(Object.assign(new ShareChange(), { dimension, key: a.key, fromShare: a.share, toShare: b.share, change: roundShare(b.share - a.share) }));
    }
  }
  return out;
}
