import 'reflect-metadata';
import { QueryFailedError } from 'typeorm';
import { openDatabase, type Database } from './database';
import { isRetryableTransactionError } from './dialect';
import { retryingTransaction } from './transaction';

const driverFailure = (driverError: Record<string, unknown>) => new QueryFailedError('UPDATE x', [], Object.assign(new Error('driver'), driverError));

describe('which transaction errors are safe to retry, per dialect', () => {
  test('MySQL/MariaDB: deadlock victim (1213) and lock wait timeout (1205)', () => {
    expect(isRetryableTransactionError('mysql', driverFailure({ errno: 1213, code: 'ER_LOCK_DEADLOCK' }))).toBe(true);
    expect(isRetryableTransactionError('mysql', driverFailure({ errno: 1205, code: 'ER_LOCK_WAIT_TIMEOUT' }))).toBe(true);
    expect(isRetryableTransactionError('mysql', { errno: 1213 })).toBe(true);
    expect(isRetryableTransactionError('mysql', driverFailure({ errno: 1062, code: 'ER_DUP_ENTRY' }))).toBe(false);
    expect(isRetryableTransactionError('mysql', new Error('boom'))).toBe(false);
  });

  test('SQLite: a busy database', () => {
    expect(isRetryableTransactionError('sqlite', driverFailure({ code: 'SQLITE_BUSY' }))).toBe(true);
    expect(isRetryableTransactionError('sqlite', driverFailure({ code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
    expect(isRetryableTransactionError('sqlite', driverFailure({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
    expect(isRetryableTransactionError('sqlite', driverFailure({ errno: 1213 }))).toBe(false);
  });
});

describe('retryingTransaction', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ service: 'unit', databaseUrl: 'sqlite::memory:', entities: [], migrations: [] });
  });
  afterAll(() => db.close());

  test('runs again after a retryable error, and tells about each retry', async () => {
    let runs = 0;
    const retries: number[] = [];
    const result = await retryingTransaction(db, async () => {
      runs++;
      if (runs < 3) throw driverFailure({ code: 'SQLITE_BUSY' });
      return 'done';
    }, { onRetry: (attempt) => retries.push(attempt) });
    expect(result).toBe('done');
    expect(runs).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  test('gives up after the last attempt, and never retries other errors', async () => {
    let runs = 0;
    await expect(retryingTransaction(db, async () => {
      runs++;
      throw driverFailure({ code: 'SQLITE_BUSY' });
    }, { attempts: 2 })).rejects.toThrow(QueryFailedError);
    expect(runs).toBe(2);
    runs = 0;
    await expect(retryingTransaction(db, async () => {
      runs++;
      throw new Error('not a lock problem');
    })).rejects.toThrow('not a lock problem');
    expect(runs).toBe(1);
  });
});
