import type { ApolloServerPlugin } from '@apollo/server';
import { INTERNAL_MESSAGE } from './errors';
import type { Metrics } from './metrics';

interface WithRequestContext {
  requestId?: string;
  log?: { error(obj: object, msg: string): void };
}

/**
 * Counts and times operations, logs unexpected errors with the request id
 * (never the variables or the query's text), and puts the request id on
 * every masked error so that support can find the log line.
 */
export function observabilityPlugin<T extends WithRequestContext>(metrics: Metrics): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let type = 'unknown';
      return {
        async didResolveOperation({ operation }) {
          type = operation?.operation ?? 'unknown';
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const err of errors) {
            const code = err.extensions?.code;
            if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
              contextValue?.log?.error({ err: err.originalError ?? err, path: err.path, requestId: contextValue?.requestId }, 'unexpected error');
            }
          }
        },
        async willSendResponse({ response, contextValue, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.operationDuration.observe({ type }, seconds);
          metrics.operations.inc({ type, outcome: errors?.length ? 'error' : 'ok' });
          if (response.body.kind === 'single') {
            for (const e of response.body.singleResult.errors ?? []) {
              if (e.message === INTERNAL_MESSAGE && e.extensions) (e.extensions as Record<string, unknown>).requestId = contextValue?.requestId;
            }
          }
        },
      };
    },
  };
}
