import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badUserInput, decodeCursor, encodeCursor, filterIds, orNoMatch } from '@ceg/conventions';
import type { SortKey } from '@ceg/persistence';
import type { FeedbackRow } from './entities';
import { applySearch } from './search';
import { type Feedback, type FeedbackFilter, FeedbackOrder } from './types';

/** The arguments of feedbackItems, Branch.feedback and Program.feedback. */
export interface FeedbackListArgs {
  filter?: FeedbackFilter | null;
  first?: number | null;
  after?: string | null;
  orderBy?: FeedbackOrder | null;
}

const MAX_SEARCH = 200;
const enumList = orNoMatch;

/**
 * Applies FeedbackFilter (ids capped, search through the index: search.ts) to
 * alias `f`. Returns the parameter that holds the search's index query (for
 * ordering by relevance), or null when there is no search.
 */
export function applyFeedbackFilter(qb: SelectQueryBuilder<FeedbackRow>, filter: FeedbackFilter | null | undefined): string | null {
  if (!filter) return null;
  applyValueFilter(qb, filter);
  if (filter.submittedFrom) qb.andWhere('f.submittedAt >= :fFrom', { fFrom: filter.submittedFrom });
  if (filter.submittedTo) qb.andWhere('f.submittedAt < :fTo', { fTo: filter.submittedTo });
  if (filter.search !== null && filter.search !== undefined) {
    const s = filter.search.trim();
    if (s.length > MAX_SEARCH) throw badUserInput(`\`search\` must be at most ${MAX_SEARCH} characters`, { argumentName: 'filter.search' });
    if (s) return applySearch(qb, s);
  }
  return null;
}

/**
 * The parts of FeedbackFilter on an item's values (not its time, not its
 * text), on alias `f`: the same columns in the items and in their daily
 * rollup (FeedbackDailyRow).
 */
export function applyValueFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, filter: FeedbackFilter): void {
  if (filter.branchIds) qb.andWhere('f.branchId IN (:...fBranchIds)', { fBranchIds: filterIds(filter.branchIds, 'branchIds') });
  if (filter.statuses) qb.andWhere('f.status IN (:...fStatuses)', { fStatuses: enumList(filter.statuses) });
  if (filter.categories) qb.andWhere('f.category IN (:...fCategories)', { fCategories: enumList(filter.categories) });
  if (filter.channels) qb.andWhere('f.channel IN (:...fChannels)', { fChannels: enumList(filter.channels) });
  if (filter.sentiments) qb.andWhere('f.sentiment IN (:...fSentiments)', { fSentiments: enumList(filter.sentiments) });
  if (filter.isPublic !== null && filter.isPublic !== undefined) qb.andWhere('f.isPublic = :fPublic', { fPublic: filter.isPublic });
  if (filter.moderationStates) qb.andWhere('f.moderationState IN (:...fModeration)', { fModeration: enumList(filter.moderationStates) });
}

/** The sort keys of each keyset-paged list order (RELEVANCE pages by position: FeedbackService.list). */
export const ORDER_KEYS: Record<Exclude<FeedbackOrder, FeedbackOrder.RELEVANCE>, SortKey[]> = {
  [FeedbackOrder.SUBMITTED_AT_DESC]: [{ expr: 'f.submittedAt', direction: 'DESC' }, { expr: 'f.id', direction: 'DESC' }],
  [FeedbackOrder.SUBMITTED_AT_ASC]: [{ expr: 'f.submittedAt', direction: 'ASC' }, { expr: 'f.id', direction: 'ASC' }],
  [FeedbackOrder.VOTES_DESC]: [{ expr: 'f.voteCount', direction: 'DESC' }, { expr: 'f.submittedAt', direction: 'DESC' }, { expr: 'f.id', direction: 'DESC' }],
};

export function cursorOf(order: Exclude<FeedbackOrder, FeedbackOrder.RELEVANCE>, f: Feedback): string {
  const at = f.submittedAt.toISOString();
  return encodeCursor(order === FeedbackOrder.VOTES_DESC ? [f.voteCount, at, f.id] : [at, f.id]);
}

export function decodeFeedbackCursor(order: Exclude<FeedbackOrder, FeedbackOrder.RELEVANCE>, after: string | null | undefined): unknown[] | null {
  const votes = order === FeedbackOrder.VOTES_DESC;
  const values = decodeCursor(after, votes ? 3 : 2);
  if (!values) return null;
  const atIndex = votes ? 1 : 0;
  const at = new Date(String(values[atIndex]));
  if (Number.isNaN(at.getTime()) || (votes && typeof values[0] !== 'number')) throw badUserInput('`after` is not a cursor of this list', { argumentName: 'after' });
  const out = [...values];
  out[atIndex] = at;
  return out;
}
