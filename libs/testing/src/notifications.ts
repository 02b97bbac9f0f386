/**
 * Real receivers for notification tests: an SMTP server (the `smtp-server`
 * package) and an HTTP webhook endpoint, both in-process on free ports. Each
 * keeps every raw delivery and, like a real receiver, an idempotency view
 * (distinct Message-IDs, distinct webhook ids).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@ceg/kit';

export interface ReceivedMail {
  to: string[];
  messageId: string;
  /** Decoded. */
  subject: string;
  /** The decoded text body. */
  text: string;
  raw: string;
  headers: Record<string, string>;
}

export interface SmtpSink {
  url: string;
  port: number;
  /** Every message accepted (or held), duplicates included. */
  received: ReceivedMail[];
  /** One per Message-ID: what a receiver that drops duplicates keeps. */
  unique(): ReceivedMail[];
  /** Refuse the next n messages with this SMTP reply code (451: try later; 550: never). */
  refuseNext(n: number, code?: number): void;
  /** Hold the next message: it is recorded, but the final reply waits until release(). */
  holdNext(): { received: Promise<void>; release(): void };
  /** Attempts (refused ones included), with their times. */
  attempts: { at: number; refused: boolean; to: string[] }[];
  close(): Promise<void>;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) to text. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));
}

/** The body as text: quoted-printable or base64 decoded. */
function decodeBody(raw: string, headers: Record<string, string>): string {
  const body = raw.split(/\r?\n\r?\n/).slice(1).join('\n\n');
  const enc = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
  return body;
}

function parseHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const out: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const attempts: SmtpSink['attempts'] = [];
  let refuse = 0;
  let refuseCode = 451;
  let hold: { resolveReceived: () => void; released: Promise<void> } | undefined;
  // Loaded here, not at the top: every suite imports @ceg/testing, and only these tests need the dev dependency.
  const { SMTPServer } = require('smtp-server') as typeof import('smtp-server');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--;
          attempts.push({ at: Date.now(), refused: true, to: session.envelope.rcptTo.map((r) => r.address) });
          const err = Object.assign(new Error('Try again later'), { responseCode: refuseCode });
          callback(err);
          return;
        }
        attempts.push({ at: Date.now(), refused: false, to: session.envelope.rcptTo.map((r) => r.address) });
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = parseHeaders(raw);
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address), messageId: headers['message-id'] ?? '', subject: decodeWords(headers.subject ?? ''),
          text: decodeBody(raw, headers), raw, headers,
        });
        const h = hold;
        if (h) {
          hold = undefined;
          h.resolveReceived();
          void h.released.then(() => callback());
        } else callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    attempts,
    unique: () => [...new Map(received.map((m) => [m.messageId, m])).values()],
    refuseNext(n, code = 451) {
      refuse = n;
      refuseCode = code;
    },
    holdNext() {
      let resolveReceived!: () => void;
      let release!: () => void;
      const receivedP = new Promise<void>((r) => (resolveReceived = r));
      const released = new Promise<void>((r) => (release = r));
      hold = { resolveReceived, released };
      return { received: receivedP, release };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedWebhook {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; recipient: { sub: string } | null; data: Record<string, unknown>; unsubscribeUrl: string | null; locale: string };
  /** The signature checked with the secret, within the replay window. */
  verified: boolean;
}

export interface WebhookSink {
  url: string;
  received: ReceivedWebhook[];
  /** One per webhook-id: what an idempotent receiver processes. */
  unique(): ReceivedWebhook[];
  /** Answer the next n deliveries with this HTTP status. */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startWebhookSink(secret: string): Promise<WebhookSink> {
  const received: ReceivedWebhook[] = [];
  let fail = 0;
  let failStatus = 503;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (fail > 0) {
        fail--;
        res.writeHead(failStatus).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ id: String(req.headers['webhook-id']), headers: req.headers, body, json: JSON.parse(body), verified: verifyWebhook(secret, req.headers, body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/library`,
    received,
    unique: () => [...new Map(received.map((w) => [w.id, w])).values()],
    failNext(n, status = 503) {
      fail = n;
      failStatus = status;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
