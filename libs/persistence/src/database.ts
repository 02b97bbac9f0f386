/**
 * One DataSource per subgraph: an embedded SQLite file by default, or its own
 * MySQL/MariaDB database when DATABASE_URL says so. UTC everywhere;
 * migrations, never `synchronize` (except in throwaway test databases).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type EntityManager, type EntitySchema, type Logger as OrmLogger, type MixedList, QueryFailedError } from 'typeorm';

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
  return new Database(ds, dialect, logger);
}

/** True when err is a unique-constraint violation (on either dialect). */
export function isUniqueViolation(err: unknown): boolean {
  const driver = err instanceof QueryFailedError ? (err.driverError as { code?: string; errno?: number }) : (err as { code?: string; errno?: number });
  if (!driver) return false;
  return driver.code === 'ER_DUP_ENTRY' || driver.errno === 1062 || driver.code === 'SQLITE_CONSTRAINT_UNIQUE' || driver.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
