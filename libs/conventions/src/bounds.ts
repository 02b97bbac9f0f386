import { badUserInput } from './errors';

/** RULES.md §6: at most 100 ids in a filter list that a client sends. */
export const MAX_FILTER_IDS = 100;
/** RULES.md §6: aggregates group by at most 3 dimensions. */
export const MAX_GROUP_BY = 3;

/**
 * A client's filter id list, bounded; an empty list matches nothing (a
 * placeholder id keeps `IN (:...ids)` valid SQL on both dialects).
 */
export function filterIds(ids: readonly string[], name: string): string[] {
  if (ids.length > MAX_FILTER_IDS) throw badUserInput(`\`${name}\` takes at most ${MAX_FILTER_IDS} ids`, { argumentName: `filter.${name}` });
  return ids.length ? [...ids] : ['\u0000'];
}

/** An aggregate's groupBy, bounded. */
export function checkGroupBy(groupBy: readonly unknown[]): void {
  if (groupBy.length > MAX_GROUP_BY) throw badUserInput(`\`groupBy\` takes at most ${MAX_GROUP_BY} dimensions`, { argumentName: 'groupBy' });
}
