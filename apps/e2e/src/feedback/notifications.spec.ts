import { startSmtpSink, startWebhookSink, type SmtpSink, type TestGraph, type WebhookSink } from '@ceg/testing';
import { startGraph } from '../graph';
import { asPatron, asStaff, SUBMIT, validInput } from './helpers';

const SECRET = 'webhook-secret-of-the-feedback-test-deployment';
const RESPOND = 'mutation($i: RespondToFeedbackInput!) { respondToFeedback(input: $i) { feedback { id } userErrors { field code } } }';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(probe: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > until) return v;
    await sleep(50);
  }
}

/** Staff responses reach submitters who opted in, through the dispatcher that runs inside the feedback process. */
describe('feedback: notifications', () => {
  let graph: TestGraph;
  let smtp: SmtpSink;
  let hooks: WebhookSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hooks = await startWebhookSink(SECRET);
    graph = await startGraph({
      only: ['libraries', 'programs', 'feedback'], demoData: ['libraries'],
      env: {
        SMTP_URL: smtp.url, WEBHOOK_URL: hooks.url, WEBHOOK_SECRET: SECRET, MAIL_FROM: 'Riverside Library <notices@riverside.example.org>',
        NOTIFY_INTERVAL_MS: '100', NOTIFY_BACKOFF_MS: '300', NOTIFY_TIMEOUT_MS: '2000', NOTIFY_LEASE_MS: '4000',
      },
    });
  });
  afterAll(async () => {
    await graph?.stop();
    await smtp?.close();
    await hooks?.close();
  });

  const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
  const outbox = async (feedbackId: string) =>
    (await graph.subgraph('feedback').db.manager.query('SELECT id, topic, channel, status, attempts FROM notification_outbox WHERE payload LIKE ? ORDER BY createdAt, channel', [`%${feedbackId}%`]) as any[])
      .map((r) => ({ ...r, attempts: Number(r.attempts) }));
  async function submit(input: Record<string, unknown>, as?: any) {
    const data = await graph.data(SUBMIT, { input: validInput(input) }, { as });
    expect(data.submitFeedback.userErrors).toEqual([]);
    return data.submitFeedback.feedback;
  }
  async function respond(feedbackId: string, body: string, visibility = 'PUBLIC') {
    const data = await graph.data(RESPOND, { i: { feedbackId, body, visibility } }, { as: asStaff() });
    expect(data.respondToFeedback.userErrors).toEqual([]);
  }

  test('a public reply reaches an anonymous submitter who opted in, in Spanish; an internal note never does', async () => {
    const item = await submit({
      subject: 'Horario del sábado', body: 'Por favor abran más temprano los sábados.', contact: { email: 'vecina@example.org' },
      notifyOnResponse: { channels: ['EMAIL'], locale: 'ES' },
    });
    await respond(item.id, 'Note for the team: check the budget.', 'INTERNAL');
    await respond(item.id, 'Gracias: desde marzo abrimos a las 9.');
    const mails = await waitFor(() => mailTo('vecina@example.org'), (m) => m.length >= 1);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('La biblioteca respondió a su comentario: Horario del sábado');
    expect(mails[0].text).toContain('Gracias: desde marzo abrimos a las 9.');
    expect(mails[0].text).not.toContain('check the budget');
    // The dispatcher records the delivery after the SMTP server has accepted the message.
    const rows = await waitFor(() => outbox(item.id), (r) => r[0]?.status === 'SENT');
    expect(rows.map((r) => [r.topic, r.channel, r.status])).toEqual([['feedback.response', 'EMAIL', 'SENT']]);
    expect(mails[0].messageId).toBe(`<${rows[0].id}@riverside.example.org>`);
    await sleep(300);
    expect(mailTo('vecina@example.org')).toHaveLength(1);
  });

  test('a signed-in submitter gets the e-mail and a signed webhook that names only their sub', async () => {
    const item = await submit({ contact: { email: 'reader@example.org' }, notifyOnResponse: { channels: ['EMAIL', 'WEBHOOK'] } }, asPatron('fb-reader'));
    await respond(item.id, 'Thank you, we will pass it on.');
    const webhooks = await waitFor(() => hooks.received.filter((h) => h.json.recipient?.sub === 'fb-reader'), (h) => h.length >= 1);
    await waitFor(() => mailTo('reader@example.org'), (m) => m.length >= 1);
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0].verified).toBe(true);
    expect(webhooks[0].json).toMatchObject({ type: 'feedback.response', locale: 'en', data: { feedbackId: item.id, response: 'Thank you, we will pass it on.' } });
    expect(webhooks[0].body).not.toContain('reader@example.org');
    expect(mailTo('reader@example.org')[0].subject).toBe('The library replied to your feedback: Study rooms');
  });

  test('a submitter who did not opt in gets nothing, even with an e-mail address given', async () => {
    const item = await submit({ contact: { email: 'quiet@example.org' } });
    await respond(item.id, 'Thanks for the kind words.');
    await sleep(500);
    expect(mailTo('quiet@example.org')).toHaveLength(0);
    expect(await outbox(item.id)).toEqual([]);
  });

  test('opting in needs what the channel needs; a refused opt-in writes nothing', async () => {
    const before = Number((await graph.subgraph('feedback').db.manager.query('SELECT COUNT(*) AS n FROM feedback'))[0].n);
    const noAddress = await graph.data(SUBMIT, { input: validInput({ notifyOnResponse: { channels: ['EMAIL'] } }) });
    expect(noAddress.submitFeedback).toEqual({ feedback: null, userErrors: [{ field: ['input', 'notifyOnResponse', 'channels'], code: 'INVALID', message: expect.any(String) }] });
    const anonymousHook = await graph.data(SUBMIT, { input: validInput({ contact: { email: 'a@example.org' }, notifyOnResponse: { channels: ['WEBHOOK'] } }) });
    expect(anonymousHook.submitFeedback.userErrors).toEqual([{ field: ['input', 'notifyOnResponse', 'channels'], code: 'INVALID', message: expect.any(String) }]);
    expect(Number((await graph.subgraph('feedback').db.manager.query('SELECT COUNT(*) AS n FROM feedback'))[0].n)).toBe(before);
  });

  test('retries with backoff after the SMTP server refuses once; the unsubscribe link stops further e-mail', async () => {
    const item = await submit({ contact: { email: 'retry@example.org' }, notifyOnResponse: { channels: ['EMAIL'] } });
    smtp.refuseNext(1, 451);
    await respond(item.id, 'First reply.');
    const mails = await waitFor(() => mailTo('retry@example.org'), (m) => m.length >= 1);
    expect(mails).toHaveLength(1);
    const tries = smtp.attempts.filter((a) => a.to.includes('retry@example.org'));
    expect(tries.map((a) => a.refused)).toEqual([true, false]);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(300);
    expect((await waitFor(() => outbox(item.id), (r) => r[0]?.status === 'SENT'))[0]).toMatchObject({ status: 'SENT', attempts: 2 });

    const link = /<([^>]+)>/.exec(mails[0].headers['list-unsubscribe'])![1];
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    await respond(item.id, 'Second reply.');
    await sleep(500);
    expect(mailTo('retry@example.org')).toHaveLength(1);
  });
});
