import DataLoader from 'dataloader';
import type { Viewer } from '@ceg/auth';
import type { SubgraphSettings } from '@ceg/config';
import type { Database } from '@ceg/persistence';
import type { SubgraphLimits } from '@ceg/config';
import type { RequestWork } from './bounds';
import type { Directory } from './directory-client';
import type { Logger } from './logger';

/** What every resolver gets: who asks, the request id, the database, and per-request DataLoaders. */
export interface SubgraphContext {
  viewer: Viewer;
  requestId: string;
  db: Database;
  log: Logger;
  loaders: LoaderCache;
  /** The end client's address as the gateway saw it (for per-client limits on anonymous callers). */
  clientAddress: string;
  /** What one request may use (aggregate group caps); set by the server. */
  limits?: Pick<SubgraphLimits, 'maxGroups' | 'maxGroupsPerRequest'>;
  /** What this request has used so far. */
  work?: RequestWork;
  /** The domain rules' settings (PRIVACY_MIN_CELL, …), read once when the subgraph started. */
  settings: SubgraphSettings;
  /** The caller's Authorization header as received (verified), forwarded when this subgraph asks another about the caller's view. */
  authorization?: string;
  /** Asks the owning subgraphs whether a referenced branch or program exists and is visible to the caller. */
  directory: Directory;
  /** A key for signed links (e.g. calendar feeds) of one purpose, derived from SUBGRAPH_SECRET: HMAC-SHA256(secret, purpose). */
  linkKey?: (purpose: string) => Buffer;
}

/** DataLoaders live for one request: batching and caching never cross viewers. */
export class LoaderCache {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>, options?: DataLoader.Options<K, V, string>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, string>(batch, { maxBatchSize: 500, cacheKeyFn: (k) => (typeof k === 'string' ? k : JSON.stringify(k)), ...options });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders batch results by key: one value (or null) per key. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups batch results by key: one list per key. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
