import { rmSync } from 'node:fs';
import { dropMysqlDatabase, openDatabase } from '@ceg/persistence';
import { testDatabase } from '@ceg/testing';
import { ALL_SUBGRAPHS } from '../graph';

jest.setTimeout(300_000);

/** The search migration on a database that already holds items (npm start on an existing ./data, a production upgrade). */
it('backfills searchText and builds the index for the items already stored', async () => {
  const def = ALL_SUBGRAPHS.feedback;
  const migrations = def.migrations as (new () => { name: string })[];
  const target = testDatabase();
  const url = target.dialect === 'mysql' ? target.url(`ceg_backfill_${Date.now()}`) : undefined;
  const dir = `/tmp/ceg-backfill-${process.pid}-${Date.now()}`;
  // Every migration before the search's; the search's and those after it run on the stored item.
  const at = migrations.findIndex((m) => new m().name === 'Search1796457600000');
  const before = await openDatabase({ service: 'feedback', databaseUrl: url, dataDir: dir, entities: def.entities as never, migrations: migrations.slice(0, at) as never });
  await before.migrate();
  await before.ds.query(`INSERT INTO feedback (id, branchId, channel, category, subject, body, rating, language, sentiment, status, isPublic, voteCount, tags, submittedAt, rateKey, moderationState, screenFlags)
    VALUES ('11111111-1111-4111-8111-111111111111', 'b', 'EMAIL', 'OTHER', 'Wi-Fi el sábado', 'No funciona', NULL, 'es', 'NEUTRAL', 'RECEIVED', 1, 0, '["tv"]', '2026-01-01 00:00:00.000', 'x', 'PUBLISHED', '')`);
  await before.close();
  const after = await openDatabase({ service: 'feedback', databaseUrl: url, dataDir: dir, entities: def.entities as never, migrations: migrations as never });
  expect(await after.migrate()).toEqual(migrations.slice(at).map((m) => new m().name));
  const rows = await after.ds.query('SELECT searchText FROM feedback');
  expect(rows[0].searchText).toBe('wi_ fi_ wifi el_ sabado no_ funciona tv_');
  const hit = target.dialect === 'mysql'
    ? await after.ds.query("SELECT id FROM feedback WHERE MATCH(searchText) AGAINST ('+sabado*' IN BOOLEAN MODE)")
    : await after.ds.query("SELECT id FROM feedback_fts WHERE feedback_fts MATCH 'sabado*'");
  expect(hit).toHaveLength(1);
  await after.close();
  if (url) await dropMysqlDatabase(url, 'feedback');
  rmSync(dir, { recursive: true, force: true });
});
