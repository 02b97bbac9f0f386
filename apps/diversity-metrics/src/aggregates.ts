import type { EntityManager } from 'typeorm';
import type { Viewer } from '@ceg/auth';
import { badUserInput, checkAggregateSpan, disclosedCount, isWithheld, keyedCount, LIMITS } from '@ceg/conventions';
import { groupByKey, markPopulationScope } from '@ceg/kit';
import { In } from 'typeorm';
import { CommunityProfileRow } from './entities';
import { type AnswerCounts, cellsOf, chooseProfile, emptyCounts, representationGaps, weightedBreakdowns } from './gaps';
import { DiversityPolicy } from './policy';
import { breakdownsOf, checkYear, type DiversityContext, DiversityService } from './service';
import { suppressedShares } from './suppression';
import { DemographicDimension, ParticipationProfile, type RepresentationGap } from './types';

const DAY_MS = 86_400_000;

/** A period of calendar dates (both inclusive) that an aggregate may cover: 1900–2100, `to` not before `from`, at most 10 years. */
export function aggregatePeriod(from: string, to: string): { from: string; to: string } {
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    const y = Number(v.slice(0, 4));
    if (y < LIMITS.minYear || y > LIMITS.maxYear) throw badUserInput(`\`${name}\` must be between ${LIMITS.minYear} and ${LIMITS.maxYear}`, { argumentName: name });
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (days < 0) throw badUserInput('`to` must not be before `from`', { argumentName: 'to' });
  // Both ends count: a period of calendar dates covers days + 1 days.
  checkAggregateSpan(days + 1, { argumentName: 'from' });
  return { from, to };
}

const SHEET_COLUMNS: Record<DemographicDimension, string> = {
  [DemographicDimension.AGE_BAND]: 'ageBand',
  [DemographicDimension.RACE_ETHNICITY]: 'raceEthnicity',
  [DemographicDimension.LANGUAGE]: 'homeLanguage',
};

/**
 * The aggregates over participant answer sheets (participation and
 * representation gaps): counted by the database, over the branches the
 * viewer may aggregate, with small cells withheld by the privacy rule.
 */
export class DiversityAggregates {
  constructor(private readonly ctx: DiversityContext) {}

  private get em(): EntityManager {
    return this.ctx.db.manager;
  }

  private get viewer(): Viewer {
    return this.ctx.viewer;
  }

  private get minCell(): number {
    return this.ctx.settings.privacyMinCell;
  }

  private profileRows(branchId: string): Promise<CommunityProfileRow[]> {
    return new DiversityService(this.ctx).profileRows(branchId);
  }

  /**
   * Answer sheets counted by the database (GROUP BY over the indexed
   * (branchId, activityOn) columns): per branch, or over all the given
   * branches together, each cell as COUNT and SUM of record keys (the
   * cell-key method, libs/conventions/src/privacy.ts). One statement.
   */
  async countAnswers(branchIds: readonly string[], from: string, to: string, perBranch: boolean): Promise<Map<string, AnswerCounts>> {
    const out = new Map<string, AnswerCounts>();
    if (branchIds.length === 0) return out;
    const b = perBranch ? 'branchId' : "'*'";
    const where = `branchId IN (${branchIds.map(() => '?').join(', ')}) AND activityOn >= ? AND activityOn <= ?`;
    const params = [...branchIds, from, to];
    const parts = [
      `SELECT ${b} AS b, 'TOTAL' AS d, '' AS k, COUNT(*) AS n, SUM(recordKey) AS ks FROM participant_response WHERE ${where}${perBranch ? ' GROUP BY branchId' : ''}`,
      ...Object.entries(SHEET_COLUMNS).map(([d, col]) =>
        `SELECT ${b} AS b, '${d}' AS d, ${col} AS k, COUNT(*) AS n, SUM(recordKey) AS ks FROM participant_response WHERE ${where} AND ${col} IS NOT NULL GROUP BY ${perBranch ? 'branchId, ' : ''}${col}`),
    ];
    const raw: { b: string; d: string; k: string; n: unknown; ks: unknown }[] = await this.em.query(parts.join(' UNION ALL '), parts.flatMap(() => params));
    for (const r of raw) {
      const key = String(r.b);
      let c = out.get(key);
      if (!c) out.set(key, (c = emptyCounts()));
      if (r.d === 'TOTAL') c.total = keyedCount(r.n, r.ks);
      else c.cells[r.d as DemographicDimension]?.set(String(r.k), keyedCount(r.n, r.ks));
    }
    return out;
  }

  /** A branch's counts for the period, batched: one statement for every branch of the request asked with the same period. */
  private branchCounts(branchId: string, from: string, to: string): Promise<AnswerCounts> {
    return this.ctx.loaders
      .get<string, AnswerCounts>(`answers:${from}:${to}`, async (ids) => {
        const map = await this.countAnswers(ids, from, to, true);
        return ids.map((id) => map.get(id) ?? emptyCounts());
      })
      .load(branchId);
  }

  /** The profile of the counts; `scope` (the branches counted) is kept for the per-capita layer (per-capita.ts). */
  private participationOf(from: string, to: string, counts: AnswerCounts, scope: string[]): ParticipationProfile {
    const withheldTotal = isWithheld(counts.total, this.minCell);
    const shares = (d: DemographicDimension) => suppressedShares(cellsOf(counts, d), this.minCell, { withheldTotal });
    const disclosed = disclosedCount(counts.total, this.minCell);
    return markPopulationScope(Object.assign(new ParticipationProfile(), {
      from,
      to,
      // Perturbed like every cell; 0 when withheld (every breakdown cell is then withheld too).
      respondentCount: disclosed ?? 0,
      respondentCountWithheld: disclosed === null,
      ageBands: shares(DemographicDimension.AGE_BAND),
      raceEthnicity: shares(DemographicDimension.RACE_ETHNICITY),
      languagesSpokenAtHome: shares(DemographicDimension.LANGUAGE),
    }), scope);
  }

  /** Branch.participation: STAFF of the branch, ANALYST, ADMIN; for staff of other branches it counts nothing. */
  async participation(branchId: string, fromArg: string, toArg: string): Promise<ParticipationProfile> {
    const scope = DiversityPolicy.aggregateBranches(this.viewer, [branchId]);
    const { from, to } = aggregatePeriod(fromArg, toArg);
    const counts = scope.length ? await this.branchCounts(branchId, from, to) : emptyCounts();
    return this.participationOf(from, to, counts, scope);
  }

  /** Branch.representationGaps: the participants of the period against the branch's community profile. */
  async branchGaps(branchId: string, year: number | null | undefined, fromArg: string, toArg: string): Promise<RepresentationGap[]> {
    const scope = DiversityPolicy.aggregateBranches(this.viewer, [branchId]);
    checkYear('year', year);
    const { from, to } = aggregatePeriod(fromArg, toArg);
    if (!scope.length) return [];
    const profile = chooseProfile((await this.profileRows(branchId)).map((r) => Object.assign(r, { year: Number(r.year) })), year, to);
    if (!profile) return [];
    return representationGaps(breakdownsOf(profile), await this.branchCounts(branchId, from, to), this.minCell);
  }

  /**
   * LibrarySystem.participation and Consortium.participation: the answer
   * sheets of the branches (from @requires, not capped) that the viewer may
   * aggregate, counted together by the database, with the same small-cell
   * rule as a branch's.
   */
  async branchSetParticipation(branchIds: string[], fromArg: string, toArg: string): Promise<ParticipationProfile> {
    const scope = DiversityPolicy.aggregateBranches(this.viewer, branchIds);
    const { from, to } = aggregatePeriod(fromArg, toArg);
    const counts = scope.length ? ((await this.countAnswers(scope, from, to, false)).get('*') ?? emptyCounts()) : emptyCounts();
    return this.participationOf(from, to, counts, scope);
  }

  /**
   * LibrarySystem.representationGaps and Consortium.representationGaps over its branches (from @requires, not
   * capped) that the viewer may aggregate and that have a profile for the
   * year: their communities weighted by population against their
   * participants counted together.
   */
  async branchSetGaps(branchIds: string[], year: number | null | undefined, fromArg: string, toArg: string): Promise<RepresentationGap[]> {
    const scope = DiversityPolicy.aggregateBranches(this.viewer, branchIds);
    checkYear('year', year);
    const { from, to } = aggregatePeriod(fromArg, toArg);
    if (!scope.length) return [];
    const rows = await this.em.find(CommunityProfileRow, { where: { branchId: In(scope) }, order: { year: 'ASC' } });
    const chosen = groupByKey(scope, rows, (r) => r.branchId)
      .map((list) => chooseProfile(list.map((r) => Object.assign(r, { year: Number(r.year) })), year, to))
      .filter((p): p is CommunityProfileRow => p !== null);
    if (!chosen.length) return [];
    const community = weightedBreakdowns(chosen.map((p) => ({ population: Number(p.population), breakdowns: breakdownsOf(p) })));
    const counts = (await this.countAnswers(chosen.map((p) => p.branchId), from, to, false)).get('*') ?? emptyCounts();
    return representationGaps(community, counts, this.minCell);
  }
}
