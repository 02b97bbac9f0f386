import type { EntityManager } from 'typeorm';
import type { Database } from './database';
import { isRetryableTransactionError } from './dialect';

export interface RetryOptions {
  /** Runs in all, the first included (default 3). */
  attempts?: number;
  /** Told about each retry, e.g. to log it. */
  onRetry?: (attempt: number, err: unknown) => void;
}

/**
 * A transaction that takes row locks and may be chosen as a deadlock victim
 * or time out waiting for a lock (see `isRetryableTransactionError`): the
 * database has then rolled it back, so it runs again, up to `attempts` times
 * in all. Any other error, or the last one, is thrown.
 */
export async function retryingTransaction<T>(db: Database, fn: (em: EntityManager) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (e) {
      if (attempt >= attempts || !isRetryableTransactionError(db.dialect, e)) throw e;
      opts.onRetry?.(attempt, e);
    }
  }
}
