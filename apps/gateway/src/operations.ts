import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLDataSource } from '@apollo/gateway';
import cors from 'cors';
import type { RequestHandler } from 'express';
import { Counter, Histogram } from 'prom-client';
import type { CorsOrigins } from '@ceg/config';
import type { Metrics } from '@ceg/kit/runtime';
import type { GatewayContext } from './context';

/** What operators of the gateway look for, beside the kit's HTTP and operation metrics. */
export class GatewayMetrics {
  readonly subgraphDuration: Histogram<'subgraph' | 'outcome'>;
  readonly subgraphErrors: Counter<'subgraph' | 'kind'>;
  readonly throttled: Counter<'caller'>;
  readonly operationCost: Histogram<'caller'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.subgraphDuration = new Histogram({
      name: 'gateway_subgraph_request_duration_seconds',
      help: 'Calls from the gateway to each subgraph, by outcome (ok, error)',
      labelNames: ['subgraph', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.subgraphErrors = new Counter({
      name: 'gateway_subgraph_errors_total',
      help: 'Failed subgraph calls (unavailable, timeout) and calls answered with GraphQL errors',
      labelNames: ['subgraph', 'kind'],
      registers,
    });
    this.throttled = new Counter({
      name: 'gateway_throttled_requests_total',
      help: 'Operations refused because the caller\'s cost budget was spent (THROTTLED, HTTP 429)',
      labelNames: ['caller'],
      registers,
    });
    this.operationCost = new Histogram({
      name: 'gateway_operation_cost_points',
      help: 'Requested cost of each operation, in budget points (worst-case nodes / 100, at least 1)',
      labelNames: ['caller'],
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    });
  }

  /** Times every call of a subgraph's data source and counts its failures. */
  instrument<T extends GraphQLDataSource<GatewayContext>>(name: string, source: T): T {
    const process = source.process.bind(source);
    source.process = async (options) => {
      const end = this.subgraphDuration.startTimer({ subgraph: name });
      try {
        const response = await process(options);
        if (response.errors?.length) this.subgraphErrors.inc({ subgraph: name, kind: 'graphql' });
        end({ outcome: response.errors?.length ? 'error' : 'ok' });
        return response;
      } catch (err) {
        const timedOut = /did not answer in time/.test((err as Error).message);
        this.subgraphErrors.inc({ subgraph: name, kind: timedOut ? 'timeout' : 'unavailable' });
        end({ outcome: 'error' });
        throw err;
      }
    };
    return source;
  }

  /** Cost of every operation and throttled ones, read from the response's `extensions.cost` and error codes. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ response, contextValue }) => {
          if (response.body.kind !== 'single') return;
          const caller = contextValue.viewer?.sub ? 'signed_in' : 'anonymous';
          const result = response.body.singleResult;
          if (result.errors?.some((e) => e.extensions?.code === 'THROTTLED')) this.throttled.inc({ caller });
          const cost = (result.extensions?.cost as { requestedQueryCost?: number } | undefined)?.requestedQueryCost;
          if (typeof cost === 'number' && cost > 0) this.operationCost.observe({ caller }, cost);
        },
      }),
    };
  }
}

/**
 * CORS for browsers on other origins: preflight requests are answered here
 * (before Apollo's CSRF prevention, which refuses an OPTIONS request); simple
 * requests still meet the CSRF prevention, because a browser sends them
 * without asking.
 */
export function corsMiddleware(origins: CorsOrigins): RequestHandler {
  return cors({
    // An empty list still answers preflight (204), only without Access-Control-Allow-Origin.
    origin: origins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id', 'traceparent', 'tracestate'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  });
}
