import type { NotificationWorker } from '@ceg/kit';
import { startSmtpSink, startWebhookSink, type SmtpSink, type TestGraph, type WebhookSink } from '@ceg/testing';
import { startGraph } from '../graph';
import { cancelRegistration, ERRORS, inHours, patron, publishedSession, register, schedule, STAFF_CEN } from './helpers';

const SECRET = 'webhook-secret-of-the-programs-test-deployment';
const PREFS = 'email channels locale updatedAt';
const SET = `mutation($input: SetNotificationPreferencesInput!) { setNotificationPreferences(input: $input) { preferences { ${PREFS} } ${ERRORS} } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Notices to patrons through the gateway: the outbox, a real SMTP server and a real webhook receiver. */
describe('programs: notifications', () => {
  let graph: TestGraph;
  let smtp: SmtpSink;
  let hooks: WebhookSink;
  let worker: NotificationWorker;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hooks = await startWebhookSink(SECRET);
    graph = await startGraph({
      only: ['libraries', 'programs'], demoData: ['libraries'],
      env: {
        SMTP_URL: smtp.url, WEBHOOK_URL: hooks.url, WEBHOOK_SECRET: SECRET, MAIL_FROM: 'Riverside Library <notices@riverside.example.org>',
        NOTIFY_INTERVAL_MS: '0', NOTIFY_BACKOFF_MS: '300', NOTIFY_TIMEOUT_MS: '2000', NOTIFY_LEASE_MS: '4000',
      },
    });
    worker = graph.subgraph('programs').background as NotificationWorker;
  });
  afterAll(async () => {
    await graph?.stop();
    await smtp?.close();
    await hooks?.close();
  });

  const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
  const uniqueMailTo = (address: string) => smtp.unique().filter((m) => m.to.includes(address));
  const hooksFor = (sub: string) => hooks.received.filter((h) => h.json.recipient?.sub === sub);
  const uniqueHooksFor = (sub: string) => hooks.unique().filter((h) => h.json.recipient?.sub === sub);
  const outbox = async (sub: string) =>
    (await graph.subgraph('programs').db.manager.query('SELECT id, topic, channel, status, attempts, address FROM notification_outbox WHERE recipientSub = ? ORDER BY createdAt, channel', [sub]) as any[])
      .map((r) => ({ ...r, attempts: Number(r.attempts) }));
  async function optIn(sub: string, input: Record<string, unknown>) {
    const data = await graph.data(SET, { input }, { as: patron(sub) });
    expect(data.setNotificationPreferences.userErrors).toEqual([]);
    return data.setNotificationPreferences.preferences;
  }

  test('preferences: only the patron themselves reads and writes them; bad input writes nothing', async () => {
    const read = '{ myNotificationPreferences { email channels locale updatedAt } }';
    expect((await graph.query(read)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    for (const as of [STAFF_CEN, { role: 'ADMIN' as const }, { role: 'ANALYST' as const }]) {
      expect((await graph.query(read, {}, { as })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const res = await graph.query(SET, { input: { email: 'x@example.org', channels: ['EMAIL'] } }, { as });
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await graph.data(read, {}, { as: patron('pref-1') })).myNotificationPreferences).toEqual({ email: null, channels: [], locale: 'EN', updatedAt: null });

    const noAddress = await graph.data(SET, { input: { channels: ['EMAIL'] } }, { as: patron('pref-1') });
    expect(noAddress.setNotificationPreferences).toEqual({ preferences: null, userErrors: [{ field: ['input', 'email'], code: 'INVALID', message: expect.any(String) }] });
    const badAddress = await graph.data(SET, { input: { email: 'not an address', channels: ['EMAIL'] } }, { as: patron('pref-1') });
    expect(badAddress.setNotificationPreferences.userErrors[0]).toMatchObject({ field: ['input', 'email'], code: 'INVALID' });
    expect((await graph.data(read, {}, { as: patron('pref-1') })).myNotificationPreferences.channels).toEqual([]);

    const set = await optIn('pref-1', { email: ' pref1@example.org ', channels: ['EMAIL', 'WEBHOOK', 'EMAIL'], locale: 'ES' });
    expect(set).toMatchObject({ email: 'pref1@example.org', channels: ['EMAIL', 'WEBHOOK'], locale: 'ES' });
    expect((await graph.data(read, {}, { as: patron('pref-1') })).myNotificationPreferences).toMatchObject({ email: 'pref1@example.org', channels: ['EMAIL', 'WEBHOOK'], locale: 'ES' });
    // Another patron sees only their own (defaults), never someone else's address.
    expect((await graph.data(read, {}, { as: patron('pref-2') })).myNotificationPreferences.email).toBeNull();
  });

  test('a waitlist promotion produces exactly one e-mail (Spanish, Message-ID from the outbox row) and one signed webhook', async () => {
    const { session } = await publishedSession(graph, { capacity: 1 }, { title: 'Taller de currículum' });
    const first = await register(graph, session.id, 'promo-first');
    expect(first.registration.status).toBe('CONFIRMED');
    await optIn('promo-next', { email: 'promo-next@example.org', channels: ['EMAIL', 'WEBHOOK'], locale: 'ES' });
    const next = await register(graph, session.id, 'promo-next');
    expect(next.registration.status).toBe('WAITLISTED');
    await worker.dispatcher.runOnce();
    expect(mailTo('promo-next@example.org')).toHaveLength(0); // being waitlisted is no notice

    await cancelRegistration(graph, first.registration.id, patron('promo-first'));
    const summary = await worker.dispatcher.runOnce();
    expect(summary.sent).toBeGreaterThanOrEqual(2);

    const mails = mailTo('promo-next@example.org');
    expect(mails).toHaveLength(1);
    const rows = await outbox('promo-next');
    expect(rows.map((r) => [r.topic, r.channel, r.status, r.address])).toEqual([
      ['registration.promoted', 'EMAIL', 'SENT', null], ['registration.promoted', 'WEBHOOK', 'SENT', null],
    ]);
    expect(mails[0].messageId).toBe(`<${rows[0].id}@riverside.example.org>`);
    expect(mails[0].subject).toBe('Se liberó un lugar para usted: Taller de currículum');
    expect(mails[0].text).toContain('pasó de la lista de espera y ya tiene un lugar en Taller de currículum');
    expect(mails[0].headers['list-unsubscribe']).toMatch(/\/notifications\/unsubscribe\/programs\?token=/);

    const webhooks = hooksFor('promo-next');
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0].verified).toBe(true);
    expect(webhooks[0].id).toBe(rows[1].id);
    expect(webhooks[0].json).toMatchObject({ type: 'registration.promoted', locale: 'es', data: { registrationId: next.registration.id, sessionId: session.id, programTitle: 'Taller de currículum' } });
    expect(webhooks[0].body).not.toContain('promo-next@example.org');
    expect(mailTo('promo-first@example.org')).toHaveLength(0);
    expect(await outbox('promo-first')).toEqual([]);

    expect(await worker.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(mailTo('promo-next@example.org')).toHaveLength(1);
  });

  test('killed mid-delivery and restarted: the receiver still gets one e-mail and one webhook (same delivery ids)', async () => {
    const { session } = await publishedSession(graph, { capacity: 1 });
    const first = await register(graph, session.id, 'crash-first');
    await optIn('crash-next', { email: 'crash-next@example.org', channels: ['EMAIL', 'WEBHOOK'] });
    expect((await register(graph, session.id, 'crash-next')).registration.status).toBe('WAITLISTED');
    await cancelRegistration(graph, first.registration.id, STAFF_CEN);

    const held = smtp.holdNext();
    const doomed = worker.newDispatcher('doomed-dispatcher');
    void doomed.runOnce();
    await held.received; // the SMTP server has the whole message; its reply is held back
    doomed.kill(); // dies before it could record the delivery
    held.release();
    const rowsAfterCrash = await outbox('crash-next');
    expect(rowsAfterCrash.find((r) => r.channel === 'EMAIL')?.status).toBe('PENDING');

    const restarted = worker.newDispatcher('restarted-dispatcher');
    expect((await restarted.runOnce()).sent).toBe(0); // the dead one's lease still holds
    await sleep(4_200);
    await restarted.runOnce();

    expect(mailTo('crash-next@example.org').length).toBeGreaterThanOrEqual(2); // delivered twice over SMTP …
    expect(uniqueMailTo('crash-next@example.org')).toHaveLength(1); // … with one Message-ID: the receiver keeps one
    expect(uniqueHooksFor('crash-next')).toHaveLength(1);
    expect(hooksFor('crash-next').every((h) => h.verified)).toBe(true);
    const rows = await outbox('crash-next');
    expect(rows.map((r) => [r.channel, r.status])).toEqual([['EMAIL', 'SENT'], ['WEBHOOK', 'SENT']]);
    expect(mailTo('crash-next@example.org').every((m) => m.messageId === `<${rows[0].id}@riverside.example.org>`)).toBe(true);
  });

  test('a patron who did not opt in gets nothing; one who chose only the webhook gets no e-mail', async () => {
    const { session } = await publishedSession(graph, { capacity: 5 });
    await register(graph, session.id, 'quiet-patron');
    await optIn('hook-only', { email: 'hook-only@example.org', channels: ['WEBHOOK'] });
    await register(graph, session.id, 'hook-only');
    await worker.dispatcher.runOnce();
    expect(await outbox('quiet-patron')).toEqual([]);
    expect(hooksFor('quiet-patron')).toHaveLength(0);
    expect(mailTo('hook-only@example.org')).toHaveLength(0);
    expect(hooksFor('hook-only').map((h) => h.json.type)).toEqual(['registration.confirmed']);
  });

  test('the unsubscribe link works without login: GET asks, POST turns the channel off, a forged token is refused', async () => {
    await optIn('unsub-1', { email: 'unsub-1@example.org', channels: ['EMAIL', 'WEBHOOK'] });
    const { session } = await publishedSession(graph, { capacity: 5 }, { title: 'Coding club' });
    await register(graph, session.id, 'unsub-1');
    await worker.dispatcher.runOnce();
    const [mail] = mailTo('unsub-1@example.org');
    expect(mail.subject).toBe("You're registered: Coding club");
    const link = /<([^>]+)>/.exec(mail.headers['list-unsubscribe'])![1];
    expect(mail.text).toContain(link);

    expect(link).toMatch(/\/notifications\/unsubscribe\/programs\?token=/);
    // The gateway forwards the link, so a deployment exposes only the gateway (NOTIFY_PUBLIC_URL = its public URL).
    const viaGateway = link.replace(/^http:\/\/[^/]+/, new URL(graph.url).origin);
    const page = await fetch(viaGateway);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const prefs = '{ myNotificationPreferences { channels } }';
    expect((await graph.data(prefs, {}, { as: patron('unsub-1') })).myNotificationPreferences.channels).toEqual(['EMAIL', 'WEBHOOK']);

    const forged = link.replace(/token=([^.]+)\./, (_m, body: string) => `token=${body}x.`);
    expect((await fetch(forged, { method: 'POST' })).status).toBe(400);
    const oneClick = await fetch(viaGateway, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect((await graph.data(prefs, {}, { as: patron('unsub-1') })).myNotificationPreferences.channels).toEqual(['WEBHOOK']);

    const other = await publishedSession(graph, { capacity: 5 });
    await register(graph, other.session.id, 'unsub-1');
    await worker.dispatcher.runOnce();
    expect(mailTo('unsub-1@example.org')).toHaveLength(1);
    expect(hooksFor('unsub-1')).toHaveLength(2);
  });

  test('retries with backoff after the SMTP server refuses once', async () => {
    await optIn('retry-1', { email: 'retry-1@example.org', channels: ['EMAIL'] });
    const { session } = await publishedSession(graph, { capacity: 5 });
    smtp.refuseNext(1, 451);
    await register(graph, session.id, 'retry-1');
    expect(await worker.dispatcher.runOnce()).toMatchObject({ sent: 0, retried: 1 });
    expect((await outbox('retry-1'))[0]).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(await worker.dispatcher.runOnce()).toMatchObject({ sent: 0 }); // not due yet
    await sleep(450);
    expect(await worker.dispatcher.runOnce()).toMatchObject({ sent: 1 });
    const tries = smtp.attempts.filter((a) => a.to.includes('retry-1@example.org'));
    expect(tries.map((a) => a.refused)).toEqual([true, false]);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(300);
    expect((await outbox('retry-1'))[0]).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(uniqueMailTo('retry-1@example.org')).toHaveLength(1);
  });

  test('the reminder job queues one reminder per registration the day before; cancelling the session tells its registrants', async () => {
    await optIn('remind-1', { email: 'remind-1@example.org', channels: ['EMAIL'] });
    const soon = await publishedSession(graph, { capacity: 5, startsAt: inHours(10), endsAt: inHours(11) }, { title: 'Tech help' });
    const later = await schedule(graph, soon.program.id, { startsAt: inHours(60), endsAt: inHours(61) });
    await register(graph, soon.session.id, 'remind-1');
    await register(graph, later.id, 'remind-1');
    await worker.newDispatcher().runOnce();
    await worker.newDispatcher().runOnce(); // the job runs again: still one reminder
    const topics = (await outbox('remind-1')).map((r) => r.topic).sort();
    expect(topics).toEqual(['registration.confirmed', 'registration.confirmed', 'session.reminder']);
    expect(mailTo('remind-1@example.org').filter((m) => m.subject.startsWith('Reminder: Tech help'))).toHaveLength(1);

    const cancelled = await graph.data(`mutation($id: ID!) { cancelSession(sessionId: $id) { session { status } ${ERRORS} } }`, { id: soon.session.id }, { as: STAFF_CEN });
    expect(cancelled.cancelSession.session.status).toBe('CANCELLED');
    await worker.dispatcher.runOnce();
    expect(mailTo('remind-1@example.org').filter((m) => m.subject === 'Cancelled: Tech help')).toHaveLength(1);
  });
});
