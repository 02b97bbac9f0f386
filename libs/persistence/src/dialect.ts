/**
 * The one place where SQLite and MySQL differ: date bucketing, time
 * differences, distances, case-insensitive search, row locks and the errors
 * after which a transaction is safe to run again.
 */
import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import type { Database, Dialect } from './database';

export type Interval = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** SQL for the first day ("YYYY-MM-DD") of the bucket that a date or datetime column falls in. */
export function dateBucket(dialect: Dialect, column: string, interval: Interval): string {
  if (dialect === 'sqlite') {
    switch (interval) {
      case 'DAY': return `strftime('%Y-%m-%d', ${column})`;
      case 'WEEK': return `date(${column}, '-' || ((CAST(strftime('%w', ${column}) AS INTEGER) + 6) % 7) || ' days')`;
      case 'MONTH': return `strftime('%Y-%m-01', ${column})`;
      case 'QUARTER': return `(strftime('%Y', ${column}) || '-' || printf('%02d', ((CAST(strftime('%m', ${column}) AS INTEGER) - 1) / 3) * 3 + 1) || '-01')`;
      case 'YEAR': return `strftime('%Y-01-01', ${column})`;
    }
  }
  switch (interval) {
    case 'DAY': return `DATE_FORMAT(${column}, '%Y-%m-%d')`;
    case 'WEEK': return `DATE_FORMAT(DATE_SUB(${column}, INTERVAL WEEKDAY(${column}) DAY), '%Y-%m-%d')`;
    case 'MONTH': return `DATE_FORMAT(${column}, '%Y-%m-01')`;
    case 'QUARTER': return `CONCAT(YEAR(${column}), '-', LPAD((QUARTER(${column}) - 1) * 3 + 1, 2, '0'), '-01')`;
    case 'YEAR': return `DATE_FORMAT(${column}, '%Y-01-01')`;
  }
}

/** SQL for the hours from one datetime column to another (null when either is null). */
export function hoursBetween(dialect: Dialect, from: string, to: string): string {
  return dialect === 'sqlite'
    ? `((julianday(${to}) - julianday(${from})) * 24.0)`
    : `(TIMESTAMPDIFF(SECOND, ${from}, ${to}) / 3600.0)`;
}

/** SQL for the great-circle distance in km from (lat, lon) parameters to a row's columns. */
export function distanceKm(latColumn: string, lonColumn: string, latParam: string, lonParam: string): string {
  // Haversine; both dialects have the math functions (SQLite's are registered in openDatabase).
  return `(12742.0 * ASIN(SQRT(
    POWER(SIN(RADIANS(${latColumn} - ${latParam}) / 2), 2) +
    COS(RADIANS(${latParam})) * COS(RADIANS(${latColumn})) * POWER(SIN(RADIANS(${lonColumn} - ${lonParam}) / 2), 2))))`;
}

/** A LIKE pattern that matches `text` literally anywhere, with "!" as the escape character (portable). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** `LOWER(col) LIKE :param ESCAPE '!'` for each column, OR-ed. */
export function likeAny(columns: string[], param: string): string {
  return `(${columns.map((c) => `LOWER(${c}) LIKE :${param} ESCAPE '!'`).join(' OR ')})`;
}

/** Adds a row lock (SELECT … FOR UPDATE) on MySQL; SQLite's transaction already holds the database's write lock. */
export function lockForUpdate<T extends ObjectLiteral>(db: Database, qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return db.dialect === 'mysql' ? qb.setLock('pessimistic_write') : qb;
}

interface DriverErrorLike {
  errno?: number;
  code?: string;
}

const driverError = (err: unknown): DriverErrorLike | undefined => {
  const e = err as { driverError?: DriverErrorLike } & DriverErrorLike;
  return e?.driverError ?? e ?? undefined;
};

/**
 * Errors after which the database has rolled the whole transaction back and
 * running it again is safe: MySQL/MariaDB's deadlock victim (errno 1213,
 * ER_LOCK_DEADLOCK) and lock wait timeout (errno 1205,
 * ER_LOCK_WAIT_TIMEOUT); SQLite's busy database (SQLITE_BUSY).
 */
export function isRetryableTransactionError(dialect: Dialect, err: unknown): boolean {
  const d = driverError(err);
  if (!d) return false;
  if (dialect === 'mysql') return d.errno === 1213 || d.errno === 1205 || d.code === 'ER_LOCK_DEADLOCK' || d.code === 'ER_LOCK_WAIT_TIMEOUT';
  return typeof d.code === 'string' && d.code.startsWith('SQLITE_BUSY');
}

/** SQL for a random integer in [0, range), for backfilling record keys (libs/conventions/src/privacy.ts) in a migration. */
export function randomIntSql(dialect: Dialect, range: number): string {
  const r = Math.floor(range);
  return dialect === 'sqlite' ? `(ABS(RANDOM()) % ${r})` : `FLOOR(RAND() * ${r})`;
}
