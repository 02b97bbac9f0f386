import 'reflect-metadata';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { notificationConfig } from '@ceg/config';
import {
  createLogger, Dispatcher, enqueue, type NotificationTemplates, OutboxRow, outboxTable, readUnsubscribeToken, unsubscribeToken, verifyWebhook,
  signedWebhookHeaders,
} from '@ceg/kit';
import { type Database, openDatabase } from '@ceg/persistence';
import { startSmtpSink, startWebhookSink, type SmtpSink, type WebhookSink } from './notifications';

class Outbox1764633600000 implements MigrationInterface {
  name = 'Outbox1764633600000';
  async up(q: QueryRunner) {
    await q.createTable(outboxTable());
  }
  async down(q: QueryRunner) {
    await q.dropTable('notification_outbox');
  }
}

const SECRET = 'webhook-secret-of-the-test-deployment';
const templates: NotificationTemplates = {
  render: ({ topic, locale, unsubscribeUrl }) => ({ subject: `${topic} (${locale})`, text: `hello\n${unsubscribeUrl}` }),
  unsubscribe: (row) => (row.recipientSub ? { kind: 'test', scope: row.recipientSub, channel: row.channel } : null),
};
const log = createLogger('test', { logLevel: 'silent', logFormat: 'json' } as never);

describe('outbox dispatcher', () => {
  let db: Database;
  let smtp: SmtpSink;
  let hooks: WebhookSink;
  const dispatchers: Dispatcher[] = [];

  const dispatcher = (env: Record<string, string> = {}) => {
    const config = notificationConfig({
      SMTP_URL: smtp.url, WEBHOOK_URL: hooks.url, WEBHOOK_SECRET: SECRET, NOTIFY_BACKOFF_MS: '300', NOTIFY_TIMEOUT_MS: '2000', NOTIFY_LEASE_MS: '4000',
      MAIL_FROM: 'Library <notices@library.example.org>', ...env,
    }, 'subgraph-secret');
    const d = new Dispatcher({ db, config, templates, log, publicUrl: 'http://127.0.0.1:1' });
    dispatchers.push(d);
    return d;
  };
  const queue = (key: string, channel: 'EMAIL' | 'WEBHOOK' = 'EMAIL') =>
    db.transaction((em) => enqueue(em, [{ dedupeKey: key, topic: 'test.event', channel, recipientSub: 'patron-1', address: channel === 'EMAIL' ? 'p1@example.org' : null, locale: 'es', payload: { n: 1 } }]));
  const rows = () => db.manager.find(OutboxRow, { order: { createdAt: 'ASC' } });

  beforeEach(async () => {
    db = await openDatabase({ service: 'outbox', databaseUrl: 'sqlite::memory:', entities: [OutboxRow], migrations: [Outbox1764633600000] });
    await db.migrate();
    smtp = await startSmtpSink();
    hooks = await startWebhookSink(SECRET);
  });
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) d.kill();
    await smtp.close();
    await hooks.close();
    await db.close();
  });

  test('queuing the same key twice keeps one message', async () => {
    await queue('k1');
    await queue('k1');
    expect(await rows()).toHaveLength(1);
  });

  test('delivers e-mail with a Message-ID from the row and a signed webhook; records SENT and forgets the address', async () => {
    await queue('a', 'EMAIL');
    await queue('b', 'WEBHOOK');
    const summary = await dispatcher().runOnce();
    expect(summary).toEqual({ sent: 2, retried: 0, failed: 0 });
    const [mail, hook] = await rows();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].messageId).toBe(`<${mail.id}@library.example.org>`);
    expect(smtp.received[0].to).toEqual(['p1@example.org']);
    expect(smtp.received[0].headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0].verified).toBe(true);
    expect(hooks.received[0].id).toBe(hook.id);
    expect(hooks.received[0].json).toMatchObject({ id: hook.id, type: 'test.event', recipient: { sub: 'patron-1' }, data: { n: 1 } });
    expect(hooks.received[0].body).not.toContain('@');
    expect((await rows()).map((r) => [r.status, r.address, r.attempts])).toEqual([['SENT', null, 1], ['SENT', null, 1]]);
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  test('two dispatchers at once deliver each message once', async () => {
    for (let i = 0; i < 12; i++) await queue(`m${i}`, i % 2 ? 'EMAIL' : 'WEBHOOK');
    const [a, b] = [dispatcher(), dispatcher()];
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    expect(smtp.received).toHaveLength(6);
    expect(hooks.received).toHaveLength(6);
    expect(new Set(hooks.received.map((h) => h.id)).size).toBe(6);
  });

  test('a refused message is retried after the backoff, then delivered', async () => {
    await queue('r');
    smtp.refuseNext(1, 451);
    const d = dispatcher();
    expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [row] = await rows();
    expect(row.status).toBe('PENDING');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/451|Try again/);
    expect(row.nextAttemptAt.getTime() - smtp.attempts[0].at).toBeGreaterThanOrEqual(250);
    expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not yet due
    await new Promise((r) => setTimeout(r, 400));
    expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.attempts.map((a) => a.refused)).toEqual([true, false]);
    expect(smtp.attempts[1].at - smtp.attempts[0].at).toBeGreaterThanOrEqual(300);
    expect((await rows())[0].attempts).toBe(2);
  });

  test('a permanent refusal (550) is not retried; the backoff doubles and is capped', async () => {
    await queue('p');
    smtp.refuseNext(1, 550);
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await rows())[0].status).toBe('FAILED');
    const d = dispatcher({ NOTIFY_BACKOFF_MS: '1000', NOTIFY_BACKOFF_MAX_MS: '5000' });
    expect(d.backoff(1)).toBeGreaterThanOrEqual(1000);
    expect(d.backoff(2)).toBeGreaterThanOrEqual(2000);
    expect(d.backoff(3)).toBeGreaterThanOrEqual(4000);
    expect(d.backoff(10)).toBe(5000);
  });

  test('a dispatcher killed mid-delivery: the next one delivers again after the lease, with the same delivery ids', async () => {
    await queue('k', 'EMAIL');
    const held = smtp.holdNext();
    const first = dispatcher();
    void first.runOnce();
    await held.received;
    first.kill();
    held.release();
    const second = dispatcher();
    expect(await second.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 }); // the lease still holds
    await new Promise((r) => setTimeout(r, 4100));
    expect(await second.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(2);
    expect(smtp.unique()).toHaveLength(1);
    const [row] = await rows();
    expect(row.status).toBe('SENT');
    expect(row.leaseOwner).toBe(second.owner);
  });

  test('finished rows are forgotten after the retention period; pending ones are kept', async () => {
    await queue('old-sent');
    await queue('old-pending', 'WEBHOOK');
    const old = new Date(Date.now() - 31 * 86_400_000);
    await db.manager.update(OutboxRow, { dedupeKey: 'old-sent' }, { status: 'SENT', createdAt: old });
    await db.manager.update(OutboxRow, { dedupeKey: 'old-pending' }, { createdAt: old, nextAttemptAt: new Date(Date.now() + 3_600_000) });
    await queue('recent');
    await db.manager.update(OutboxRow, { dedupeKey: 'recent' }, { status: 'SENT' });
    await dispatcher().runOnce();
    expect((await rows()).map((r) => r.dedupeKey).sort()).toEqual(['old-pending', 'recent']);
  });

  test('webhook signatures and unsubscribe tokens refuse tampering and replays', () => {
    const body = '{"a":1}';
    const headers = signedWebhookHeaders(SECRET, 'id-1', body);
    expect(verifyWebhook(SECRET, headers, body)).toBe(true);
    expect(verifyWebhook(SECRET, headers, '{"a":2}')).toBe(false);
    expect(verifyWebhook('other-secret', headers, body)).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers, 'webhook-id': 'id-2' }, body)).toBe(false);
    const old = signedWebhookHeaders(SECRET, 'id-1', body, Date.now() - 301_000);
    expect(verifyWebhook(SECRET, old, body)).toBe(false);
    const key = Buffer.from('k'.repeat(32));
    const token = unsubscribeToken(key, { kind: 'programs', scope: 'patron-1', channel: 'EMAIL' });
    expect(readUnsubscribeToken(key, token)).toEqual({ kind: 'programs', scope: 'patron-1', channel: 'EMAIL' });
    expect(readUnsubscribeToken(Buffer.from('x'.repeat(32)), token)).toBeNull();
    const forged = `${Buffer.from(JSON.stringify(['programs', 'patron-2', 'EMAIL'])).toString('base64url')}.${token.split('.')[1]}`;
    expect(readUnsubscribeToken(key, forged)).toBeNull();
  });
});
