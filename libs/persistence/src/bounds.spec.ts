import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, dropMysqlDatabase, isStatementTimeout, openDatabase, statementTimeoutSql } from './index';

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

describe('SQLite file database with reader threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ceg-readers-'));
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ service: 'readers', databaseUrl: `sqlite:${join(dir, 'r.sqlite')}`, entities: [], migrations: [], readWorkers: 2 });
    await db.manager.query('CREATE TABLE t (n INTEGER, label TEXT)');
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a read after a write sees it; parameters, booleans and structured results work; statements are counted', async () => {
    const before = db.queryCount;
    await db.manager.query('INSERT INTO t (n, label) VALUES (?, ?)', [1, 'one']);
    expect(await db.manager.query('SELECT n, label FROM t WHERE n = ? AND 1 = ?', [1, true])).toEqual([{ n: 1, label: 'one' }]);
    expect(await db.manager.createQueryBuilder().select('t.label', 'label').from('t', 't').where('t.n = :n', { n: 1 }).getRawMany()).toEqual([{ label: 'one' }]);
    expect(db.queryCount - before).toBe(3);
  });

  test('a long read runs off the event loop: timers keep firing while it runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    // A recursive CTE that counts to 3 million: hundreds of ms of SQLite work.
    const [{ c }] = await db.manager.query('WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000000) SELECT COUNT(*) AS c FROM s');
    const ms = Date.now() - started;
    clearInterval(timer);
    expect(c).toBe(3_000_000);
    expect(ms).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 5 / 3));
  });

  test('inside a transaction, reads stay on the main connection and see its own writes', async () => {
    const seen = await db.transaction(async (em) => {
      await em.query('INSERT INTO t (n, label) VALUES (?, ?)', [2, 'two']);
      return em.query('SELECT COUNT(*) AS c FROM t WHERE n = 2');
    });
    expect(seen).toEqual([{ c: 1 }]);
  });

  test('an SQL error from a reader is a QueryFailedError like any other', async () => {
    await expect(db.manager.query('SELECT nope FROM t')).rejects.toThrow(/no such column/);
  });
});
