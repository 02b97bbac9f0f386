import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { TrustProxy } from '@ceg/config';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { shutdownTracing } from './tracing';

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

export interface HttpAppOptions {
  metrics: Metrics;
  ready: () => Promise<boolean>;
  log: Logger;
  /** Whose X-Forwarded-For is believed (TRUST_PROXY); default nobody: req.ip is the socket address. */
  trustProxy?: TrustProxy;
  /** /metrics on this app: `false` (served elsewhere or not at all), or open / behind a bearer token. */
  metricsRoute?: false | { token?: string };
}

/** GET /metrics (Prometheus text), behind `Authorization: Bearer <token>` when a token is given. */
export function metricsHandler(metrics: Metrics, token?: string): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return async (req, res) => {
    if (expected) {
      const given = Buffer.from(req.header('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).setHeader('www-authenticate', 'Bearer').json({ error: 'metrics need the METRICS_TOKEN bearer token' });
        return;
      }
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
}

/** The base every process shares: request ids, timing metrics, /health, /ready, /metrics. */
export function createHttpApp(opts: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.header('x-request-id');
    req.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', req.requestId);
    const end = opts.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? (req.path.startsWith('/graphql') ? '/graphql' : 'other'), status: String(res.statusCode) }));
    next();
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const ok = await opts.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable' });
  });
  const route = opts.metricsRoute ?? {};
  if (route) app.get('/metrics', metricsHandler(opts.metrics, route.token));
  return app;
}

/** JSON error handler: oversized bodies get 413, malformed JSON 400, anything else a masked 500. */
export function errorHandler(log: Logger) {
  return (err: { type?: string; status?: number; statusCode?: number }, req: Request, res: Response, _next: NextFunction) => {
    const status = err.status ?? err.statusCode ?? 500;
    if (err.type === 'entity.too.large' || status === 413) {
      res.status(413).json({ errors: [{ message: 'Request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status).json({ errors: [{ message: 'Malformed request', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    log.error({ err, requestId: req.requestId }, 'request failed');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: req.requestId } }] });
  };
}

export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** SIGTERM/SIGINT: stop accepting, finish what is in flight, release resources, exit 0. */
export function exitOnSignals(stop: () => Promise<void>, log: Logger): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop()
      .then(() => shutdownTracing())
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  // Started by a supervisor (`npm start`) with an IPC channel: when it is gone, so are we.
  if (process.send) process.on('disconnect', () => handler('supervisor gone'));
}
