import { randomBytes } from 'node:crypto';
import { COMPOSED_SUBGRAPHS } from '@ceg/config';
import { openSubgraphDatabase } from '@ceg/kit';
import { type Database, dropMysqlDatabase } from '@ceg/persistence';
import { testDatabase } from '@ceg/testing';
import { ALL_SUBGRAPHS } from '../graph';

const TYPE_ALIASES: Record<string, string> = { integer: 'int', boolean: 'tinyint', bool: 'tinyint', 'double precision': 'double', real: 'double' };
const typeOf = (t: string) => TYPE_ALIASES[t.toLowerCase()] ?? t.toLowerCase();
const sameLength = (type: string, length: string | number | undefined) => (/char/.test(type) ? String(length ?? '') : '');

interface TableShape {
  columns: string[];
  indices: string[];
}

/** The tables the entities describe: columns (name, type, length, null, primary key) and indices (columns, unique). */
function entityShapes(db: Database): Record<string, TableShape> {
  const out: Record<string, TableShape> = {};
  for (const meta of db.ds.entityMetadatas) {
    out[meta.tableName] = {
      columns: meta.columns.map((c) => {
        const type = typeOf(db.ds.driver.normalizeType(c));
        return `${c.databaseName} ${type}(${sameLength(type, c.length || db.ds.driver.getColumnLength(c))}) ${c.isNullable ? 'NULL' : 'NOT NULL'}${c.isPrimary ? ' PK' : ''}`;
      }).sort(),
      indices: [
        // SQLite has no FULLTEXT index: its counterpart is an FTS5 virtual table (checked below).
        ...meta.indices.filter((i) => !(i.isFulltext && db.dialect === 'sqlite')).map((i) => `${i.isUnique ? 'UNIQUE ' : ''}(${i.columns.map((c) => c.databaseName).join(', ')})`),
        ...meta.uniques.map((u) => `UNIQUE (${u.columns.map((c) => c.databaseName).join(', ')})`),
        ...meta.columns.filter((c) => c.isPrimary === false && (c as { isUnique?: boolean }).isUnique).map((c) => `UNIQUE (${c.databaseName})`),
      ].sort(),
    };
  }
  return out;
}

/** The tables the migrations built, read back from the database. */
async function databaseShapes(db: Database, names: string[]): Promise<Record<string, TableShape>> {
  const runner = db.ds.createQueryRunner();
  try {
    const tables = await runner.getTables(names);
    const out: Record<string, TableShape> = {};
    for (const t of tables) {
      const name = t.name.split('.').pop()!;
      const fkIndexNames = new Set(t.foreignKeys.map((f) => f.name));
      out[name] = {
        columns: t.columns.map((c) => {
          const type = typeOf(c.type);
          return `${c.name} ${type}(${sameLength(type, c.length)}) ${c.isNullable ? 'NULL' : 'NOT NULL'}${c.isPrimary ? ' PK' : ''}`;
        }).sort(),
        indices: [
          // MySQL backs each foreign key with an index of the same name: the key's, not the entity's.
          ...t.indices.filter((i) => !fkIndexNames.has(i.name) || i.isUnique).map((i) => `${i.isUnique ? 'UNIQUE ' : ''}(${i.columnNames.join(', ')})`),
          ...t.uniques.map((u) => `UNIQUE (${u.columnNames.join(', ')})`),
        ].filter((v, i, all) => all.indexOf(v) === i).sort(),
      };
    }
    return out;
  } finally {
    await runner.release();
  }
}

/**
 * Migration drift: for every subgraph, the migrations build exactly the
 * tables its entities describe — the same tables, columns (type, length,
 * nullability, primary key) and indices — on SQLite and on MySQL/MariaDB.
 * Foreign keys live in the migrations only (the entities declare no
 * relations), so they are not compared.
 */
describe.each(COMPOSED_SUBGRAPHS)('migrations of %s match its entities', (name) => {
  test(`on ${testDatabase().dialect}: the migrated tables are the entities' tables`, async () => {
    const target = testDatabase();
    const url = target.url(`ceg_drift_${randomBytes(4).toString('hex')}`);
    const db = await openSubgraphDatabase(ALL_SUBGRAPHS[name], {}, url);
    try {
      const expected = entityShapes(db);
      const actual = await databaseShapes(db, Object.keys(expected));
      expect(actual).toEqual(expected);
      // Full-text search tables (SQLite FTS5: virtual tables and their shadow tables) are not entities.
      const listed: Record<string, unknown>[] = await db.ds.query(db.dialect === 'mysql' ? 'SHOW TABLES' : "SELECT name FROM pragma_table_list WHERE type = 'table' AND schema = 'main'");
      const all = listed.map((r) => String(Object.values(r)[0])).filter((t) => t !== 'migrations' && !t.startsWith('sqlite_')).sort();
      expect(all).toEqual(Object.keys(expected).sort());
      const fulltext = db.ds.entityMetadatas.flatMap((m) => m.indices.filter((i) => i.isFulltext).map(() => m.tableName));
      if (db.dialect === 'sqlite' && fulltext.length) {
        const virtual: Record<string, unknown>[] = await db.ds.query("SELECT name FROM pragma_table_list WHERE type = 'virtual' AND schema = 'main'");
        expect(virtual.map((r) => String(r.name)).sort()).toEqual(fulltext.map((t) => `${t}_fts`).sort());
      }
    } finally {
      await db.close();
      if (target.dialect === 'mysql') await dropMysqlDatabase(url, name);
    }
  });
});
