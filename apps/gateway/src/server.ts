import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import fetch from 'node-fetch';
import { AuthenticationError, createTokenVerifier, type Viewer } from '@ceg/auth';
import { closeServer, createHttpApp, createLogger, errorHandler, listen, type Logger, maskError, Metrics, metricsHandler, observabilityPlugin } from '@ceg/kit/runtime';
import { checkScalars, formatClientError, noSubscriptionsRule, responseHygienePlugin } from './client-errors';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { closeAgents, InFlightReads, OperationDeadlines, SubgraphDataSource } from './data-source';
import { deadlinePlugin } from './deadline';
import { mountDashboard } from './dashboard';
import { mountExplorer } from './explorer';
import { mountExport, type PipelineResult } from './export/route';
import { mountForwardedRoutes } from './forward';
import { mountUnsubscribeForwarding } from './unsubscribe';
import { operationLimits } from './limits';
import { corsMiddleware, GatewayMetrics } from './operations';

export interface RunningGateway {
  url: string;
  port: number;
  /** The separate metrics port (METRICS_PORT), when there is one. */
  metricsPort?: number;
  log: Logger;
  stop(): Promise<void>;
}

declare module 'express-serve-static-core' {
  interface Request {
    viewer?: Viewer;
  }
}

/** Is every subgraph reachable? (GET /health on each, briefly.) */
async function subgraphsReachable(config: GatewayConfig): Promise<boolean> {
  const checks = config.subgraphs.map(async (s) => {
    const res = await fetch(s.url.replace(/\/graphql\/?$/, '/health'), { signal: AbortSignal.timeout(2000) as never });
    return res.ok;
  });
  return (await Promise.allSettled(checks)).every((r) => r.status === 'fulfilled' && r.value);
}

/**
 * The gateway: the committed supergraph, served at POST /graphql with the
 * caller's token verified here (HTTP 401 for a bad one) and again in each
 * subgraph, masked errors, a timeout on every subgraph call, the explorer at
 * GET /, and /health, /ready, /metrics.
 */
export async function startGateway(config: GatewayConfig, opts: { log?: Logger; port?: number; metricsPort?: number; defaultMetrics?: boolean } = {}): Promise<RunningGateway> {
  const log = opts.log ?? createLogger('gateway', config);
  const metrics = new Metrics('gateway', opts.defaultMetrics ?? true);
  const gatewayMetrics = new GatewayMetrics(metrics);
  const verify = createTokenVerifier(config.jwt);
  const urls = new Map(config.subgraphs.map((s) => [s.name as string, s.url]));

  const deadlines = new OperationDeadlines(config.operationTimeoutMs);
  const reads = config.mergeReads ? new InFlightReads() : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    buildService: ({ name, url }) => gatewayMetrics.instrument(name, new SubgraphDataSource(name, urls.get(name) ?? url!, config.subgraphSecret, config.subgraphTimeoutMs, deadlines, reads)),
    logger: { debug: () => {}, info: () => {}, warn: (m) => log.warn(String(m)), error: (m) => log.error(String(m)) },
    // Query plans are gateway-internal: never in a response, whatever the request's headers.
    __exposeQueryPlanExperimental: false,
    debug: false,
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => checkScalars(apiSchema));

  const httpServerRef: { server?: Server } = {};
  const limits = operationLimits(config.limits, { onStoreError: (err) => log.warn({ err }, 'cost budget store unavailable') });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.allowIntrospection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // SIGTERM/SIGINT are handled by exitOnSignals (drain, close the pool, flush traces, exit 0); Apollo's own
    // handler would race it and end the process before the pool is closed.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    formatError: (formatted, error) => maskError(formatClientError(limits.formatError(formatted, error), error)),
    validationRules: [...limits.validationRules, noSubscriptionsRule],
    parseOptions: limits.parseOptions,
    plugins: [
      observabilityPlugin(metrics),
      limits.plugin,
      gatewayMetrics.plugin(),
      responseHygienePlugin(),
      deadlinePlugin(deadlines),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              if (httpServerRef.server) await closeServer(httpServerRef.server, config.shutdownGraceMs);
            },
          };
        },
      },
    ],
  });
  await apollo.start().catch(async (e) => {
    await limits.close();
    throw e;
  });

  // /metrics: on its own port (METRICS_PORT), or on the public port behind METRICS_TOKEN; in
  // production never open on the public port.
  const metricsOnPublicPort = config.metrics.port === undefined && (!config.production || config.metrics.token !== undefined);
  if (config.production && !metricsOnPublicPort && config.metrics.port === undefined) log.warn('/metrics is off: set METRICS_PORT or METRICS_TOKEN to scrape it');
  const app = createHttpApp({ metrics, log, ready: () => subgraphsReachable(config), trustProxy: config.trustProxy, metricsRoute: metricsOnPublicPort ? { token: config.metrics.token } : false });
  let metricsServer: Server | undefined;
  if (config.metrics.port !== undefined) {
    const metricsApp = express();
    metricsApp.disable('x-powered-by');
    metricsApp.get('/metrics', metricsHandler(metrics, config.metrics.token));
    metricsServer = await listen(metricsApp, opts.metricsPort ?? config.metrics.port, config.host);
  }
  mountExplorer(app, config, config.subgraphs.map((s) => s.name));
  mountDashboard(app, config);
  mountForwardedRoutes(app, config, log);
  mountUnsubscribeForwarding(app, config, log);

  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      req.viewer = await verify(req.header('authorization'));
      next();
    } catch (e) {
      if (!(e instanceof AuthenticationError)) return next(e);
      res.status(401).json({ errors: [{ message: e.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  };

  const contextOf = async (req: Request): Promise<GatewayContext> => {
    let child: Logger | undefined;
    return {
      operationKey: deadlines.start(),
      requestId: req.requestId,
      viewer: req.viewer!,
      authorization: req.header('authorization') || undefined,
      // made when first used: most operations log nothing, and a pino child costs a few µs
      get log() {
        return (child ??= log.child({ requestId: req.requestId }));
      },
      clientAddress: req.ip,
    };
  };

  app.use('/graphql', corsMiddleware(config.cors));
  app.use(
    '/graphql',
    express.json({ limit: config.maxBodyBytes }),
    authenticate,
    expressMiddleware(apollo, { context: async ({ req }) => contextOf(req) }),
  );

  // Exports run a stored operation through the same pipeline as POST /graphql (limits, cost, masking),
  // with the same context built from the caller's verified token.
  app.use('/export', corsMiddleware(config.cors));
  mountExport(app, authenticate, async (req, op): Promise<PipelineResult> => {
    const res = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: op },
      context: () => contextOf(req),
    });
    let text = '';
    if (res.body.kind === 'complete') text = res.body.string;
    else for await (const chunk of res.body.asyncIterator) text += chunk;
    return { status: res.status ?? 200, body: JSON.parse(text) as PipelineResult['body'] };
  });
  app.use(errorHandler(log));

  const server = await listen(app, opts.port ?? config.port, config.host);
  httpServerRef.server = server;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`;
  log.info({ url }, 'gateway listening');

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    metricsPort: metricsServer ? (metricsServer.address() as AddressInfo).port : undefined,
    log,
    stop: () =>
      (stopped ??= (async () => {
        if (metricsServer) await closeServer(metricsServer, 100);
        await apollo.stop();
        await limits.close();
        closeAgents();
      })()),
  };
}
