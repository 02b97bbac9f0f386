import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export interface SortKey {
  /** SQL expression, e.g. "f.submittedAt". */
  expr: string;
  direction: 'ASC' | 'DESC';
}

/**
 * Keyset pagination: orders by the keys (the last must be unique, e.g. the id)
 * and, after a cursor, keeps only rows strictly past it. Stable while rows are
 * added, and an index on the keys serves it.
 */
export function applyKeyset<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  keys: SortKey[],
  after: unknown[] | null,
  limit: number,
): SelectQueryBuilder<T> {
  keys.forEach((k, i) => (i === 0 ? qb.orderBy(k.expr, k.direction) : qb.addOrderBy(k.expr, k.direction)));
  if (after) {
    const params: Record<string, unknown> = {};
    const ors = keys.map((k, i) => {
      const ands = keys.slice(0, i).map((p, j) => `${p.expr} = :ks${j}`);
      ands.push(`${k.expr} ${k.direction === 'ASC' ? '>' : '<'} :ks${i}`);
      return `(${ands.join(' AND ')})`;
    });
    keys.forEach((_, i) => (params[`ks${i}`] = after[i]));
    qb.andWhere(`(${ors.join(' OR ')})`, params);
  }
  return qb.limit(limit);
}
