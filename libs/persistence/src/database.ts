/**
 * One DataSource per subgraph: an embedded SQLite file by default, or its own
 * MySQL/MariaDB database when DATABASE_URL says so. UTC everywhere;
 * migrations, never `synchronize` (except in throwaway test databases).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { isPlainRead, SqliteReaders } from './sqlite-readers';
import { DataSource, type EntityManager, type EntitySchema, type Logger as OrmLogger, type MixedList, QueryFailedError, QueryResult } from 'typeorm';

export type Dialect = 'sqlite' | 'mysql';

export interface DatabaseOptions {
  /** Subgraph name: the SQLite file's and the MySQL database's name. */
  service: string;
  /** Absent: SQLite under dataDir. `mysql://user:pass@host:port/prefix`: database `<prefix>_<service>`. `sqlite::memory:` for tests. */
  databaseUrl?: string;
  dataDir?: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Called with each SQL statement's text (never its parameters, which may hold personal data). */
  onQuery?: (sql: string) => void;
  /**
   * MySQL/MariaDB: the longest one statement may run, in ms (0 or absent: no
   * limit). Set on every pool connection: `max_statement_time` on MariaDB,
   * `MAX_EXECUTION_TIME` (reads) on MySQL. SQLite has no interrupt; see
   * `yieldEveryMs`.
   */
  statementTimeoutMs?: number;
  /**
   * SQLite (synchronous, on the event loop): before a statement, give the
   * event loop a turn when this many ms have passed since the last one, so
   * that health checks and small requests are served between the statements
   * of a heavy request. Default 10.
   */
  yieldEveryMs?: number;
  /**
   * SQLite file databases: worker threads with read-only connections that
   * answer SELECTs outside transactions, so that no read holds the event
   * loop (see sqlite-readers.ts). 0: every statement on the main thread.
   * In-memory databases always use the main thread. Default 0.
   */
  readWorkers?: number;
}

/** MariaDB's ER_STATEMENT_TIMEOUT and MySQL's ER_QUERY_TIMEOUT: the statement ran past the statement timeout and was killed. */
export function isStatementTimeout(err: unknown): boolean {
  const e = err instanceof QueryFailedError ? (err.driverError as { code?: string; errno?: number }) : (err as { code?: string; errno?: number } | null);
  if (!e || typeof e !== 'object') return false;
  return e.errno === 1969 || e.errno === 3024 || e.code === 'ER_STATEMENT_TIMEOUT' || e.code === 'ER_QUERY_TIMEOUT';
}

/** The statement that sets the session's statement timeout on this server (MariaDB or MySQL). */
export function statementTimeoutSql(version: string, ms: number): string {
  return /mariadb/i.test(version)
    ? `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}`
    : `SET SESSION MAX_EXECUTION_TIME = ${Math.round(ms)}`;
}

/** Where each statement goes: counted (for tests and metrics) and handed to onQuery. */
class CountingLogger implements OrmLogger {
  count = 0;
  constructor(private readonly onQuery?: (sql: string) => void) {}
  logQuery(query: string) {
    this.count++;
    this.onQuery?.(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Parses a mysql:// URL and names the service's database `<prefix>_<service>`. */
export function mysqlTarget(url: string, service: string): MysqlTarget {
  const u = new URL(url);
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') throw new Error(`DATABASE_URL must start with mysql:// (got ${u.protocol}//)`);
  const prefix = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'ceg';
  const database = `${prefix}_${service}`.replace(/[^A-Za-z0-9_]/g, '_');
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
  };
}

async function createMysqlDatabaseIfMissing(t: MysqlTarget): Promise<void> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${t.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

export async function dropMysqlDatabase(url: string, service: string): Promise<void> {
  const t = mysqlTarget(url, service);
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${t.database}\``);
  } finally {
    await conn.end();
  }
}

export class Database {
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ds: DataSource,
    readonly dialect: Dialect,
    private readonly logger: CountingLogger,
    private readonly readers?: SqliteReaders,
  ) {}

  /** Statements sent so far (tests use the difference to prove batching). */
  get queryCount(): number {
    return this.logger.count;
  }

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /**
   * Runs fn in a transaction. MySQL: a real transaction per call (row locks
   * with `lockForUpdate`). SQLite: one connection, so transactions are
   * queued and the database file's lock does the rest.
   */
  async transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'mysql') return this.ds.transaction(fn);
    const run = this.sqliteQueue.then(() => this.ds.transaction(fn));
    this.sqliteQueue = run.catch(() => undefined);
    return run;
  }

  async ping(): Promise<boolean> {
    try {
      await this.ds.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async migrate(): Promise<string[]> {
    const done = await this.ds.runMigrations({ transaction: this.dialect === 'sqlite' ? 'all' : 'none' });
    return done.map((m) => m.name);
  }

  async close(): Promise<void> {
    await this.readers?.close();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** Opens (and for MySQL creates) the service's database. Does not migrate: call `migrate()`. */
export async function openDatabase(opts: DatabaseOptions & { synchronize?: boolean }): Promise<Database> {
  const logger = new CountingLogger(opts.onQuery);
  const url = opts.databaseUrl;
  let ds: DataSource;
  let dialect: Dialect;
  if (url && /^(mysql|mariadb):/.test(url)) {
    const t = mysqlTarget(url, opts.service);
    await createMysqlDatabaseIfMissing(t);
    dialect = 'mysql';
    ds = new DataSource({
      type: 'mysql',
      host: t.host,
      port: t.port,
      username: t.user,
      password: t.password,
      database: t.database,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      supportBigNumbers: true,
      bigNumberStrings: false,
      entities: opts.entities,
      migrations: opts.migrations,
      synchronize: opts.synchronize ?? false,
      logging: ['query'],
      logger,
      extra: { connectionLimit: 10, enableKeepAlive: true },
    });
  } else {
    let file: string;
    if (url === 'sqlite::memory:') file = ':memory:';
    else if (url?.startsWith('sqlite:')) file = resolve(url.slice('sqlite:'.length).replace(/^\/\//, ''));
    else if (url) throw new Error('DATABASE_URL must be mysql://… (or absent for embedded SQLite)');
    else {
      const dir = resolve(opts.dataDir ?? 'data');
      mkdirSync(dir, { recursive: true });
      file = resolve(dir, `${opts.service}.sqlite`);
    }
    dialect = 'sqlite';
    ds = new DataSource({
      type: 'better-sqlite3',
      database: file,
      entities: opts.entities,
      migrations: opts.migrations,
      synchronize: opts.synchronize ?? false,
      logging: ['query'],
      logger,
      enableWAL: file !== ':memory:',
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  await ds.initialize();
  if (dialect === 'mysql' && opts.statementTimeoutMs) await applyStatementTimeout(ds, opts.statementTimeoutMs);
  let readers: SqliteReaders | undefined;
  if (dialect === 'sqlite' && opts.readWorkers && ds.options.database !== ':memory:') readers = new SqliteReaders(String(ds.options.database), opts.readWorkers);
  if (dialect === 'sqlite') yieldBetweenStatements(ds, opts.yieldEveryMs ?? 10, logger, readers);
  return new Database(ds, dialect, logger, readers);
}

interface PoolLike {
  on(event: 'connection', listener: (conn: { query(sql: string, cb?: (err: unknown) => void): unknown }) => void): void;
}

/**
 * Every connection of the pool gets the session's statement timeout: new
 * ones when the pool opens them, and the one TypeORM opened to check the
 * credentials (the only one in the pool so far) right now.
 */
async function applyStatementTimeout(ds: DataSource, ms: number): Promise<void> {
  const [{ v }] = (await ds.query('SELECT VERSION() AS v')) as { v: string }[];
  const sql = statementTimeoutSql(v, ms);
  const pool = (ds.driver as unknown as { pool: PoolLike }).pool;
  pool.on('connection', (conn) => conn.query(sql, () => undefined));
  await ds.query(sql);
}

/**
 * better-sqlite3 runs each statement synchronously on the event loop and
 * cannot be interrupted. The bounds keep each statement short (ranges,
 * group caps, page sizes); this keeps many of them in a row from holding the
 * loop: the query runner (one for the whole SQLite DataSource) waits for the
 * next turn of the event loop when `everyMs` have passed since the last.
 */
function yieldBetweenStatements(ds: DataSource, everyMs: number, logger: CountingLogger, readers?: SqliteReaders): void {
  const runner = ds.driver.createQueryRunner('master') as {
    query: (sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;
    isTransactionActive: boolean;
  };
  const query = runner.query.bind(runner);
  let last = performance.now();
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = (sql: string, params: unknown[] = [], structured = false) => {
    if (readers && !runner.isTransactionActive && isPlainRead(sql)) {
      const bound = params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
      logger.logQuery(sql);
      return readers.all(sql, bound).then(
        (rows) => (structured ? Object.assign(new QueryResult(), { raw: rows, records: rows }) : rows),
        (err: Error) => {
          throw new QueryFailedError(sql, bound, err);
        },
      );
    }
    // One statement per turn: immediates queued together would otherwise all run in one phase of the loop.
    const run = tail.then(async () => {
      // Never inside a transaction: another request's statements would join it on the one connection.
      if (!runner.isTransactionActive && performance.now() - last >= everyMs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        last = performance.now();
      }
      return query(sql, params, structured);
    });
    tail = run.catch(() => undefined);
    return run;
  };
}

/** True when err is a unique-constraint violation (on either dialect). */
export function isUniqueViolation(err: unknown): boolean {
  const driver = err instanceof QueryFailedError ? (err.driverError as { code?: string; errno?: number }) : (err as { code?: string; errno?: number });
  if (!driver) return false;
  return driver.code === 'ER_DUP_ENTRY' || driver.errno === 1062 || driver.code === 'SQLITE_CONSTRAINT_UNIQUE' || driver.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
