/**
 * Search as people type (`FeedbackFilter.search`) through the full-text index
 * of libs/persistence (fulltext.ts): subject, body and tags folded into
 * `searchText`; SQLite's FTS5 table `feedback_fts`, MySQL/MariaDB's FULLTEXT
 * index `IDX_feedback_search`.
 */
import type { SelectQueryBuilder } from 'typeorm';
import { type Dialect, type FullTextIndex, orderByRelevance, searchDocument, whereFullText } from '@ceg/persistence';
import type { FeedbackRow } from './entities';

export const FEEDBACK_SEARCH: FullTextIndex = { table: 'feedback', key: 'id', column: 'searchText', indexName: 'IDX_feedback_search' };

/** The `searchText` of an item. */
export const feedbackSearchText = (subject: string, body: string, tags: readonly string[] = []): string => searchDocument(subject, body, ...tags);

const dialectOf = (qb: SelectQueryBuilder<FeedbackRow>): Dialect => (['mysql', 'mariadb'].includes(qb.connection.options.type) ? 'mysql' : 'sqlite');

/** Narrows alias `f` to the items that match; returns the parameter of the index query, or null when the input has no word (nothing matches). */
export function applySearch(qb: SelectQueryBuilder<FeedbackRow>, input: string): string | null {
  return whereFullText(qb, dialectOf(qb), 'f', FEEDBACK_SEARCH, input, 'fSearch');
}

/** Best match first. */
export function orderBySearch(qb: SelectQueryBuilder<FeedbackRow>, param: string): SelectQueryBuilder<FeedbackRow> {
  return orderByRelevance(qb, dialectOf(qb), 'f', FEEDBACK_SEARCH, param);
}
