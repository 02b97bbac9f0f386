import { basename, dirname } from 'node:path';
import type { tracing as sdkTracing } from '@opentelemetry/sdk-node';

/**
 * OpenTelemetry tracing: HTTP (incoming and outgoing, so W3C `traceparent`
 * goes from the gateway to every subgraph), Express, GraphQL, MySQL
 * (mysql2) and Redis (ioredis) spans, plus the spans the Apollo gateway emits itself (plan,
 * fetch per subgraph). Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; when
 * off, not one OpenTelemetry SDK module is loaded.
 *
 * It must start before express, graphql or mysql2 are first required, which
 * is why this module comes first in the kit's index (and the kit before the
 * app's own modules in each main.ts).
 */

export interface TracingOptions {
  serviceName: string;
  /** Tests: an in-memory exporter, spans exported at once. Default: OTLP over HTTP, batched, per the OTEL_* variables. */
  exporter?: sdkTracing.SpanExporter;
}

interface Started {
  shutdown(): Promise<void>;
}

let started: Started | undefined;

/** Paths that are not traced: health checks and scrapes would drown the traces. */
const UNTRACED = /^\/(health|ready|metrics)(\?|$)/;

export function startTracing(opts: TracingOptions): Started {
  if (started) return started;
  // Traces only: metrics are Prometheus (/metrics), logs are pino's; unless asked for explicitly.
  process.env.OTEL_METRICS_EXPORTER ||= 'none';
  process.env.OTEL_LOGS_EXPORTER ||= 'none';
  const { NodeSDK, tracing } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { MySQL2Instrumentation } = require('@opentelemetry/instrumentation-mysql2') as typeof import('@opentelemetry/instrumentation-mysql2');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const sdk = new NodeSDK({
    serviceName: opts.serviceName,
    ...(opts.exporter ? { spanProcessors: [new tracing.SimpleSpanProcessor(opts.exporter)] } : {}),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? '') }),
      new ExpressInstrumentation(),
      // One span per operation phase and per non-trivial resolver; never the variables.
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true, allowValues: false }),
      new MySQL2Instrumentation(),
      // The gateway's cost budgets in Redis (RATE_LIMIT_REDIS_URL): the command only, never its keys
      // (`ip:<address>`) or arguments.
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    ],
  });
  sdk.start();
  started = { shutdown: () => sdk.shutdown().catch(() => undefined) };
  return started;
}

/** Flushes and stops tracing, if it was started (called on shutdown). */
export async function shutdownTracing(): Promise<void> {
  await started?.shutdown();
}

/** The service a built entry point runs: apps/<name>/dist/main.js → <name>. */
function serviceFromEntry(): string {
  const entry = process.argv[1] ?? '';
  return basename(dirname(dirname(entry))) || 'community-graph';
}

// Started as the process loads, before the instrumented modules are required.
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  startTracing({ serviceName: process.env.OTEL_SERVICE_NAME || serviceFromEntry() });
}
