import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures follow the Standard Webhooks scheme
 * (https://www.standardwebhooks.com): headers `webhook-id` (the delivery id),
 * `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`). A receiver
 * recomputes the HMAC with the shared secret, refuses a timestamp more than
 * WEBHOOK_TOLERANCE_SECONDS away from its clock (the replay window), and
 * drops a `webhook-id` it has already processed.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function signedWebhookHeaders(secret: string, id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': webhookSignature(secret, id, timestamp, body) };
}

/** What a receiver does: true only for a valid signature within the replay window. */
export function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string, now = Date.now()): boolean {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = one('webhook-id');
  const ts = Number(one('webhook-timestamp'));
  const given = one('webhook-signature');
  if (!id || !Number.isInteger(ts) || !given) return false;
  if (Math.abs(Math.floor(now / 1000) - ts) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(webhookSignature(secret, id, ts, body));
  return given.split(' ').some((sig) => {
    const b = Buffer.from(sig);
    return b.length === expected.length && timingSafeEqual(b, expected);
  });
}

/** What an unsubscribe link names: whose notifications (`scope`, e.g. a `sub`) on which channel. */
export interface UnsubscribeClaim {
  kind: string;
  scope: string;
  channel: string;
}

/** A signed, opaque token for an unsubscribe link (base64url JSON + "." + HMAC-SHA256). It does not expire: old e-mail keeps working. */
export function unsubscribeToken(key: Buffer, claim: UnsubscribeClaim): string {
  const body = Buffer.from(JSON.stringify([claim.kind, claim.scope, claim.channel])).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

export function readUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaim | null {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || token.length > 2000) return null;
  const expected = Buffer.from(createHmac('sha256', key).update(body).digest('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [kind, scope, channel] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
    if (typeof kind !== 'string' || typeof scope !== 'string' || typeof channel !== 'string') return null;
    return { kind, scope, channel };
  } catch {
    return null;
  }
}
