import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A deliberately slow subgraph: a proxy in front of a real
 * subgraph that holds every GraphQL call for `delayMs` before forwarding it.
 * It records whether the gateway gave up on a call (closed it) before the
 * answer came.
 */
export class SlowProxy {
  server!: Server;
  delayMs = 0;
  /** Forwards a call at once and holds the subgraph's answer for this long instead (the work is done, the answer is late). */
  holdAnswerMs = 0;
  /** Rewrites the subgraph's answer (a subgraph that breaks its own schema). */
  transform?: (body: string) => string;
  abandoned = 0;
  answered = 0;
  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let closed = false;
        res.on('close', () => {
          if (!res.writableFinished) {
            closed = true;
            this.abandoned += 1;
          }
        });
        const hold = this.holdAnswerMs;
        setTimeout(() => {
          if (closed && !hold) return;
          const upstream = httpRequest(
            { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
            (up) => {
              const transform = this.transform;
              if (hold) {
                const parts: Buffer[] = [];
                up.on('data', (c: Buffer) => parts.push(c));
                up.on('end', () => setTimeout(() => {
                  if (closed) return;
                  res.writeHead(up.statusCode ?? 502, up.headers);
                  res.end(Buffer.concat(parts), () => (this.answered += 1));
                }, hold));
                return;
              }
              if (!transform) {
                res.writeHead(up.statusCode ?? 502, up.headers);
                up.pipe(res).on('finish', () => (this.answered += 1));
                return;
              }
              const parts: Buffer[] = [];
              up.on('data', (c: Buffer) => parts.push(c));
              up.on('end', () => {
                const body = transform(Buffer.concat(parts).toString('utf8'));
                const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(body)) };
                delete headers['transfer-encoding'];
                res.writeHead(up.statusCode ?? 502, headers);
                res.end(body, () => (this.answered += 1));
              });
            },
          );
          upstream.on('error', () => res.destroy());
          upstream.end(Buffer.concat(chunks));
        }, hold ? 0 : this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
