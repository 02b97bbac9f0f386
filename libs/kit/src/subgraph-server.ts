import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { AuthenticationError, createTokenVerifier } from '@ceg/auth';
import { type CommonConfig, type SubgraphLimits, subgraphLimits, type SubgraphSettings } from '@ceg/config';
import type { Database } from '@ceg/persistence';
import { bulkhead, boundAggregateGroups, type Semaphore, isStatementTimeout, statementTimeoutError } from './bounds';
import { LoaderCache, type SubgraphContext } from './context';
import { type DirectoryClient, directoryClientFromEnv } from './directory-client';
import { maskError } from './errors';
import { closeServer, createHttpApp, errorHandler, listen } from './http';
import { createLogger, type Logger } from './logger';
import { databasePoolMetrics, Metrics } from './metrics';
import { observabilityPlugin } from './plugins';

const SUBGRAPH_BODY_LIMIT = 16 * 1024 * 1024;

export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  db: Database;
  config: CommonConfig;
  /** The domain rules' settings, handed to every request's context. */
  settings: SubgraphSettings;
  port: number;
  host?: string;
  log?: Logger;
  /** Extra per-request context for the subgraph's resolvers. */
  extendContext?: (ctx: SubgraphContext) => Record<string, unknown>;
  /** Default-metrics collection (off in tests that start many servers). */
  defaultMetrics?: boolean;
  /** Bulkhead, group caps and the statement timeout (default: the configuration's defaults). */
  limits?: SubgraphLimits;
  /** Extra routes served without the subgraph secret (e.g. unsubscribe links, whose signed token is the permission). */
  routes?: (app: express.Express) => void;
  /** How this subgraph asks the owners of the branches and programs it references (default: from the process environment). */
  directory?: DirectoryClient;
}

export interface RunningServer {
  name: string;
  url: string;
  port: number;
  log: Logger;
  metrics: Metrics;
  db: Database;
  /** The GraphQL requests in flight (all, and aggregates or reports) against their limits. */
  bulkhead: { all: Semaphore; heavy: Semaphore };
  /** Work the process does beside serving requests (the notification dispatcher), if any. */
  background?: BackgroundJob;
  stop(): Promise<void>;
}

/** Work beside serving requests: started once the server listens, stopped before the database closes. */
export interface BackgroundJob {
  stop(): Promise<void>;
}

function secretMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts a subgraph: POST /graphql (only with the gateway's x-subgraph-secret,
 * and with the caller's JWT verified again here), /health, /ready, /metrics,
 * masked errors with request ids, and a stop() that drains in-flight work and
 * closes the database.
 */
export async function startSubgraphServer(opts: SubgraphServerOptions): Promise<RunningServer> {
  const log = opts.log ?? createLogger(opts.name, opts.config);
  const metrics = new Metrics(opts.name, opts.defaultMetrics ?? true);
  databasePoolMetrics(metrics, opts.db);
  const verify = createTokenVerifier(opts.config.jwt);
  const app = createHttpApp({ metrics, log, ready: () => opts.db.ping(), trustProxy: opts.config.trustProxy, metricsRoute: { token: opts.config.metrics.token } });
  const httpServerRef: { server?: import('node:http').Server } = {};
  const limits = opts.limits ?? subgraphLimits({});
  opts.routes?.(app);
  const directory = opts.directory ?? directoryClientFromEnv(process.env, opts.config.subgraphSecret);

  const apollo = new ApolloServer<SubgraphContext>({
    schema: boundAggregateGroups(opts.schema),
    introspection: opts.config.allowIntrospection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // SIGTERM/SIGINT are handled by exitOnSignals (drain, close the pool, flush traces, exit 0); Apollo's own
    // handler would race it and end the process before the pool is closed.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) =>
      maskError(isStatementTimeout((error as GraphQLError | undefined)?.originalError) ? { ...statementTimeoutError(limits.statementTimeoutMs).toJSON(), path: formatted.path } : formatted),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No per-field cache hints here (the gateway does not cache): this spares a hook on every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      observabilityPlugin(metrics),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              if (httpServerRef.server) await closeServer(httpServerRef.server, opts.config.shutdownGraceMs);
            },
          };
        },
      } satisfies ApolloServerPlugin<SubgraphContext>,
    ],
  });
  await apollo.start();

  app.use('/graphql', (req, res, next) => {
    if (!secretMatches(req.header('x-subgraph-secret'), opts.config.subgraphSecret)) {
      res.status(403).json({ errors: [{ message: 'This service answers only the gateway.', extensions: { code: 'FORBIDDEN' } }] });
      return;
    }
    next();
  });
  const inFlight = bulkhead(opts.name, limits, metrics);
  const linkKey = (purpose: string) => createHmac('sha256', opts.config.subgraphSecret).update(purpose).digest();
  app.use(
    '/graphql',
    // Only the gateway gets here (secret checked above); its entity batches may exceed a client's body limit.
    express.json({ limit: Math.max(opts.config.maxBodyBytes, SUBGRAPH_BODY_LIMIT) }),
    inFlight,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        let viewer;
        try {
          viewer = await verify(req.header('authorization'));
        } catch (e) {
          if (e instanceof AuthenticationError) {
            throw new GraphQLError(e.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
          }
          throw e;
        }
        // x-client-address is trusted only because the gateway's secret was checked above.
        const clientAddress = req.header('x-client-address') || req.ip || 'unknown';
        const ctx: SubgraphContext = {
          viewer, requestId: req.requestId, db: opts.db, log: log.child({ requestId: req.requestId }), loaders: new LoaderCache(), clientAddress, limits,
          work: { groups: 0 }, settings: opts.settings, authorization: req.header('authorization') || undefined, directory, linkKey,
        };
        return Object.assign(ctx, opts.extendContext?.(ctx));
      },
    }),
  );
  app.use(errorHandler(log));

  const server = await listen(app, opts.port, opts.host ?? opts.config.host);
  httpServerRef.server = server;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host ?? opts.config.host}:${port}/graphql`;
  log.info({ url }, `${opts.name} subgraph listening`);

  let stopped: Promise<void> | undefined;
  return {
    name: opts.name,
    url,
    port,
    log,
    metrics,
    db: opts.db,
    bulkhead: { all: inFlight.all, heavy: inFlight.heavy },
    stop: () =>
      (stopped ??= (async () => {
        await apollo.stop(); // drains the HTTP server (in-flight requests finish, up to the grace period)
        await opts.db.close();
      })()),
  };
}
