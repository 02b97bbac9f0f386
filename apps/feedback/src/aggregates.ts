import type { Viewer } from '@ceg/auth';
import {
  badUserInput, checkAggregateSpan, checkGroupBy, MAX_AGGREGATE_DAYS, MAX_AGGREGATE_YEARS, MAX_DAY_BUCKET_DAYS, MAX_DAY_BUCKET_YEARS, orNoMatch, spanDays,
} from '@ceg/conventions';
import { aggregateScope, type SubgraphContext } from '@ceg/kit';
import { dateBucket, type Dialect, hoursBetween } from '@ceg/persistence';
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { FeedbackDailyRow, FeedbackMonthlyRow, FeedbackRow } from './entities';
import { applyFeedbackFilter, applyValueFilter } from './filters';
import { utcDay } from './rollup';
import { type FeedbackAggregate, FeedbackDimension, type FeedbackFilter, type FeedbackMeasures } from './types';
import { OPEN_STATUSES } from './workflow';

const DAY_MS = 86_400_000;

type Bucket = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';
type Raw = Record<string, unknown>;

/**
 * Feedback aggregates: whole UTC days from the daily rollup (FeedbackDailyRow,
 * written with every item), the rest from the items themselves, each one
 * GROUP BY. The items answer alone when a search is asked (the rollup has no
 * text) or the range holds no whole day; they answer the partial first and
 * last days of a range that does not start and end at midnight UTC (the
 * default range ends now) in one more statement, whose groups are added to
 * the rollup's. When the monthly rollup can answer (monthlyAnswers: nothing
 * but the range and the branches narrows the items, groups by branch and
 * months, quarters or years at most), the whole UTC months of the range come
 * from it and the daily rollup answers only the whole days of the partial
 * first and last months. Every measure is a sum, so the groups of each part
 * are added (mergeGroups).
 */
export class FeedbackAggregates {
  constructor(private readonly ctx: SubgraphContext) {}

  private get viewer(): Viewer {
    return this.ctx.viewer;
  }

  /**
   * Counts and averages by up to three dimensions.
   * `branchIds` narrows the rows (a branch, a system's or a consortium's
   * branches from @requires: not capped); the viewer's aggregate scope
   * narrows them further. Totals are summed from the groups' sums and counts.
   */
  async aggregate(
    filter: FeedbackFilter | null | undefined,
    groupByArg: FeedbackDimension[] | null | undefined,
    interval: Bucket | null | undefined,
    branchIds?: readonly string[],
  ): Promise<FeedbackAggregate> {
    const groupBy = [...new Set(groupByArg ?? [])];
    checkGroupBy(groupBy);
    const bucket = interval ?? 'MONTH';
    const range = aggregateRange(filter, groupBy.includes(FeedbackDimension.PERIOD) && bucket === 'DAY' ? MAX_DAY_BUCKET_YEARS : MAX_AGGREGATE_YEARS);
    const q: Query = { filter: { ...filter, submittedFrom: null, submittedTo: null }, groupBy, bucket, branchIds };

    const search = filter?.search?.trim();
    const days = wholeDays(range);
    let raw: Raw[];
    if (search || days === null) {
      raw = await this.fromItems(q, [[range.from, range.to]]);
    } else {
      const edges: [Date, Date][] = [];
      if (range.from < days.from) edges.push([range.from, days.from]);
      if (days.to < range.to) edges.push([days.to, range.to]);
      const months = monthlyAnswers(filter, groupBy, bucket) ? wholeMonths(days) : null;
      const dayRanges: [Date, Date][] = months === null ? [[days.from, days.to]] : [[days.from, months.from], [months.to, days.to]].filter(([a, b]) => a < b) as [Date, Date][];
      const parts = await Promise.all([
        months ? this.fromMonthly(q, months) : [],
        dayRanges.length ? this.fromRollup(q, dayRanges) : [],
        edges.length ? this.fromItems(q, edges) : [],
      ]);
      raw = parts.filter((p) => p.length).reduce((acc, p) => (acc.length ? mergeGroups(acc, p, groupBy.length) : p), [] as Raw[]);
    }

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

  /**
   * The rows every aggregate counts: not merged away (a merged duplicate is counted once, as the item it was merged into), in the viewer's aggregate scope and `branchIds`, matching the filter's values.
   * The monthly rollup holds no MERGED item (`merged: false`: it has no moderation state).
   */
  private scoped<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, q: Query, merged = true): SelectQueryBuilder<T> {
    const allowed = aggregateScope(this.viewer);
    qb.where(merged ? 'f.moderationState <> :aggMerged' : '1 = 1', merged ? { aggMerged: 'MERGED' } : {});
    if (allowed !== null) qb.andWhere('f.branchId IN (:...aggAllowed)', { aggAllowed: orNoMatch(allowed) });
    if (q.branchIds !== undefined) qb.andWhere('f.branchId IN (:...aggBranches)', { aggBranches: orNoMatch(q.branchIds) });
    return qb;
  }

  /** One GROUP BY over the items submitted in any of `ranges` ([from, to) each). */
  private fromItems(q: Query, ranges: [Date, Date][]): Promise<Raw[]> {
    const dialect = this.ctx.db.dialect;
    const qb = this.scoped(this.ctx.db.manager.createQueryBuilder(FeedbackRow, 'f'), q);
    applyFeedbackFilter(qb, q.filter);
    qb.andWhere(new Brackets((w) => ranges.forEach(([from, to], i) =>
      w.orWhere(`(f.submittedAt >= :aggFrom${i} AND f.submittedAt < :aggTo${i})`, { [`aggFrom${i}`]: from, [`aggTo${i}`]: to }))));
    Object.entries(SUMS).forEach(([key, sum], i) => (i === 0 ? qb.select(sum.items(dialect), key) : qb.addSelect(sum.items(dialect), key)));
    const period = dateBucket(dialect, 'f.submittedAt', q.bucket);
    groupColumns(q.groupBy, (d) => (d === FeedbackDimension.PERIOD ? { select: period, group: period } : { select: `f.${DIMENSION_COLUMNS[d]}`, group: `f.${DIMENSION_COLUMNS[d]}` }))
      .forEach(({ select, alias }) => qb.addSelect(select, alias));
    addGrouping(qb, q.groupBy, (d) => (d === FeedbackDimension.PERIOD ? period : `f.${DIMENSION_COLUMNS[d]}`));
    return this.grouped(qb);
  }

  /**
   * One GROUP BY over the daily rollup's days in any of `ranges` ([from, to) each, whole days). Each range
   * also bounds `month` (second in the key), so that MariaDB reads only those months of each branch.
   */
  private fromRollup(q: Query, ranges: [Date, Date][]): Promise<Raw[]> {
    const dialect = this.ctx.db.dialect;
    const qb = this.scoped(this.ctx.db.manager.createQueryBuilder(FeedbackDailyRow, 'f'), q);
    applyValueFilter(qb, q.filter);
    qb.andWhere(new Brackets((w) => ranges.forEach(([from, to], i) => w.orWhere(
      `(f.month >= :rollMonthFrom${i} AND f.month <= :rollMonthTo${i} AND f.day >= :rollFrom${i} AND f.day < :rollTo${i})`,
      { [`rollMonthFrom${i}`]: monthOf(utcDay(from)), [`rollMonthTo${i}`]: monthOf(utcDay(new Date(to.getTime() - DAY_MS))), [`rollFrom${i}`]: utcDay(from), [`rollTo${i}`]: utcDay(to) }))));
    Object.entries(SUMS).forEach(([key, sum], i) => (i === 0 ? qb.select(sum.rollup(dialect), key) : qb.addSelect(sum.rollup(dialect), key)));
    const asText = (column: string) => (dialect === 'sqlite' ? column : `DATE_FORMAT(${column}, '%Y-%m-%d')`);
    // DAY and MONTH group by the stored columns (in key order: no temporary table on MySQL), the others by their bucket of the day.
    const periodGroup = q.bucket === 'DAY' ? 'f.day' : q.bucket === 'MONTH' ? 'f.month' : dateBucket(dialect, 'f.day', q.bucket);
    const periodSelect = q.bucket === 'DAY' || q.bucket === 'MONTH' ? asText(periodGroup) : periodGroup;
    groupColumns(q.groupBy, (d) => (d === FeedbackDimension.PERIOD ? { select: periodSelect, group: periodGroup } : { select: `f.${DIMENSION_COLUMNS[d]}`, group: `f.${DIMENSION_COLUMNS[d]}` }))
      .forEach(({ select, alias }) => qb.addSelect(select, alias));
    addGrouping(qb, q.groupBy, (d) => (d === FeedbackDimension.PERIOD ? periodGroup : `f.${DIMENSION_COLUMNS[d]}`));
    return this.grouped(qb);
  }

  /** One GROUP BY over the monthly rollup's months in [months.from, months.to) (whole UTC months; only what monthlyAnswers allows). */
  private fromMonthly(q: Query, months: { from: Date; to: Date }): Promise<Raw[]> {
    const dialect = this.ctx.db.dialect;
    const qb = this.scoped(this.ctx.db.manager.createQueryBuilder(FeedbackMonthlyRow, 'f'), q, false);
    applyValueFilter(qb, q.filter);
    qb.andWhere('f.month >= :monthFrom AND f.month < :monthTo', { monthFrom: utcDay(months.from), monthTo: utcDay(months.to) });
    Object.entries(SUMS).forEach(([key, sum], i) => (i === 0 ? qb.select(sum.monthly, key) : qb.addSelect(sum.monthly, key)));
    const asText = (column: string) => (dialect === 'sqlite' ? column : `DATE_FORMAT(${column}, '%Y-%m-%d')`);
    // MONTH groups by the stored column (branch and month: the key in order, no temporary table on MySQL), QUARTER and YEAR by their bucket of the month.
    const periodGroup = q.bucket === 'MONTH' ? 'f.month' : dateBucket(dialect, 'f.month', q.bucket);
    const periodSelect = q.bucket === 'MONTH' ? asText(periodGroup) : periodGroup;
    groupColumns(q.groupBy, (d) => (d === FeedbackDimension.PERIOD ? { select: periodSelect, group: periodGroup } : { select: `f.${DIMENSION_COLUMNS[d]}`, group: `f.${DIMENSION_COLUMNS[d]}` }))
      .forEach(({ select, alias }) => qb.addSelect(select, alias));
    addGrouping(qb, q.groupBy, (d) => (d === FeedbackDimension.PERIOD ? periodGroup : `f.${DIMENSION_COLUMNS[d]}`));
    return this.grouped(qb);
  }

  /**
   * Runs a GROUP BY. MariaDB turns an IN list of 1,000 values or more (a
   * consortium's branches) into a join with a temporary table, which loses
   * the rollup's key order (2.4 s instead of 0.6 s over 100,000 rows): the
   * executable comment, which only MariaDB ≥ 10.4 reads, keeps the list a
   * list for this statement.
   */
  private grouped<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<Raw[]> {
    if (this.ctx.db.dialect !== 'mysql') return qb.getRawMany();
    const [sql, params] = qb.getQueryAndParameters();
    return this.ctx.db.manager.query(`/*M!100400 SET STATEMENT in_predicate_conversion_threshold=0 FOR */ ${sql}`, params);
  }
}

interface Query {
  filter: FeedbackFilter;
  groupBy: FeedbackDimension[];
  bucket: Bucket;
  branchIds?: readonly string[];
}

const DIMENSION_COLUMNS: Record<Exclude<FeedbackDimension, FeedbackDimension.PERIOD>, string> = {
  [FeedbackDimension.BRANCH]: 'branchId',
  [FeedbackDimension.CATEGORY]: 'category',
  [FeedbackDimension.CHANNEL]: 'channel',
  [FeedbackDimension.STATUS]: 'status',
  [FeedbackDimension.SENTIMENT]: 'sentiment',
  [FeedbackDimension.LANGUAGE]: 'language',
};

/**
 * Whether the monthly rollup can answer an aggregate: its key is branch and
 * month only, so no filter but the range (`submittedFrom`/`submittedTo`) and
 * `branchIds` (every other field of FeedbackFilter, set, means the daily
 * rollup or the items answer), and groups by BRANCH and PERIOD at most, the
 * period a month, quarter or year.
 */
export function monthlyAnswers(filter: FeedbackFilter | null | undefined, groupBy: readonly FeedbackDimension[], bucket: Bucket): boolean {
  const honoured = new Set(['submittedFrom', 'submittedTo', 'branchIds']);
  if (Object.entries(filter ?? {}).some(([k, v]) => !honoured.has(k) && v !== null && v !== undefined)) return false;
  if (!groupBy.every((d) => d === FeedbackDimension.BRANCH || d === FeedbackDimension.PERIOD)) return false;
  return !groupBy.includes(FeedbackDimension.PERIOD) || bucket === 'MONTH' || bucket === 'QUARTER' || bucket === 'YEAR';
}

const monthOf = (day: string) => `${day.slice(0, 8)}01`;

const OPEN = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
const statusCount = (statuses: string) => ({
  items: () => `SUM(CASE WHEN f.status IN (${statuses}) THEN 1 ELSE 0 END)`,
  rollup: () => `SUM(CASE WHEN f.status IN (${statuses}) THEN f.n ELSE 0 END)`,
});
const summed = (column: string) => ({ rollup: () => `SUM(f.${column})`, monthly: `SUM(f.${column})` });

/**
 * Each sum an aggregate's measures are computed from (measuresOf), in SQL
 * over the items, over their daily rollup and over their monthly rollup (all
 * alias f). A new measure: its sums here, in Sums, and their additive columns
 * in rollup.ts (ROLLUP_COLUMNS and MONTHLY_COLUMNS).
 */
const SUMS: Record<keyof Sums, { items: (d: Dialect) => string; rollup: (d: Dialect) => string; monthly: string }> = {
  n: { items: () => 'COUNT(*)', ...summed('n') },
  openN: { ...statusCount(OPEN), monthly: 'SUM(f.openN)' },
  resolvedN: { ...statusCount("'RESOLVED'"), monthly: 'SUM(f.resolvedN)' },
  declinedN: { ...statusCount("'DECLINED'"), monthly: 'SUM(f.declinedN)' },
  ratingSum: { items: () => 'SUM(f.rating)', ...summed('ratingSum') },
  ratingN: { items: () => 'COUNT(f.rating)', ...summed('ratingN') },
  ackSum: { items: (d) => `SUM(${hoursBetween(d, 'f.submittedAt', 'f.acknowledgedAt')})`, rollup: () => 'SUM(f.ackMs) / 3.6e6', monthly: 'SUM(f.ackMs) / 3.6e6' },
  ackN: { items: () => 'COUNT(f.acknowledgedAt)', ...summed('ackN') },
  resSum: { items: (d) => `SUM(${hoursBetween(d, 'f.submittedAt', 'f.resolvedAt')})`, rollup: () => 'SUM(f.resMs) / 3.6e6', monthly: 'SUM(f.resMs) / 3.6e6' },
  resN: { items: () => 'COUNT(f.resolvedAt)', ...summed('resN') },
};

function groupColumns(groupBy: FeedbackDimension[], of: (d: FeedbackDimension) => { select: string; group: string }) {
  return groupBy.map((d, i) => ({ ...of(d), alias: `k${i}` }));
}

/** The rollup's key order: grouping by a prefix of it in this order reads the primary key in order. */
const KEY_ORDER = ['f.branchId', 'f.month', 'f.day', 'f.category', 'f.channel', 'f.status', 'f.sentiment', 'f.language'];

/** GROUP BY the expressions (in the rollup's key order, which gives the same groups), ORDER BY the first dimension asked. */
function addGrouping<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, groupBy: FeedbackDimension[], expr: (d: FeedbackDimension) => string): void {
  const position = (e: string) => (KEY_ORDER.includes(e) ? KEY_ORDER.indexOf(e) : KEY_ORDER.length);
  [...groupBy].map(expr).sort((a, b) => position(a) - position(b)).forEach((e) => qb.addGroupBy(e));
  if (groupBy.length) qb.orderBy('k0', 'ASC');
}

/** The whole UTC days within a range, or null when it holds none. */
export function wholeDays(range: { from: Date; to: Date }): { from: Date; to: Date } | null {
  const from = new Date(Math.ceil(range.from.getTime() / DAY_MS) * DAY_MS);
  const to = new Date(Math.floor(range.to.getTime() / DAY_MS) * DAY_MS);
  return from < to ? { from, to } : null;
}

/** The whole UTC months within a range of whole days, or null when it holds none. */
export function wholeMonths(days: { from: Date; to: Date }): { from: Date; to: Date } | null {
  const f = days.from;
  const from = f.getUTCDate() === 1 ? f : new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1));
  const to = new Date(Date.UTC(days.to.getUTCFullYear(), days.to.getUTCMonth(), 1));
  return from < to ? { from, to } : null;
}

/** Adds the groups of `extra` to those of `rows` (the same keys k0…), ordered by key when a new key came in. */
export function mergeGroups(rows: Raw[], extra: Raw[], keys: number): Raw[] {
  const keyOf = (r: Raw) => JSON.stringify(Array.from({ length: keys }, (_, i) => (r[`k${i}`] === null || r[`k${i}`] === undefined ? null : String(r[`k${i}`]))));
  const byKey = new Map(rows.map((r) => [keyOf(r), { ...r }]));
  let added = false;
  for (const r of extra) {
    const k = keyOf(r);
    const at = byKey.get(k);
    if (at) Object.assign(at, addSums(sumsOf(at), sumsOf(r)));
    else {
      byKey.set(k, { ...r });
      added = true;
    }
  }
  const out = [...byKey.values()];
  if (added) {
    const cmp = (a: unknown, b: unknown) => (a === b ? 0 : a === null || a === undefined ? -1 : b === null || b === undefined ? 1 : String(a) < String(b) ? -1 : 1);
    out.sort((a, b) => {
      for (let i = 0; i < keys; i++) {
        const c = cmp(a[`k${i}`], b[`k${i}`]);
        if (c) return c;
      }
      return 0;
    });
  }
  return out;
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
