import type { Viewer } from '@ceg/auth';
import {
  badUserInput, checkAggregateSpan, checkGroupBy, MAX_AGGREGATE_DAYS, MAX_AGGREGATE_YEARS, MAX_DAY_BUCKET_DAYS, MAX_DAY_BUCKET_YEARS, orNoMatch, spanDays,
} from '@ceg/conventions';
import { aggregateScope, type SubgraphContext } from '@ceg/kit';
import { dateBucket, hoursBetween } from '@ceg/persistence';
import { FeedbackRow } from './entities';
import { applyFeedbackFilter } from './filters';
import { type FeedbackAggregate, FeedbackDimension, type FeedbackFilter, type FeedbackMeasures } from './types';
import { OPEN_STATUSES } from './workflow';

const DAY_MS = 86_400_000;

/** Feedback aggregates: one GROUP BY over the items in the viewer's aggregate scope. */
export class FeedbackAggregates {
  constructor(private readonly ctx: SubgraphContext) {}

  private get viewer(): Viewer {
    return this.ctx.viewer;
  }

  /**
   * Counts and averages by up to three dimensions, in one GROUP BY statement.
   * `branchIds` narrows the rows (a branch, a system's or a consortium's
   * branches from @requires: not capped); the viewer's aggregate scope
   * narrows them further. Totals are summed from the groups' sums and counts,
   * so that the whole aggregate costs one statement.
   */
  async aggregate(
    filter: FeedbackFilter | null | undefined,
    groupByArg: FeedbackDimension[] | null | undefined,
    interval: 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR' | null | undefined,
    branchIds?: readonly string[],
  ): Promise<FeedbackAggregate> {
    const allowed = aggregateScope(this.viewer);
    const groupBy = [...new Set(groupByArg ?? [])];
    checkGroupBy(groupBy);
    const bucket = interval ?? 'MONTH';
    const range = aggregateRange(filter, groupBy.includes(FeedbackDimension.PERIOD) && bucket === 'DAY' ? MAX_DAY_BUCKET_YEARS : MAX_AGGREGATE_YEARS);

    // A merged duplicate is counted once, as the item it was merged into.
    const qb = this.ctx.db.manager.createQueryBuilder(FeedbackRow, 'f').where('f.moderationState <> :aggMerged', { aggMerged: 'MERGED' });
    if (allowed !== null) qb.andWhere('f.branchId IN (:...aggAllowed)', { aggAllowed: orNoMatch(allowed) });
    if (branchIds !== undefined) qb.andWhere('f.branchId IN (:...aggBranches)', { aggBranches: orNoMatch(branchIds) });
    applyFeedbackFilter(qb, { ...filter, submittedFrom: range.from, submittedTo: range.to });

    const dialect = this.ctx.db.dialect;
    const columns: Record<FeedbackDimension, string> = {
      [FeedbackDimension.BRANCH]: 'f.branchId',
      [FeedbackDimension.CATEGORY]: 'f.category',
      [FeedbackDimension.CHANNEL]: 'f.channel',
      [FeedbackDimension.STATUS]: 'f.status',
      [FeedbackDimension.SENTIMENT]: 'f.sentiment',
      [FeedbackDimension.LANGUAGE]: 'f.language',
      [FeedbackDimension.PERIOD]: dateBucket(dialect, 'f.submittedAt', bucket),
    };
    const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
    qb.select('COUNT(*)', 'n')
      .addSelect(`SUM(CASE WHEN f.status IN (${open}) THEN 1 ELSE 0 END)`, 'openN')
      .addSelect(`SUM(CASE WHEN f.status = 'RESOLVED' THEN 1 ELSE 0 END)`, 'resolvedN')
      .addSelect(`SUM(CASE WHEN f.status = 'DECLINED' THEN 1 ELSE 0 END)`, 'declinedN')
      .addSelect('SUM(f.rating)', 'ratingSum')
      .addSelect('COUNT(f.rating)', 'ratingN')
      .addSelect(`SUM(${hoursBetween(dialect, 'f.submittedAt', 'f.acknowledgedAt')})`, 'ackSum')
      .addSelect('COUNT(f.acknowledgedAt)', 'ackN')
      .addSelect(`SUM(${hoursBetween(dialect, 'f.submittedAt', 'f.resolvedAt')})`, 'resSum')
      .addSelect('COUNT(f.resolvedAt)', 'resN');
    groupBy.forEach((d, i) => {
      qb.addSelect(columns[d], `k${i}`);
      qb.addGroupBy(columns[d]);
      if (i === 0) qb.orderBy(`k${i}`, 'ASC');
      else qb.addOrderBy(`k${i}`, 'ASC');
    });
    const raw: Record<string, unknown>[] = await qb.getRawMany();

    const sums = raw.filter((r) => Number(r.n) > 0).map((r) => ({ r, s: sumsOf(r) }));
    const total = sums.reduce((acc, { s }) => addSums(acc, s), emptySums());
    return {
      totals: measuresOf(total),
      groups: sums.map(({ r, s }) => {
        const key = { branch: null, category: null, channel: null, status: null, sentiment: null, language: null, period: null } as Record<string, unknown>;
        groupBy.forEach((d, i) => {
          const v = r[`k${i}`] === null || r[`k${i}`] === undefined ? null : String(r[`k${i}`]);
          if (d === FeedbackDimension.BRANCH) key.branch = v && { id: v };
          else key[d.toLowerCase()] = v;
        });
        return { key: key as never, measures: measuresOf(s) };
      }),
    };
  }
}

// ------------------------------------------------------------------ aggregate arithmetic (pure)

interface Sums {
  n: number; openN: number; resolvedN: number; declinedN: number;
  ratingSum: number; ratingN: number; ackSum: number; ackN: number; resSum: number; resN: number;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
export const emptySums = (): Sums => ({ n: 0, openN: 0, resolvedN: 0, declinedN: 0, ratingSum: 0, ratingN: 0, ackSum: 0, ackN: 0, resSum: 0, resN: 0 });
export const sumsOf = (r: Record<string, unknown>): Sums => ({
  n: num(r.n), openN: num(r.openN), resolvedN: num(r.resolvedN), declinedN: num(r.declinedN),
  ratingSum: num(r.ratingSum), ratingN: num(r.ratingN), ackSum: num(r.ackSum), ackN: num(r.ackN), resSum: num(r.resSum), resN: num(r.resN),
});
export const addSums = (a: Sums, b: Sums): Sums => Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof Sums] + b[k as keyof Sums]])) as unknown as Sums;
const avg = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 1000) / 1000 : null);

export function measuresOf(s: Sums): FeedbackMeasures {
  return {
    count: s.n,
    openCount: s.openN,
    resolvedCount: s.resolvedN,
    declinedCount: s.declinedN,
    averageRating: avg(s.ratingSum, s.ratingN),
    averageHoursToAcknowledge: avg(s.ackSum, s.ackN),
    averageHoursToResolve: avg(s.resSum, s.resN),
    resolutionRate: s.n > 0 ? s.resolvedN / s.n : null,
  };
}

/**
 * The submittedAt range an aggregate covers (RULES.md §6, `checkAggregateSpan`):
 * at most MAX_AGGREGATE_YEARS, or MAX_DAY_BUCKET_YEARS for DAY buckets.
 * Missing bounds default to the longest allowed span up to now.
 */
export function aggregateRange(filter: FeedbackFilter | null | undefined, maxYears: number, now = new Date()): { from: Date; to: Date } {
  const dayBuckets = maxYears <= MAX_DAY_BUCKET_YEARS;
  const span = (dayBuckets ? MAX_DAY_BUCKET_DAYS : MAX_AGGREGATE_DAYS) * DAY_MS;
  const to = filter?.submittedTo ?? new Date(now.getTime() + DAY_MS);
  const from = filter?.submittedFrom ?? new Date(to.getTime() - span);
  if (to.getTime() < from.getTime()) throw badUserInput('`submittedTo` must not be before `submittedFrom`', { argumentName: 'filter.submittedTo' });
  checkAggregateSpan(spanDays(from, to), { dayBuckets, argumentName: 'filter.submittedFrom' });
  return { from, to };
}
