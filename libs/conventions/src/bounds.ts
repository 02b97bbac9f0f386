import { badUserInput } from './errors';

/** RULES.md §6: at most 100 ids in a filter list that a client sends. */
export const MAX_FILTER_IDS = 100;
/** RULES.md §6: aggregates group by at most 3 dimensions. */
export const MAX_GROUP_BY = 3;
/** RULES.md §6: an aggregate covers at most 10 years (3653 days: ten years with their leap days). */
export const MAX_AGGREGATE_YEARS = 10;
export const MAX_AGGREGATE_DAYS = 3653;
/** RULES.md §6: grouped by DAY, at most 1 year (366 days). */
export const MAX_DAY_BUCKET_YEARS = 1;
export const MAX_DAY_BUCKET_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * A value no id or enum value ever equals: an empty list becomes `[NO_MATCH]`
 * so that `IN (:...list)` stays valid SQL on both dialects and matches nothing.
 */
export const NO_MATCH = '\u0000';

/** The list for an `IN (:...list)` condition; an empty one matches nothing. */
export const orNoMatch = (values: readonly string[]): string[] => (values.length ? [...values] : [NO_MATCH]);

/**
 * A client's filter id list, bounded; an empty list matches nothing (a
 * placeholder id keeps `IN (:...ids)` valid SQL on both dialects).
 */
export function filterIds(ids: readonly string[], name: string): string[] {
  if (ids.length > MAX_FILTER_IDS) throw badUserInput(`\`${name}\` takes at most ${MAX_FILTER_IDS} ids`, { argumentName: `filter.${name}` });
  return orNoMatch(ids);
}

/** An aggregate's groupBy, bounded. */
export function checkGroupBy(groupBy: readonly unknown[]): void {
  if (groupBy.length > MAX_GROUP_BY) throw badUserInput(`\`groupBy\` takes at most ${MAX_GROUP_BY} dimensions`, { argumentName: 'groupBy' });
}

/**
 * The one range limit of every aggregate (RULES.md §6): at most 10 years, or
 * 1 year when grouped by DAY. `days` is the span the aggregate covers (for
 * inclusive calendar periods, count both ends). Throws BAD_USER_INPUT naming
 * the argument to change.
 */
export function checkAggregateSpan(
  days: number,
  opts: { dayBuckets?: boolean; argumentName: string; dayArgumentName?: string },
): void {
  if (days > MAX_AGGREGATE_DAYS) {
    throw badUserInput(`An aggregate covers at most ${MAX_AGGREGATE_YEARS} years`, { argumentName: opts.argumentName });
  }
  if (opts.dayBuckets && days > MAX_DAY_BUCKET_DAYS) {
    throw badUserInput(`An aggregate covers at most ${MAX_DAY_BUCKET_YEARS} year with DAY buckets`, { argumentName: opts.dayArgumentName ?? opts.argumentName });
  }
}

/** The span in days between two instants. */
export const spanDays = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / DAY_MS;

/**
 * One end of an aggregate's range given in two spellings (the aggregate's
 * `from`/`to` and a filter's own bound, e.g. `filter.submittedFrom`): either
 * may be given, or both when they agree; two different instants are a
 * BAD_USER_INPUT error naming the argument.
 */
export function sameRangeEnd(a: Date | null | undefined, b: Date | null | undefined, names: [string, string]): Date | null {
  if (a && b && a.getTime() !== b.getTime()) {
    throw badUserInput(`\`${names[0]}\` and \`${names[1]}\` give different ranges: give one of them`, { argumentName: names[0] });
  }
  return a ?? b ?? null;
}
