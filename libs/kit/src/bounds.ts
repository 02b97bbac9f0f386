/**
 * What one request may use of a subgraph (RULES.md §6): a bulkhead on the
 * GraphQL requests in flight (with fewer slots for aggregates and reports),
 * a cap on the groups aggregates return, and a database statement timeout
 * reported as a limit rather than an internal error.
 */
import type { SubgraphLimits } from '@ceg/config';
import { isStatementTimeout } from '@ceg/persistence';
import type { NextFunction, Request, Response } from 'express';
import { defaultFieldResolver, getNamedType, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema, isListType, isNonNullType, isObjectType } from 'graphql';
import type { Metrics } from './metrics';

/** Root or entity fields whose work grows with the data: aggregates and reports. */
export const HEAVY_FIELD = /\b(?:[A-Za-z_]\w*Aggregate|[A-Za-z_]\w*PeerComparison|participation|representationGaps|plsProgramReport)\b/;

/** Per request: how many aggregate groups it has been given so far, and the aggregates queued one after another. */
export interface RequestWork {
  groups: number;
  /** Set when the request's group budget has run out: later aggregates are refused before they run. */
  exhausted?: boolean;
  /** The aggregates of one request run one at a time (aliases would otherwise all hit the database at once). */
  queue?: Promise<unknown>;
}

/**
 * A slot counter: `tryAcquire` says at once whether a request may start;
 * `acquire` may instead wait in a bounded first-come-first-served queue for
 * a bounded time (a slot that is released goes to the longest waiter).
 */
export class Semaphore {
  inFlight = 0;
  private readonly waiters: { grant: () => void }[] = [];
  constructor(readonly size: number) {}
  tryAcquire(): boolean {
    if (this.inFlight >= this.size || this.waiters.length) return false;
    this.inFlight++;
    return true;
  }
  /** A slot now, or once one is free while at most `maxQueued` wait before this one and within `maxWaitMs`; false if not. */
  acquire(maxQueued: number, maxWaitMs: number): Promise<boolean> | boolean {
    if (this.tryAcquire()) return true;
    if (this.waiters.length >= maxQueued || maxWaitMs <= 0) return false;
    return new Promise<boolean>((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(false);
      }, maxWaitMs);
      timer.unref();
      this.waiters.push(waiter);
    });
  }
  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiters.length;
  }
  release(): void {
    const next = this.inFlight <= this.size ? this.waiters.shift() : undefined;
    if (next) {
      next.grant(); // the slot passes to the waiter: inFlight stays
      return;
    }
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}

/** A request that only writes: the gateway's query planner sends every subgraph operation with its keyword. */
const MUTATION = /^\s*mutation\b/;

/**
 * Express middleware in front of POST /graphql (after the JSON body parser):
 * a request gets a slot or is refused at once with HTTP 503 and
 * `SERVICE_UNAVAILABLE` (plus `Retry-After: 1`), which the gateway reports as
 * this service being unavailable for that part of the answer only. Requests
 * that select an aggregate or a report also need one of the fewer heavy
 * slots. A mutation that is not heavy (a short write) may instead wait for a
 * slot, first come first served, while at most `maxQueuedWrites` wait and
 * for at most `maxQueueWaitMs`; past either it is refused the same way.
 * Reads are never queued. The slot is released when the response has been
 * sent or the client has gone. /health, /ready and /metrics never pass
 * through here.
 */
export function bulkhead(name: string, limits: Pick<SubgraphLimits, 'maxInFlight' | 'maxHeavyInFlight'> & Partial<Pick<SubgraphLimits, 'maxQueuedWrites' | 'maxQueueWaitMs'>>, metrics?: Metrics) {
  const all = new Semaphore(limits.maxInFlight);
  const heavy = new Semaphore(limits.maxHeavyInFlight);
  const maxQueued = limits.maxQueuedWrites ?? 0;
  const maxWaitMs = limits.maxQueueWaitMs ?? 0;
  const refuse = (res: Response, kind: string) => {
    metrics?.bulkheadRefusals.inc({ kind });
    res.status(503).setHeader('retry-after', '1');
    res.json({ errors: [{ message: `The ${name} service is busy; try again shortly.`, extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
  };
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const query = typeof req.body?.query === 'string' ? (req.body.query as string) : '';
    const isHeavy = HEAVY_FIELD.test(query);
    const start = () => {
      if (isHeavy && !heavy.tryAcquire()) {
        all.release();
        return refuse(res, 'heavy');
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        all.release();
        if (isHeavy) heavy.release();
      };
      res.once('finish', release);
      res.once('close', release);
      next();
    };
    if (isHeavy || !MUTATION.test(query)) return all.tryAcquire() ? start() : refuse(res, 'all');
    const slot = all.acquire(maxQueued, maxWaitMs);
    if (slot === true) return start();
    if (slot === false) return refuse(res, 'all');
    let gone = false;
    const leave = () => (gone = true);
    res.once('close', leave);
    void slot.then((ok) => {
      res.off('close', leave);
      if (!ok) return gone ? undefined : refuse(res, 'queued');
      if (gone) return all.release(); // the caller left while waiting: the slot goes to the next one
      start();
    });
  };
  return Object.assign(middleware, { all, heavy });
}

/** Items handed to GraphQL per turn of the event loop when a list is long. */
const CHUNK = 250;

/**
 * Wraps every `groups` list of an `…Aggregate` type: more groups than
 * `maxGroups` in one aggregate, or than `maxGroupsPerRequest` in all of one
 * request's aggregates, is an `OPERATION_LIMIT` error (the aggregate is then
 * null with that error, the rest of the answer stays); and a long list is
 * handed to GraphQL in chunks, each on its own turn of the event loop, so
 * that completing thousands of groups never holds the loop for long.
 */
export function boundAggregateGroups(schema: GraphQLSchema): GraphQLSchema {
  const aggregateTypes = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && type.name.endsWith('Aggregate') && !type.name.startsWith('__') && type.getFields().groups) aggregateTypes.add(type.name);
  }
  // Every field that yields an aggregate (a root field, or one contributed to Branch, LibrarySystem, Consortium):
  // one at a time per request, and not at all once the request's groups are spent.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!aggregateTypes.has(named.name) || isListType(isNonNullType(field.type) ? field.type.ofType : field.type)) continue;
      const resolve: GraphQLFieldResolver<unknown, BoundsContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const work = context?.limits ? (context.work ??= { groups: 0 }) : undefined;
        if (!work) return resolve(source, args, context, info);
        const run = (work.queue ?? Promise.resolve()).then(() => {
          if (work.exhausted) throw perRequestLimit(context.limits!.maxGroupsPerRequest);
          return resolve(source, args, context, info);
        });
        work.queue = run.catch(() => undefined);
        return run;
      };
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.name.endsWith('Aggregate') || type.name.startsWith('__')) continue;
    const field = type.getFields().groups;
    if (!field) continue;
    const listType = isNonNullType(field.type) ? field.type.ofType : field.type;
    if (!isListType(listType)) continue;
    const resolve: GraphQLFieldResolver<unknown, BoundsContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context, info) => {
      const value = await resolve(source, args, context, info);
      if (!Array.isArray(value)) return value;
      const limits = context?.limits;
      if (limits) {
        // The groups were computed: they count against the request's budget even when refused.
        const work = (context.work ??= { groups: 0 });
        work.groups += value.length;
        if (work.groups > limits.maxGroupsPerRequest) work.exhausted = true;
        if (value.length > limits.maxGroups) {
          throw new GraphQLError(`This aggregate would return ${value.length} groups; at most ${limits.maxGroups} are allowed. Narrow the range, use a longer interval or fewer groupBy dimensions.`, {
            extensions: { code: 'OPERATION_LIMIT', limit: 'AGGREGATE_MAX_GROUPS' },
          });
        }
        if (work.exhausted) throw perRequestLimit(limits.maxGroupsPerRequest);
      }
      return value.length <= CHUNK ? value : inChunks(value);
    };
  }
  return schema;
}

const perRequestLimit = (max: number) =>
  new GraphQLError(`The aggregates of this request would return more than ${max} groups together; ask for the rest in another request.`, {
    extensions: { code: 'OPERATION_LIMIT', limit: 'AGGREGATE_MAX_GROUPS_PER_REQUEST' },
  });

/** A list whose items resolve CHUNK at a time, one turn of the event loop after another. */
function inChunks<T>(items: T[]): Promise<T>[] {
  const out: Promise<T>[] = [];
  let turn: Promise<void> = Promise.resolve();
  for (let i = 0; i < items.length; i += CHUNK) {
    turn = turn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    const ready = turn;
    for (const item of items.slice(i, i + CHUNK)) out.push(ready.then(() => item));
  }
  return out;
}

interface BoundsContext {
  limits?: Pick<SubgraphLimits, 'maxGroups' | 'maxGroupsPerRequest'>;
  work?: RequestWork;
}

/** A statement killed by the database's statement timeout, as the client sees it. */
export function statementTimeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(`The database took longer than ${timeoutMs} ms for this part of the request; narrow it (range, grouping or page size).`, {
    extensions: { code: 'OPERATION_LIMIT', limit: 'DB_STATEMENT_TIMEOUT_MS' },
  });
}

export { isStatementTimeout };
