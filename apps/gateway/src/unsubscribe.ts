import type { Express, Request, Response } from 'express';
import fetch from 'node-fetch';
import { type Logger, UNSUBSCRIBE_PATH } from '@ceg/kit/runtime';
import type { GatewayConfig } from './config';

/** The subgraphs that send notifications and serve their unsubscribe links. */
export const NOTIFYING_SUBGRAPHS = ['programs', 'feedback'];

/**
 * Unsubscribe links of notification e-mail, on the gateway's public address:
 * `GET|POST /notifications/unsubscribe/<subgraph>?token=…` goes to the same
 * path on that subgraph (which checks the signed token; no login). So a
 * deployment sets NOTIFY_PUBLIC_URL to the gateway's public URL and exposes
 * nothing else.
 */
export function mountUnsubscribeForwarding(app: Express, config: GatewayConfig, log: Logger): void {
  for (const name of NOTIFYING_SUBGRAPHS) {
    const target = config.subgraphs.find((s) => s.name === name);
    if (!target) continue;
    const base = target.url.replace(/\/graphql\/?$/, '');
    const path = `${UNSUBSCRIBE_PATH}/${name}`;
    const forward = async (req: Request, res: Response) => {
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      if (query.length > 2100) {
        res.status(414).type('text/plain').send('URI too long');
        return;
      }
      try {
        const upstream = await fetch(`${base}${path}${query}`, {
          method: req.method, headers: { 'x-request-id': req.requestId }, signal: AbortSignal.timeout(config.subgraphTimeoutMs) as never,
        });
        res.status(upstream.status);
        const type = upstream.headers.get('content-type');
        if (type) res.setHeader('content-type', type);
        res.send(Buffer.from(await upstream.arrayBuffer()));
      } catch (err) {
        log.warn({ err, requestId: req.requestId, subgraph: name }, 'unsubscribe route unavailable');
        res.status(503).type('text/plain').send(`The ${name} service is unavailable (request ${req.requestId}); try again later.`);
      }
    };
    app.get(path, forward);
    app.post(path, forward);
  }
}
