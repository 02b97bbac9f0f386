import type { EntityManager } from 'typeorm';
import type { Dialect } from '@ceg/persistence';
import { FeedbackRow } from './entities';
import { OPEN_STATUSES } from './workflow';

// The tables and why they are keyed so: FeedbackDailyRow and FeedbackMonthlyRow in entities.ts.

/** The key columns, in primary-key order. */
export const ROLLUP_KEY = ['branchId', 'month', 'day', 'category', 'channel', 'status', 'sentiment', 'language', 'isPublic', 'moderationState'] as const;

type Item = Pick<FeedbackRow, 'branchId' | 'submittedAt' | 'category' | 'channel' | 'status' | 'sentiment' | 'language' | 'isPublic' | 'moderationState' | 'rating' | 'acknowledgedAt' | 'resolvedAt'>;

const msSql = (dialect: Dialect, from: string, to: string) =>
  dialect === 'sqlite' ? `CAST(ROUND((julianday(${to}) - julianday(${from})) * 86400000) AS INTEGER)` : `(TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) DIV 1000)`;

/** The additive columns: what one item adds, and the same summed over items (alias f) in SQL. */
export const ROLLUP_COLUMNS: { name: string; of: (i: Item) => number; fill: (dialect: Dialect) => string }[] = [
  { name: 'n', of: () => 1, fill: () => 'COUNT(*)' },
  { name: 'ratingSum', of: (i) => i.rating ?? 0, fill: () => 'COALESCE(SUM(f.rating), 0)' },
  { name: 'ratingN', of: (i) => (i.rating === null ? 0 : 1), fill: () => 'COUNT(f.rating)' },
  { name: 'ackMs', of: (i) => (i.acknowledgedAt ? i.acknowledgedAt.getTime() - i.submittedAt.getTime() : 0), fill: (d) => `COALESCE(SUM(${msSql(d, 'f.submittedAt', 'f.acknowledgedAt')}), 0)` },
  { name: 'ackN', of: (i) => (i.acknowledgedAt ? 1 : 0), fill: () => 'COUNT(f.acknowledgedAt)' },
  { name: 'resMs', of: (i) => (i.resolvedAt ? i.resolvedAt.getTime() - i.submittedAt.getTime() : 0), fill: (d) => `COALESCE(SUM(${msSql(d, 'f.submittedAt', 'f.resolvedAt')}), 0)` },
  { name: 'resN', of: (i) => (i.resolvedAt ? 1 : 0), fill: () => 'COUNT(f.resolvedAt)' },
];

/** The monthly rollup's key columns, in primary-key order. */
export const MONTHLY_KEY = ['branchId', 'month'] as const;

/**
 * The monthly rollup's additive columns: what one item that is not MERGED
 * adds (a MERGED one adds nothing), and the same summed over daily rollup
 * rows (alias d) in SQL. Its key has no status, so the counts by status an
 * aggregate reports are columns.
 */
export const MONTHLY_COLUMNS: { name: string; of: (i: Item) => number; fill: string }[] = [
  { name: 'n', of: () => 1, fill: 'SUM(d.n)' },
  { name: 'openN', of: (i) => (OPEN_STATUSES.includes(i.status as never) ? 1 : 0), fill: `SUM(CASE WHEN d.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')}) THEN d.n ELSE 0 END)` },
  { name: 'resolvedN', of: (i) => (i.status === 'RESOLVED' ? 1 : 0), fill: "SUM(CASE WHEN d.status = 'RESOLVED' THEN d.n ELSE 0 END)" },
  { name: 'declinedN', of: (i) => (i.status === 'DECLINED' ? 1 : 0), fill: "SUM(CASE WHEN d.status = 'DECLINED' THEN d.n ELSE 0 END)" },
  ...ROLLUP_COLUMNS.filter((c) => c.name !== 'n').map((c) => ({ name: c.name, of: c.of, fill: `SUM(d.${c.name})` })),
];

/** The UTC day of an instant, YYYY-MM-DD: the day PERIOD buckets use (dateBucket over the stored UTC datetimes). */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

const keyOf = (i: Item): unknown[] => {
  const day = utcDay(i.submittedAt);
  return [i.branchId, `${day.slice(0, 8)}01`, day, i.category, i.channel, i.status, i.sentiment, i.language, i.isPublic ? 1 : 0, i.moderationState];
};

const monthlyKeyOf = (i: Item): unknown[] => [i.branchId, `${utcDay(i.submittedAt).slice(0, 8)}01`];

const dialectOf = (em: EntityManager): Dialect => (['mysql', 'mariadb'].includes(em.connection.options.type) ? 'mysql' : 'sqlite');

const q = (dialect: Dialect, name: string) => (dialect === 'sqlite' ? `"${name}"` : `\`${name}\``);

/**
 * Moves an item's contribution in the rollup, in the caller's transaction:
 * `before` is the item as it was (null for a new item), `after` as it is now
 * (null if it were deleted).
 */
export function applyRollup(em: EntityManager, before: Item | null, after: Item | null): Promise<void> {
  return applyRollupChanges(em, [{ before, after }]);
}

/**
 * Moves the contributions of several items at once (an import): the changes
 * are summed per cell first, cells are changed in key order (so concurrent
 * writers lock them in the same order) and a cell left with no item is
 * deleted.
 */
export async function applyRollupChanges(em: EntityManager, changes: readonly { before: Item | null; after: Item | null }[]): Promise<void> {
  const dialect = dialectOf(em);
  // Every daily cell, then every monthly cell: the same lock order for every writer.
  await applyCells(em, dialect, 'feedback_daily', ROLLUP_KEY, ROLLUP_COLUMNS, keyOf, changes);
  await applyCells(em, dialect, 'feedback_monthly', MONTHLY_KEY, MONTHLY_COLUMNS, monthlyKeyOf,
    changes.map(({ before, after }) => ({ before: before?.moderationState === 'MERGED' ? null : before, after: after?.moderationState === 'MERGED' ? null : after })));
}

async function applyCells(
  em: EntityManager, dialect: Dialect, table: string, keyColumns: readonly string[], columns: readonly { name: string; of: (i: Item) => number }[],
  keyOfItem: (i: Item) => unknown[], changes: readonly { before: Item | null; after: Item | null }[],
): Promise<void> {
  const deltas = new Map<string, { key: unknown[]; values: number[] }>();
  const add = (item: Item, sign: number) => {
    const key = keyOfItem(item);
    const id = JSON.stringify(key);
    const cell = deltas.get(id) ?? { key, values: columns.map(() => 0) };
    columns.forEach((c, k) => (cell.values[k] += sign * c.of(item)));
    deltas.set(id, cell);
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    if (after) add(after, 1);
  }
  const cells = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c).filter((c) => c.values.some((v) => v !== 0));
  const cols = [...keyColumns, ...columns.map((c) => c.name)].map((c) => q(dialect, c));
  const names = columns.map((c) => q(dialect, c.name));
  const upsert = dialect === 'sqlite'
    ? `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
       ON CONFLICT (${keyColumns.map((c) => q(dialect, c)).join(', ')}) DO UPDATE SET ${names.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`
    : `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
       ON DUPLICATE KEY UPDATE ${names.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`;
  const where = keyColumns.map((c) => `${q(dialect, c)} = ?`).join(' AND ');
  for (const cell of cells) {
    await em.query(upsert, [...cell.key, ...cell.values]);
    if (cell.values[0] < 0) await em.query(`DELETE FROM ${table} WHERE ${where} AND n <= 0`, cell.key);
  }
}

/** An item as it is now, locked for the rest of the transaction (MySQL: SELECT … FOR UPDATE; SQLite: the transaction holds the write lock). */
export function lockItem(em: EntityManager, id: string): Promise<FeedbackRow | null> {
  const qb = em.createQueryBuilder(FeedbackRow, 'f').where('f.id = :id', { id });
  return (dialectOf(em) === 'mysql' ? qb.setLock('pessimistic_write') : qb).getOne();
}

/** SQL that fills the rollup from the items (the table must be empty): the migration, the seeds and `npm run seed:large`. */
export function rebuildRollupSql(dialect: Dialect): string {
  const day = dialect === 'sqlite' ? 'date(f.submittedAt)' : 'DATE(f.submittedAt)';
  const month = dialect === 'sqlite' ? "strftime('%Y-%m-01', f.submittedAt)" : "DATE_FORMAT(f.submittedAt, '%Y-%m-01')";
  const keys = ['f.branchId', month, day, 'f.category', 'f.channel', 'f.status', 'f.sentiment', 'f.language', 'f.isPublic', 'f.moderationState'];
  const cols = [...ROLLUP_KEY, ...ROLLUP_COLUMNS.map((c) => c.name)].map((c) => q(dialect, c));
  return `INSERT INTO feedback_daily (${cols.join(', ')})
    SELECT ${keys.join(', ')}, ${ROLLUP_COLUMNS.map((c) => c.fill(dialect)).join(', ')}
    FROM feedback f GROUP BY ${keys.join(', ')}`;
}

/** Branches per statement of the monthly fill: each statement reads their daily rows only, well within the statement timeout. */
export const MONTHLY_FILL_BRANCHES = 25;

/**
 * Fills the monthly rollup (which must be empty) from the daily rollup (which
 * must be filled), a few branches per statement: the migration, the seeds,
 * `npm run seed:large` and rebuildRollup. `query` runs a statement (an entity
 * manager's, a query runner's or a data source's). Returns the rows written.
 */
export async function fillMonthlyRollup(query: (sql: string, params?: unknown[]) => Promise<unknown>, dialect: Dialect): Promise<number> {
  const rows = (await query('SELECT DISTINCT branchId FROM feedback_daily ORDER BY branchId')) as { branchId: string }[];
  const branches = rows.map((r) => r.branchId);
  const cols = [...MONTHLY_KEY, ...MONTHLY_COLUMNS.map((c) => c.name)].map((c) => q(dialect, c));
  for (let at = 0; at < branches.length; at += MONTHLY_FILL_BRANCHES) {
    const chunk = branches.slice(at, at + MONTHLY_FILL_BRANCHES);
    await query(`INSERT INTO feedback_monthly (${cols.join(', ')})
      SELECT d.branchId, d.month, ${MONTHLY_COLUMNS.map((c) => c.fill).join(', ')}
      FROM feedback_daily d WHERE d.moderationState <> 'MERGED' AND d.branchId IN (${chunk.map(() => '?').join(', ')})
      GROUP BY d.branchId, d.month`, chunk);
  }
  const [{ n }] = (await query('SELECT COUNT(*) AS n FROM feedback_monthly')) as { n: unknown }[];
  return Number(n);
}

/** Empties the rollups and fills them again from the items, in the caller's transaction. */
export async function rebuildRollup(em: EntityManager): Promise<void> {
  const dialect = dialectOf(em);
  await em.query('DELETE FROM feedback_monthly');
  await em.query('DELETE FROM feedback_daily');
  await em.query(rebuildRollupSql(dialect));
  await fillMonthlyRollup((sql, params) => em.query(sql, params), dialect);
}
