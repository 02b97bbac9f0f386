import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import fetch, { type RequestInit, Response } from 'node-fetch';
import { subgraphClientError } from './client-errors';
import type { GatewayContext } from './context';

/** Internal header naming the operation a subgraph call belongs to; read and removed by the fetcher, never sent. */
const OPERATION_HEADER = 'x-ceg-operation';
/** Internal header marking a subgraph call that only reads (a query), so that identical ones in flight may share one fetch; never sent. */
const READ_HEADER = 'x-ceg-read';

interface BufferedResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/**
 * Identical subgraph reads in flight at the same time — same subgraph, same
 * body, same caller (token and client address) — share one fetch: the
 * second and later callers wait for the first one's answer instead of
 * sending their own. Only queries are merged, never mutations; each caller
 * keeps its own operation deadline (an operation whose deadline passes stops
 * waiting; the shared fetch goes on for the others, bounded by the subgraph
 * timeout, and is cancelled when no caller waits for it any more). Entries live only while the fetch is in flight.
 */
export class InFlightReads {
  private readonly running = new Map<string, { answer: Promise<BufferedResponse>; waiting: number; controller: AbortController }>();
  merged = 0;

  get size(): number {
    return this.running.size;
  }

  /**
   * `send` receives the shared call's signal: it is aborted when every caller
   * waiting for the call has stopped waiting (their deadlines passed), so a
   * call nobody waits for any more is cancelled, as an unshared one would be.
   */
  fetch(key: string, send: (signal: AbortSignal) => Promise<BufferedResponse>, signal?: AbortSignal): Promise<BufferedResponse> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let shared = this.running.get(key);
    if (shared) this.merged += 1;
    else {
      const controller = new AbortController();
      const entry = { answer: send(controller.signal), waiting: 0, controller };
      this.running.set(key, entry);
      const done = () => {
        if (this.running.get(key) === entry) this.running.delete(key);
      };
      entry.answer.then(done, done);
      shared = entry;
    }
    const entry = shared;
    entry.waiting += 1;
    return new Promise<BufferedResponse>((resolve, reject) => {
      const onAbort = () => {
        reject(signal!.reason);
        entry.waiting -= 1;
        if (entry.waiting === 0) {
          // Nobody waits for this call any more: cancel it, and let a later caller send its own.
          if (this.running.get(key) === entry) this.running.delete(key);
          entry.controller.abort(signal!.reason);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.answer.then(
        (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }
}

/**
 * The deadline of every operation in flight (RULES.md §6): when it passes,
 * the operation's subgraph calls still in flight are aborted, and those it
 * would still make fail at once.
 */
export class OperationDeadlines {
  private readonly running = new Map<string, { signal: AbortSignal; timer: NodeJS.Timeout }>();
  private next = 0;

  constructor(readonly timeoutMs: number) {}

  /** Starts an operation's clock; returns the key its subgraph calls carry. */
  start(): string {
    const key = String(++this.next);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded(this.timeoutMs)), this.timeoutMs);
    timer.unref();
    this.running.set(key, { signal: controller.signal, timer });
    return key;
  }

  /** The operation answered: its clock stops. */
  finish(key: string | undefined): void {
    const entry = key ? this.running.get(key) : undefined;
    if (!entry) return;
    clearTimeout(entry.timer);
    this.running.delete(key!);
  }

  signal(key: string | undefined): AbortSignal | undefined {
    return key ? this.running.get(key)?.signal : undefined;
  }

  /** Operations whose clock runs (for tests and metrics). */
  get size(): number {
    return this.running.size;
  }
}

export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor(readonly timeoutMs: number) {
    super(`deadline of ${timeoutMs} ms exceeded`);
  }
}

/**
 * The deadline passed. For a mutation whose subgraph call was under way the
 * subgraph may still have made the change (it is not rolled back because the
 * gateway stopped waiting), so the error says the outcome is unknown
 * (`extensions.outcome: UNKNOWN`) instead of implying nothing happened.
 */
export function deadlineError(timeoutMs: number, write = false): GraphQLError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  if (write) {
    return new GraphQLError(`The operation did not finish within its deadline of ${seconds} s; the change it asked for may or may not have been made. Read it back, or send it again if repeating it is safe (registering for a session again returns the registration).`, {
      extensions: { code: 'DEADLINE_EXCEEDED', outcome: 'UNKNOWN' },
    });
  }
  return new GraphQLError(`The operation did not finish within its deadline of ${seconds} s and was stopped; ask for less (fewer or smaller lists, a shorter range).`, {
    extensions: { code: 'DEADLINE_EXCEEDED' },
  });
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

/**
 * A subgraph call: keep-alive connections (the default fetcher is the
 * gateway's bottleneck), a timeout on every call and the operation's deadline
 * (whichever comes first aborts the call), and the caller's token, the
 * request id and the subgraph secret forwarded. Failures become an error that
 * names the service and nothing internal; a subgraph's HTTP 400 is the
 * client's mistake (BAD_USER_INPUT), not an outage.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly secret: string,
    timeoutMs: number,
    private readonly deadlines?: OperationDeadlines,
    reads?: InFlightReads,
  ) {
    super({
      url,
      fetcher: ((input: string, init?: RequestInit) => {
        const headers = { ...(init?.headers as Record<string, string> | undefined) };
        const operation = deadlines?.signal(headers[OPERATION_HEADER]);
        const read = headers[READ_HEADER] === '1';
        delete headers[OPERATION_HEADER];
        delete headers[READ_HEADER];
        const agent = input.startsWith('https:') ? httpsAgent : httpAgent;
        if (!read || !reads || typeof init?.body !== 'string') {
          const timeout = AbortSignal.timeout(timeoutMs);
          const signal = operation ? AbortSignal.any([timeout, operation]) : timeout;
          return fetch(input, { ...init, headers, agent, signal: signal as never });
        }
        const key = `${input}\n${headers.authorization ?? ''}\n${headers['x-client-address'] ?? ''}\n${init.body}`;
        const send = async (cancelled: AbortSignal): Promise<BufferedResponse> => {
          const res = await fetch(input, { ...init, headers, agent, signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), cancelled]) as never });
          return { status: res.status, statusText: res.statusText, headers: [...res.headers.entries()], body: await res.text() };
        };
        return reads.fetch(key, send, operation).then((r) => new Response(r.body, { status: r.status, statusText: r.statusText, headers: r.headers }));
      }) as never,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    headers.set('x-subgraph-secret', this.secret);
    if (context?.requestId) headers.set('x-request-id', context.requestId);
    if (context?.authorization) headers.set('authorization', context.authorization);
    if (context?.clientAddress) headers.set('x-client-address', context.clientAddress);
    if (context?.operationKey) headers.set(OPERATION_HEADER, context.operationKey);
    // The query planner writes every subgraph operation with its keyword (`query …` / `mutation …`).
    if (/^\s*(query\b|\{)/.test(request.query ?? '')) headers.set(READ_HEADER, '1');
  }

  override didEncounterError(error: Error, _fetchRequest?: unknown, _fetchResponse?: unknown, context?: GatewayContext, request?: { query?: string }): void {
    // A mutation that was sent may have been carried out even if its answer never came.
    const write = /^\s*mutation\b/.test(request?.query ?? '');
    const deadline = this.deadlines?.signal(context?.operationKey);
    if (deadline?.aborted) throw deadlineError(this.deadlines!.timeoutMs, write);
    const clientError = subgraphClientError(error, this.name);
    if (clientError) throw clientError;
    if (error instanceof GraphQLError && error.extensions?.code && error.extensions.code !== 'INTERNAL_SERVER_ERROR' && !('response' in error.extensions)) {
      throw error;
    }
    const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || /aborted|timeout/i.test(error.message);
    if (timedOut && write) {
      throw new GraphQLError(`The ${this.name} service did not answer in time; the change may or may not have been made.`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.name, outcome: 'UNKNOWN' },
      });
    }
    throw new GraphQLError(timedOut ? `The ${this.name} service did not answer in time.` : `The ${this.name} service is unavailable.`, {
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.name },
    });
  }
}

export function closeAgents(): void {
  httpAgent.destroy();
  httpsAgent.destroy();
}
