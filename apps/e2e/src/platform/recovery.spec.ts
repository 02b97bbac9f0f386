import { testDatabase, type TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

/**
 * MySQL/MariaDB: when the server drops the subgraph's connections, the
 * subgraph recovers by itself (no restart). Runs in the MariaDB pass of
 * `npm test`; SQLite has no connections to lose.
 */
const onMysql = testDatabase().dialect === 'mysql';
(onMysql ? describe : describe.skip)('database connections lost', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  test('the subgraph answers again without a restart', async () => {
    expect((await graph.data('{ consortia { code } }')).consortia).toHaveLength(1);
    const db = graph.subgraph('libraries').db;
    const [{ name }] = await db.manager.query('SELECT DATABASE() AS name');
    const ids: { id: number }[] = await db.manager.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [name]);
    const own: { id: number }[] = await db.manager.query('SELECT CONNECTION_ID() AS id');
    for (const { id } of [...ids, ...own]) await db.manager.query(`KILL ${Number(id)}`).catch(() => undefined);
    let answered = false;
    for (let i = 0; i < 20 && !answered; i++) {
      const res = await graph.query('{ consortia { code } }');
      answered = (res.body.data as any)?.consortia?.length === 1;
      if (!answered) await new Promise((r) => setTimeout(r, 250));
    }
    expect(answered).toBe(true);
    expect((await fetch(graph.subgraph('libraries').url.replace('/graphql', '/ready'))).status).toBe(200);
  });
});
