/**
 * Full-text search on both databases, in one place: search as people type,
 * accent- and case-insensitive, hyphen- and space-tolerant, served by an
 * index (never a `LIKE '%…%'` scan).
 *
 * A searchable table keeps a folded text column (`searchDocument`: lower
 * case, accents removed, every run of other characters one space, plus the
 * joined forms of every hyphenated or slashed compound: "wi-fi" → "wi fi
 * wifi") and an index over it (`createFullTextIndex`):
 * - SQLite: an FTS5 table `<table>_fts(<key> UNINDEXED, <column>)`, tokenizer
 *   `unicode61 remove_diacritics 2`, kept in step by triggers;
 * - MySQL/MariaDB: an InnoDB FULLTEXT index, created without stop words,
 *   queried in boolean mode. InnoDB does not index words shorter than
 *   `innodb_ft_min_token_size` (3 by default): the column stores such words
 *   padded with "_" ("tv" → "tv_"), which InnoDB counts as part of a word and
 *   FTS5's tokenizer drops.
 *
 * A query is folded the same way and reduced to words (operators and quotes
 * are text, not syntax); every word must match, the last one as a prefix
 * since it may still be being typed ("sab" finds "sábado"); a hyphenated word
 * is looked up joined ("wi-fi" finds "wifi" and "wi-fi"); the words of a query
 * of two or three words may also match joined ("wi fi" finds "wifi").
 */
import type { ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import type { Dialect } from './database';

/** A folded text column and its index. */
export interface FullTextIndex {
  /** The table, e.g. "feedback". */
  table: string;
  /** Its primary key column, e.g. "id". */
  key: string;
  /** The folded text column, e.g. "searchText". */
  column: string;
  /** MySQL's FULLTEXT index name (the entity declares it with `fulltext: true`). */
  indexName: string;
}

/** SQLite's FTS5 table of an index. */
export const ftsTableOf = (idx: FullTextIndex) => `${idx.table}_fts`;

const SEPARATOR = /[-‐‑‒–—/_.'’·]+/u;

/** InnoDB's minimum indexed word length (`innodb_ft_min_token_size`, default 3). */
export const MYSQL_MIN_TOKEN = 3;

const padded = (w: string) => ([...w].length < MYSQL_MIN_TOKEN ? w.padEnd(MYSQL_MIN_TOKEN, '_') : w);

/** Lower case, accents and other combining marks removed, every run of non-letters/digits one space. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The folded words of a text, with the joined forms of each compound after its parts. */
export function searchWords(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.normalize('NFKC').split(/\s+/u)) {
    const parts = chunk.split(SEPARATOR).map(foldText).filter(Boolean).flatMap((p) => p.split(' '));
    out.push(...parts);
    // Every run of two to four adjacent parts, joined ("e-books/audio" → "ebooks", "booksaudio", "ebooksaudio").
    for (let len = 2; len <= Math.min(parts.length, 4); len++) {
      for (let i = 0; i + len <= parts.length; i++) out.push(parts.slice(i, i + len).join(''));
    }
  }
  return out;
}

/** The folded text column's value for some texts (short words padded for InnoDB). */
export function searchDocument(...texts: string[]): string {
  return searchWords(texts.join('\n')).map(padded).join(' ');
}

/** A query: its words (compounds joined), and the joined alternative of a query of two or three words. */
export interface ParsedSearch {
  terms: string[];
  joined: string | null;
}

export function parseSearch(input: string): ParsedSearch {
  const terms: string[] = [];
  for (const chunk of input.normalize('NFKC').split(/\s+/u)) {
    const parts = chunk.split(SEPARATOR).map(foldText).filter(Boolean).flatMap((p) => p.split(' '));
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

/**
 * Narrows `alias` to the rows that match `input`, through the index. Returns
 * the parameter that holds the index query (for `orderByRelevance`), or null
 * when the input has no word (then nothing matches).
 */
export function whereFullText<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, dialect: Dialect, alias: string, idx: FullTextIndex, input: string, param: string): string | null {
  const q = parseSearch(input);
  if (!q.terms.length) {
    qb.andWhere('1 = 0');
    return null;
  }
  const fts = ftsTableOf(idx);
  if (dialect === 'sqlite') qb.andWhere(`${alias}.${idx.key} IN (SELECT ${idx.key} FROM ${fts} WHERE ${fts} MATCH :${param})`, { [param]: fts5Query(q) });
  else qb.andWhere(`MATCH(${alias}.${idx.column}) AGAINST (:${param} IN BOOLEAN MODE)`, { [param]: mysqlQuery(q) });
  return param;
}

/** Orders by relevance, best first (SQLite: BM25 from the FTS5 table, joined; MySQL: the MATCH score). Call after `whereFullText`. */
export function orderByRelevance<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, dialect: Dialect, alias: string, idx: FullTextIndex, param: string): SelectQueryBuilder<T> {
  const fts = ftsTableOf(idx);
  if (dialect === 'sqlite') {
    return qb.innerJoin(`(SELECT ${idx.key} AS relKey, bm25(${fts}) AS relScore FROM ${fts} WHERE ${fts} MATCH :${param})`, 'rel', `rel.relKey = ${alias}.${idx.key}`)
      .orderBy('rel.relScore', 'ASC');
  }
  return qb.orderBy(`MATCH(${alias}.${idx.column}) AGAINST (:${param} IN BOOLEAN MODE)`, 'DESC');
}

const isMysql = (q: QueryRunner) => q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';

/**
 * Creates the index over a folded text column that exists and is filled
 * (a migration step): SQLite the FTS5 table, filled from the column, and the
 * triggers that keep it in step; MySQL the FULLTEXT index, without stop words.
 */
export async function createFullTextIndex(q: QueryRunner, idx: FullTextIndex): Promise<void> {
  const { table, key, column } = idx;
  const fts = ftsTableOf(idx);
  if (isMysql(q)) {
    await q.query('SET SESSION innodb_ft_enable_stopword = OFF');
    try {
      await q.query(`CREATE FULLTEXT INDEX \`${idx.indexName}\` ON \`${table}\` (\`${column}\`)`);
    } finally {
      await q.query('SET SESSION innodb_ft_enable_stopword = ON');
    }
    return;
  }
  await q.query(`CREATE VIRTUAL TABLE ${fts} USING fts5(${key} UNINDEXED, ${column}, tokenize = 'unicode61 remove_diacritics 2')`);
  await q.query(`INSERT INTO ${fts} (${key}, ${column}) SELECT ${key}, ${column} FROM ${table}`);
  await q.query(`CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} BEGIN INSERT INTO ${fts} (${key}, ${column}) VALUES (new.${key}, new.${column}); END`);
  await q.query(`CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${column} ON ${table} BEGIN
    DELETE FROM ${fts} WHERE ${key} = old.${key}; INSERT INTO ${fts} (${key}, ${column}) VALUES (new.${key}, new.${column}); END`);
  await q.query(`CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} BEGIN DELETE FROM ${fts} WHERE ${key} = old.${key}; END`);
}

export async function dropFullTextIndex(q: QueryRunner, idx: FullTextIndex): Promise<void> {
  const fts = ftsTableOf(idx);
  if (isMysql(q)) {
    await q.query(`DROP INDEX \`${idx.indexName}\` ON \`${idx.table}\``);
    return;
  }
  for (const t of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS ${fts}_${t}`);
  await q.query(`DROP TABLE IF EXISTS ${fts}`);
}
