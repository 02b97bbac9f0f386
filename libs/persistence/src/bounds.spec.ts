import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { dropMysqlDatabase, isStatementTimeout, openDatabase, statementTimeoutSql } from './index';

test('the statement-timeout statement fits the server: max_statement_time (seconds) on MariaDB, MAX_EXECUTION_TIME (ms) on MySQL', () => {
  expect(statementTimeoutSql('10.11.6-MariaDB-0+deb12u1', 2500)).toBe('SET SESSION max_statement_time = 2.500');
  expect(statementTimeoutSql('8.0.36', 2500)).toBe('SET SESSION MAX_EXECUTION_TIME = 2500');
});

test('SQLite: between the statements of one request, other work gets the event loop (a timer fires between 200 statements)', async () => {
  const db = await openDatabase({ service: 'unit', databaseUrl: 'sqlite::memory:', entities: [], migrations: [], yieldEveryMs: 0 });
  try {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    for (let i = 0; i < 200; i++) await db.manager.query('SELECT 1');
    clearInterval(timer);
    // Without the yield the whole loop runs in microtasks and the interval never fires.
    expect(ticks).toBeGreaterThan(5);
  } finally {
    await db.close();
  }
});

test('SQLite: statements of a transaction are not interleaved by the yield (it waits outside transactions only)', async () => {
  const db = await openDatabase({ service: 'unit', databaseUrl: 'sqlite::memory:', entities: [], migrations: [], yieldEveryMs: 0 });
  try {
    await db.manager.query('CREATE TABLE t (n INTEGER)');
    const tx = db.transaction(async (em) => {
      await em.query('INSERT INTO t VALUES (1)');
      await em.query('INSERT INTO t VALUES (2)');
      throw new Error('roll back');
    });
    await expect(tx).rejects.toThrow('roll back');
    expect(await db.manager.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 0 }]);
  } finally {
    await db.close();
  }
});

const mysqlUrl = process.env.TEST_DATABASE_URL;
(mysqlUrl ? describe : describe.skip)('MySQL/MariaDB statement timeout', () => {
  const url = `${(mysqlUrl ?? '').replace(/\/$/, '')}/ceg_unit_${randomBytes(3).toString('hex')}`;
  afterAll(() => dropMysqlDatabase(url, 'unit'));

  test('every pool connection gets the timeout, and a statement past it is killed with an error recognised as a statement timeout', async () => {
    const db = await openDatabase({ service: 'unit', databaseUrl: url, entities: [], migrations: [], statementTimeoutMs: 300 });
    try {
      const [{ v }] = await db.manager.query('SELECT VERSION() AS v');
      const variable = /mariadb/i.test(v) ? '@@max_statement_time' : '@@max_execution_time';
      // Several at once: the pool opens new connections, and each one must carry the timeout.
      const values = await Promise.all(Array.from({ length: 6 }, () => db.ds.query(`SELECT ${variable} AS t, SLEEP(0.05) AS s`)));
      for (const [row] of values) expect(Number(row.t)).toBeCloseTo(/mariadb/i.test(v) ? 0.3 : 300);
      // A statement that runs long (a cross join of a generated sequence) is stopped by the server.
      const started = Date.now();
      const heavy = db.ds.query('SELECT COUNT(*) AS n FROM information_schema.columns a, information_schema.columns b, information_schema.columns c');
      const err = await heavy.then(() => null, (e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(err).not.toBeNull();
      expect(isStatementTimeout(err)).toBe(true);
    } finally {
      await db.close();
    }
  }, 30_000);
});
