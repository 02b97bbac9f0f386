/**
 * Reads of an SQLite file database on worker threads. better-sqlite3 runs a
 * statement synchronously and SQLite cannot be interrupted from JavaScript,
 * so a heavy aggregate on the main thread would hold the event loop (and
 * with it /health and every other request) for as long as it runs. In WAL
 * mode other connections may read while the main connection writes: each
 * worker keeps its own read-only connection to the same file and answers
 * SELECTs that run outside a transaction. Writes and everything inside a
 * transaction stay on the main connection, so locking and read-your-writes
 * are unchanged (a worker sees every committed write).
 */
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', ({ id, sql, params }) => {
  try {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (statements.size >= 500) statements.clear();
      statements.set(sql, stmt);
    }
    if (!stmt.reader) throw Object.assign(new Error('not a read'), { code: 'NOT_A_READ' });
    parentPort.postMessage({ id, rows: stmt.all(...params) });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: e.message, code: e.code } });
  }
});
`;

interface Pending {
  resolve: (rows: unknown[]) => void;
  reject: (err: Error & { code?: string }) => void;
}

class Reader {
  readonly pending = new Map<number, Pending>();
  private readonly worker: Worker;
  private next = 0;
  constructor(file: string) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { file, module: require.resolve('better-sqlite3') } });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.rows ?? []);
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', () => this.failAll(new Error('SQLite reader stopped')));
  }
  all(sql: string, params: unknown[]): Promise<unknown[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql, params });
    });
  }
  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** A few readers; each read goes to the one with the fewest statements waiting. */
export class SqliteReaders {
  private readonly readers: Reader[];
  constructor(file: string, count: number) {
    this.readers = Array.from({ length: count }, () => new Reader(file));
  }
  all(sql: string, params: unknown[]): Promise<unknown[]> {
    const reader = this.readers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return reader.all(sql, params);
  }
  /** Stops the readers (not awaited: a worker's termination must not hold up a shutdown). */
  async close(): Promise<void> {
    for (const r of this.readers) void r.terminate().catch(() => undefined);
  }
}

/** A statement a reader may answer: one SELECT (or WITH … SELECT), nothing that writes. */
export function isPlainRead(sql: string): boolean {
  return /^\s*(SELECT|WITH)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql.replace(/'(?:[^']|'')*'/g, "''"));
}
