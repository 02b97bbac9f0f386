import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '@ceg/persistence';

/** Prometheus metrics of one process (a registry per server, so tests can run several in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly operations: Counter<'type' | 'outcome'>;
  readonly operationDuration: Histogram<'type'>;
  readonly bulkheadRefusals: Counter<'kind'>;

  constructor(service: string, defaults = true) {
    this.registry.setDefaultLabels({ service });
    if (defaults) collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.operations = new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations by type and outcome (ok, error)',
      labelNames: ['type', 'outcome'],
      registers: [this.registry],
    });
    this.operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operation execution time',
      labelNames: ['type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.bulkheadRefusals = new Counter({
      name: 'bulkhead_refusals_total',
      help: 'GraphQL requests refused because the bulkhead was full (kind: all, heavy; queued: a write that waited its longest for a slot)',
      labelNames: ['kind'],
      registers: [this.registry],
    });
  }
}

interface MysqlPoolInternals {
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/**
 * Database pool use of a subgraph: connections open, in use and idle, callers
 * waiting for one, and the pool's size. MySQL/MariaDB: read from mysql2's pool
 * when scraped; embedded SQLite: one connection.
 */
export function databasePoolMetrics(metrics: Metrics, db: Database): void {
  const pool = () => (db.ds.driver as unknown as { pool?: MysqlPoolInternals }).pool;
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections by state (open, in_use, idle, waiting callers) and the pool size (max)',
    labelNames: ['dialect', 'state'],
    registers: [metrics.registry],
    collect() {
      this.reset();
      if (db.dialect === 'sqlite') {
        for (const state of ['open', 'max']) this.set({ dialect: 'sqlite', state }, db.ds.isInitialized ? 1 : 0);
        return;
      }
      const p = pool();
      const open = p?._allConnections?.length ?? 0;
      const idle = p?._freeConnections?.length ?? 0;
      this.set({ dialect: db.dialect, state: 'open' }, open);
      this.set({ dialect: db.dialect, state: 'idle' }, idle);
      this.set({ dialect: db.dialect, state: 'in_use' }, open - idle);
      this.set({ dialect: db.dialect, state: 'waiting' }, p?._connectionQueue?.length ?? 0);
      this.set({ dialect: db.dialect, state: 'max' }, p?.config?.connectionLimit ?? 0);
    },
  });
  // SQL statements sent since start (the benchmark divides its difference by the requests it sent).
  let counted = 0;
  new Counter({
    name: 'db_statements_total',
    help: 'SQL statements sent to the database since the process started',
    labelNames: ['dialect'],
    registers: [metrics.registry],
    collect() {
      const now = db.queryCount;
      this.inc({ dialect: db.dialect }, now - counted);
      counted = now;
    },
  });
}
