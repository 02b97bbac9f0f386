import type { Express, Request, Response } from 'express';
import fetch from 'node-fetch';
import type { Logger } from '@ceg/kit/runtime';
import type { GatewayConfig } from './config';

/**
 * Plain HTTP routes that a subgraph serves and the gateway forwards as they
 * are (GET only): the programs subgraph's iCalendar feeds. The subgraph is
 * asked with the gateway's secret, like a GraphQL call, and within the
 * subgraph timeout; its status, body and caching headers come back.
 */
export const FORWARDED_ROUTES: { prefix: string; subgraph: string }[] = [{ prefix: '/calendar', subgraph: 'programs' }];

const PASSED_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'etag', 'last-modified'];

export function mountForwardedRoutes(app: Express, config: GatewayConfig, log: Logger): void {
  for (const route of FORWARDED_ROUTES) {
    const target = config.subgraphs.find((s) => s.name === route.subgraph);
    if (!target) continue;
    const base = target.url.replace(/\/graphql\/?$/, '');
    app.get(`${route.prefix}/*path`, async (req: Request, res: Response) => {
      const path = req.originalUrl.split('?')[0];
      if (path.length > 1000) {
        res.status(414).type('text/plain').send('URI too long');
        return;
      }
      const headers: Record<string, string> = { 'x-subgraph-secret': config.subgraphSecret, 'x-request-id': req.requestId };
      const inm = req.header('if-none-match');
      if (inm) headers['if-none-match'] = inm;
      try {
        const upstream = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(config.subgraphTimeoutMs) as never });
        res.status(upstream.status);
        for (const h of PASSED_HEADERS) {
          const v = upstream.headers.get(h);
          if (v) res.setHeader(h, v);
        }
        res.send(Buffer.from(await upstream.arrayBuffer()));
      } catch (err) {
        log.warn({ err, requestId: req.requestId, subgraph: route.subgraph }, 'forwarded route unavailable');
        res.status(503).type('text/plain').send(`The ${route.subgraph} service is unavailable (request ${req.requestId}); try again later.`);
      }
    });
  }
}
