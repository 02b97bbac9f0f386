import { type EntityManager, type FindOptionsOrder, type FindOptionsWhere, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { applyKeyset, type SortKey } from '@ceg/persistence';
import { byKey, groupByKey, type SubgraphContext } from './context';

type Entity<T> = new () => T;

/**
 * A row by id through the request's DataLoader: every lookup of one entity
 * in a request is one `WHERE id IN (…)` statement. No visibility here: the
 * domain's policy decides what the viewer gets.
 */
export function rowById<T extends ObjectLiteral & { id: string }>(ctx: SubgraphContext, entity: Entity<T>, id: string, em?: EntityManager): Promise<T | null> {
  return ctx.loaders
    .get<string, T | null>(`rowById:${entity.name}`, async (ids) =>
      byKey(ids, await (em ?? ctx.db.manager).findBy(entity, { id: In([...ids]) } as unknown as FindOptionsWhere<T>), (r) => r.id))
    .load(id);
}

/** The rows of one parent (all of them, in `order`), batched across parents by the request's DataLoader. */
export function rowsOf<T extends ObjectLiteral>(
  ctx: SubgraphContext,
  entity: Entity<T>,
  parentKey: keyof T & string,
  parentId: string,
  order: FindOptionsOrder<T>,
): Promise<T[]> {
  return ctx.loaders
    .get<string, T[]>(`rowsOf:${entity.name}.${parentKey}:${JSON.stringify(order)}`, async (ids) =>
      groupByKey(ids, await ctx.db.manager.find(entity, { where: { [parentKey]: In([...ids]) } as FindOptionsWhere<T>, order }), (r) => String(r[parentKey])))
    .load(parentId);
}

/** A number per parent from one GROUP BY per request; parents without rows get 0. */
export function countPerParent(
  ctx: SubgraphContext,
  name: string,
  parentId: string,
  query: (parents: string[]) => Promise<{ parent: unknown; n: unknown }[]>,
): Promise<number> {
  return ctx.loaders
    .get<string, number>(`countPerParent:${name}`, async (parents) => {
      const map = new Map((await query([...parents])).map((r) => [String(r.parent), Number(r.n)]));
      return parents.map((p) => map.get(p) ?? 0);
    })
    .load(parentId);
}

export interface PerParentPageSpec<T extends ObjectLiteral> {
  /** Names the batch; with `argsKey`, parents asked for with the same arguments share one statement. */
  name: string;
  entity: Entity<T>;
  alias: string;
  /** SQL column of the parent id, e.g. "f.branchId". */
  parentColumn: string;
  parentOf: (row: T) => string;
  /** The rows of every parent: visibility and filters applied, no order or limit. */
  base: () => SelectQueryBuilder<T>;
  keys: SortKey[];
  cursor: unknown[] | null;
  first: number;
  /** The arguments that shape a page (filter, first, after, order, …). */
  argsKey: unknown[];
  /** The arguments that shape the count (default: argsKey). */
  countKey?: unknown[];
}

/**
 * One page per parent for many parents at once: the pages of every parent
 * asked for with the same arguments come from one statement (ROW_NUMBER()
 * per parent) and their totalCounts from one GROUP BY, so a to-many field
 * costs the same number of statements whatever the number of parents.
 */
export async function pagePerParent<T extends ObjectLiteral & { id: string }>(
  ctx: SubgraphContext,
  spec: PerParentPageSpec<T>,
  parentId: string,
): Promise<{ rows: T[]; count: () => Promise<number> }> {
  const { alias, parentColumn, keys, cursor, first } = spec;
  const pages = ctx.loaders.get<string, T[]>(`page:${spec.name}:${JSON.stringify(spec.argsKey)}`, async (parents) => {
    const inner = applyKeyset(spec.base(), keys, cursor, first + 1).andWhere(`${parentColumn} IN (:...pageParents)`, { pageParents: [...parents] });
    const orderSql = keys.map((k) => `${k.expr} ${k.direction}`).join(', ');
    inner.orderBy().limit(undefined).select(`${alias}.id`, 'pageId').addSelect(`ROW_NUMBER() OVER (PARTITION BY ${parentColumn} ORDER BY ${orderSql})`, 'pageRow');
    const outer = ctx.db.manager.createQueryBuilder(spec.entity, alias)
      .innerJoin(`(${inner.getQuery()})`, 'w', `w.pageId = ${alias}.id`)
      .where('w.pageRow <= :pageLimit')
      .setParameters({ ...inner.getParameters(), pageLimit: first + 1 });
    keys.forEach((k, i) => (i === 0 ? outer.orderBy(k.expr, k.direction) : outer.addOrderBy(k.expr, k.direction)));
    return groupByKey(parents, await outer.getMany(), spec.parentOf);
  });
  const count = () => countPerParent(ctx, `${spec.name}:${JSON.stringify(spec.countKey ?? spec.argsKey)}`, parentId, (parents) =>
    spec.base().andWhere(`${parentColumn} IN (:...countParents)`, { countParents: parents })
      .select(parentColumn, 'parent').addSelect('COUNT(*)', 'n').groupBy(parentColumn)
      .getRawMany<{ parent: unknown; n: unknown }>());
  return { rows: await pages.load(parentId), count };
}
