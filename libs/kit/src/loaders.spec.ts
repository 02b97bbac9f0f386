import 'reflect-metadata';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ANONYMOUS } from '@ceg/auth';
import { subgraphSettings } from '@ceg/config';
import { type Database, openDatabase } from '@ceg/persistence';
import { LoaderCache, type SubgraphContext } from './context';
import { staticDirectory } from './directory-client';
import { pagePerParent, rowById, rowsOf } from './loaders';
import { createLogger } from './logger';

@Entity('item')
class ItemRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) parentId: string;
  @Column({ type: 'int' }) rank: number;
}

describe('batched loaders and per-parent pages', () => {
  let db: Database;
  const ctx = (): SubgraphContext => ({
    viewer: ANONYMOUS, requestId: 'r', db, log: createLogger('unit', 'silent'), loaders: new LoaderCache(), clientAddress: 'x', settings: subgraphSettings({}), directory: staticDirectory(),
  });
  beforeAll(async () => {
    db = await openDatabase({ service: 'unit', databaseUrl: 'sqlite::memory:', entities: [ItemRow], migrations: [] });
    await db.ds.synchronize();
    const rows = ['p1', 'p2', 'p3'].flatMap((p, pi) => Array.from({ length: 3 + pi }, (_, i) => Object.assign(new ItemRow(), { id: `${p}-${i}`, parentId: p, rank: 10 - i })));
    await db.manager.insert(ItemRow, rows);
  });
  afterAll(() => db.close());

  test('rows by id and rows of a parent: one statement for many keys', async () => {
    const c = ctx();
    const before = db.queryCount;
    const [a, b, none] = await Promise.all([rowById(c, ItemRow, 'p1-0'), rowById(c, ItemRow, 'p2-1'), rowById(c, ItemRow, 'nope')]);
    expect([a?.parentId, b?.parentId, none]).toEqual(['p1', 'p2', null]);
    const [of1, of3] = await Promise.all([rowsOf(c, ItemRow, 'parentId', 'p1', { rank: 'ASC' }), rowsOf(c, ItemRow, 'parentId', 'p3', { rank: 'ASC' })]);
    expect(of1.map((r) => r.rank)).toEqual([8, 9, 10]);
    expect(of3).toHaveLength(5);
    expect(db.queryCount - before).toBe(2);
  });

  test('one page per parent from one statement, counts from one GROUP BY, after a cursor too', async () => {
    const c = ctx();
    const spec = (cursor: unknown[] | null) => ({
      name: 'items', entity: ItemRow, alias: 'i', parentColumn: 'i.parentId', parentOf: (r: ItemRow) => r.parentId,
      base: () => db.manager.createQueryBuilder(ItemRow, 'i'),
      keys: [{ expr: 'i.rank', direction: 'ASC' as const }, { expr: 'i.id', direction: 'ASC' as const }],
      cursor, first: 2, argsKey: [cursor],
    });
    const before = db.queryCount;
    const pages = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((p) => pagePerParent(c, spec(null), p)));
    expect(pages.map((p) => p.rows.map((r) => r.rank))).toEqual([[8, 9, 10], [7, 8, 9], [6, 7, 8], []]);
    expect(await Promise.all(pages.map((p) => p.count()))).toEqual([3, 4, 5, 0]);
    expect(db.queryCount - before).toBe(2);
    const next = await pagePerParent(c, spec([8, 'p1-2']), 'p1');
    expect(next.rows.map((r) => r.id)).toEqual(['p1-1', 'p1-0']);
  });
});
