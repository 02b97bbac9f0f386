import type { EntityManager } from 'typeorm';
import type { Dialect } from '@ceg/persistence';
import { FeedbackRow } from './entities';

// The table and why it is keyed so: FeedbackDailyRow in entities.ts.

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

/** The UTC day of an instant, YYYY-MM-DD: the day PERIOD buckets use (dateBucket over the stored UTC datetimes). */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

const keyOf = (i: Item): unknown[] => {
  const day = utcDay(i.submittedAt);
  return [i.branchId, `${day.slice(0, 8)}01`, day, i.category, i.channel, i.status, i.sentiment, i.language, i.isPublic ? 1 : 0, i.moderationState];
};

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
  const deltas = new Map<string, { key: unknown[]; values: number[] }>();
  const add = (item: Item, sign: number) => {
    const key = keyOf(item);
    const id = JSON.stringify(key);
    const cell = deltas.get(id) ?? { key, values: ROLLUP_COLUMNS.map(() => 0) };
    ROLLUP_COLUMNS.forEach((c, k) => (cell.values[k] += sign * c.of(item)));
    deltas.set(id, cell);
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    if (after) add(after, 1);
  }
  const cells = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c).filter((c) => c.values.some((v) => v !== 0));
  const cols = [...ROLLUP_KEY, ...ROLLUP_COLUMNS.map((c) => c.name)].map((c) => q(dialect, c));
  const names = ROLLUP_COLUMNS.map((c) => q(dialect, c.name));
  const upsert = dialect === 'sqlite'
    ? `INSERT INTO feedback_daily (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
       ON CONFLICT (${ROLLUP_KEY.map((c) => q(dialect, c)).join(', ')}) DO UPDATE SET ${names.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`
    : `INSERT INTO feedback_daily (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
       ON DUPLICATE KEY UPDATE ${names.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`;
  const where = ROLLUP_KEY.map((c) => `${q(dialect, c)} = ?`).join(' AND ');
  for (const cell of cells) {
    await em.query(upsert, [...cell.key, ...cell.values]);
    if (cell.values[0] < 0) await em.query(`DELETE FROM feedback_daily WHERE ${where} AND n <= 0`, cell.key);
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

/** Empties the rollup and fills it again from the items, in the caller's transaction. */
export async function rebuildRollup(em: EntityManager): Promise<void> {
  const dialect = dialectOf(em);
  await em.query('DELETE FROM feedback_daily');
  await em.query(rebuildRollupSql(dialect));
}
