import type { TestGraph } from '@ceg/testing';

/**
 * The number of rows in every table of every subgraph's database (migration
 * bookkeeping left out): what "nothing was written" is checked against.
 */
export async function rowCounts(graph: TestGraph): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, server] of graph.subgraphs) {
    const db = server.db;
    const tables: string[] =
      db.dialect === 'sqlite'
        ? (await db.manager.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r: { name: string }) => r.name)
        : (await db.manager.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')).map((r: { name: string }) => r.name);
    for (const table of tables.filter((t) => !/^(migrations|typeorm_metadata)$/.test(t)).sort()) {
      const q = db.dialect === 'sqlite' ? `SELECT COUNT(*) AS n FROM "${table}"` : `SELECT COUNT(*) AS n FROM \`${table}\``;
      const [{ n }] = await db.manager.query(q);
      out[`${name}.${table}`] = Number(n);
    }
  }
  return out;
}

/** The tables whose counts differ between two snapshots. */
export function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
}
