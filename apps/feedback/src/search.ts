/**
 * Search as people type (`FeedbackFilter.search`): accent- and
 * case-insensitive, hyphen- and space-tolerant, each word a prefix, served by
 * an index on both databases.
 *
 * Every item stores `searchText`: subject, body and tags folded (lower case,
 * accents removed, every run of other characters one space) plus the joined
 * form of every hyphenated or slashed compound ("wi-fi" → "wi fi wifi"). The
 * index is over that column: SQLite FTS5 (`feedback_fts`, tokenizer
 * `unicode61 remove_diacritics 2`, kept in step by triggers) and a MySQL/MariaDB
 * FULLTEXT index (`IDX_feedback_search`, InnoDB, boolean mode, created without
 * stop words).
 *
 * A query is folded the same way; each word must match, the last one as a
 * prefix since it may still be being typed ("sab" finds "sábado"); a hyphenated word is looked up joined ("wi-fi" finds "wifi"
 * and "wi-fi"); and the words of a query of two or three words may also match
 * joined ("wi fi" finds "wifi"). InnoDB does not index words shorter than
 * `innodb_ft_min_token_size` (3 by default): `searchText` stores such words
 * padded with "_", which InnoDB counts as part of a word.
 */
import type { SelectQueryBuilder } from 'typeorm';
import { fold } from './abuse-words';

const SEPARATOR = /[-‐‑‒–—/_.'’·]+/u;

/** InnoDB's minimum indexed word length (`innodb_ft_min_token_size`, default 3). */
export const MYSQL_MIN_TOKEN = 3;

const padded = (w: string) => ([...w].length < MYSQL_MIN_TOKEN ? w.padEnd(MYSQL_MIN_TOKEN, '_') : w);

/** The folded words of a text, with the joined forms of each compound after its parts. */
export function searchWords(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.normalize('NFKC').split(/\s+/u)) {
    const parts = chunk.split(SEPARATOR).map(fold).filter(Boolean).flatMap((p) => p.split(' '));
    out.push(...parts);
    // Every run of two or more adjacent parts, joined ("e-books/audio" → "ebooks", "booksaudio", "ebooksaudio").
    for (let len = 2; len <= Math.min(parts.length, 4); len++) {
      for (let i = 0; i + len <= parts.length; i++) out.push(parts.slice(i, i + len).join(''));
    }
  }
  return out;
}

/**
 * The `searchText` column of an item. Words shorter than InnoDB's minimum
 * indexed length are stored padded with "_" ("tv" → "tv_"), which InnoDB
 * indexes as a word (so `+tv*` finds it) and FTS5's tokenizer reads as "tv".
 */
export function searchDocument(subject: string, body: string, tags: readonly string[] = []): string {
  return searchWords([subject, body, ...tags].join('\n')).map(padded).join(' ');
}

/** A query: its words (compounds joined), and the single joined alternative of a short multi-word query. */
export interface ParsedSearch {
  terms: string[];
  joined: string | null;
}

export function parseSearch(input: string): ParsedSearch {
  const terms: string[] = [];
  for (const chunk of input.normalize('NFKC').split(/\s+/u)) {
    const parts = chunk.split(SEPARATOR).map(fold).filter(Boolean).flatMap((p) => p.split(' '));
    if (parts.length) terms.push(parts.join(''));
  }
  const unique = [...new Set(terms)].slice(0, 12);
  return { terms: unique, joined: unique.length >= 2 && unique.length <= 3 ? unique.join('') : null };
}

const isLast = (q: ParsedSearch, i: number) => i === q.terms.length - 1;

/** FTS5 MATCH expression: every word, the last as a prefix, or the joined alternative. Words are [\p{L}\p{N}]+ only, quoted. */
export function fts5Query(q: ParsedSearch): string {
  const all = q.terms.map((t, i) => (isLast(q, i) ? `"${t}"*` : `"${t}"`)).join(' AND ');
  return q.joined ? `(${all}) OR "${q.joined}"*` : all;
}

/** MySQL boolean-mode expression: every word required, the last as a prefix, or the joined alternative. */
export function mysqlQuery(q: ParsedSearch): string {
  const all = q.terms.map((t, i) => (isLast(q, i) ? `+${t}*` : `+${padded(t)}`)).join(' ');
  return q.joined ? `+((${all}) ${q.joined}*)` : all;
}

export const dialectOf = (qb: SelectQueryBuilder<object>): 'sqlite' | 'mysql' => {
  const t = qb.connection.options.type;
  return t === 'mysql' || t === 'mariadb' ? 'mysql' : 'sqlite';
};

/**
 * Narrows alias `f` to the items that match the search, through the index.
 * Returns the parameter holding the index query, or null when the query has
 * no word at all (then nothing matches).
 */
export function applySearch(qb: SelectQueryBuilder<object>, input: string): string | null {
  const q = parseSearch(input);
  if (!q.terms.length) {
    // Only punctuation: no word can match it.
    qb.andWhere('1 = 0');
    return null;
  }
  if (dialectOf(qb) === 'sqlite') {
    qb.andWhere('f.id IN (SELECT feedbackId FROM feedback_fts WHERE feedback_fts MATCH :fSearch)', { fSearch: fts5Query(q) });
    return 'fSearch';
  }
  qb.andWhere('MATCH(f.searchText) AGAINST (:fSearch IN BOOLEAN MODE)', { fSearch: mysqlQuery(q) });
  return 'fSearch';
}
