/**
 * Telling a feedback submitter that staff replied. The submitter opts in
 * when they submit (`notifyOnResponse`: e-mail to the contact address they
 * gave, and/or a signed webhook to the library system naming their `sub`);
 * the choice is stored with the item (FeedbackSubscriptionRow, in the same
 * transaction). Each PUBLIC response is queued in the outbox in the
 * response's transaction; INTERNAL notes never are.
 */
import { Field, InputType } from 'type-graphql';
import { Column, type EntityManager, Entity, PrimaryColumn } from 'typeorm';
import { InputCheck, NotificationChannel, NotificationLocale, UserErrorCode } from '@ceg/conventions';
import { cancelPending, enqueue, notificationBackground, notificationSettings, type NotificationTemplates, type OutboxMessage } from '@ceg/kit';
import { retryingTransaction } from '@ceg/persistence';
import type { FeedbackRow } from './entities';

/** A submitter's wish to hear about responses to one item. */
@Entity('feedback_subscription')
export class FeedbackSubscriptionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) feedbackId: string;
  @Column({ type: 'boolean' }) emailEnabled: boolean;
  @Column({ type: 'boolean' }) webhookEnabled: boolean;
  /** en or es. */
  @Column({ type: 'varchar', length: 5 }) locale: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@InputType({ description: 'Whether and how the submitter wants to hear about staff responses to their item (PUBLIC responses only; internal notes never).' })
export class FeedbackNotificationInput {
  @Field(() => [NotificationChannel], { description: 'EMAIL needs `contact.email` (the address replies go to); WEBHOOK needs a signed-in submitter (the library system is told their `sub`). Empty: no notices.' }) channels: NotificationChannel[];
  @Field(() => NotificationLocale, { description: 'Language of the notices; default: ES when the item is in Spanish, else EN.', nullable: true }) locale?: NotificationLocale | null;
}

export interface NotifyChoice {
  email: boolean;
  webhook: boolean;
  locale: 'en' | 'es' | null;
}

/** Validates the opt-in against what the submitter gave (an e-mail address, a signed-in identity). */
export function checkNotify(check: InputCheck, input: FeedbackNotificationInput | null | undefined, given: { email: string | null; signedIn: boolean }): NotifyChoice | null {
  if (!input) return null;
  const channels = new Set(input.channels ?? []);
  if (channels.has(NotificationChannel.EMAIL) && !given.email) check.fail(['notifyOnResponse', 'channels'], UserErrorCode.INVALID, 'EMAIL needs contact.email: the address responses are sent to');
  if (channels.has(NotificationChannel.WEBHOOK) && !given.signedIn) check.fail(['notifyOnResponse', 'channels'], UserErrorCode.INVALID, 'WEBHOOK needs a signed-in submitter');
  if (!channels.size) return null;
  return { email: channels.has(NotificationChannel.EMAIL), webhook: channels.has(NotificationChannel.WEBHOOK), locale: input.locale ? (input.locale === NotificationLocale.ES ? 'es' : 'en') : null };
}

/** Stores the opt-in with the new item, in its transaction. */
export async function subscribeIn(em: EntityManager, row: FeedbackRow, choice: NotifyChoice | null): Promise<void> {
  if (!choice) return;
  await em.insert(FeedbackSubscriptionRow, {
    feedbackId: row.id, emailEnabled: choice.email, webhookEnabled: choice.webhook, locale: choice.locale ?? (row.language.toLowerCase().startsWith('es') ? 'es' : 'en'), createdAt: row.submittedAt,
  });
}

/** Queues the notice of a PUBLIC response, in the response's transaction. */
export async function notifyResponse(em: EntityManager, item: FeedbackRow, response: { id: string; body: string; authorName: string; visibility: string }): Promise<void> {
  const settings = notificationSettings(em);
  if (response.visibility !== 'PUBLIC' || !settings || (!settings.channels.EMAIL && !settings.channels.WEBHOOK)) return;
  const sub = await em.findOneBy(FeedbackSubscriptionRow, { feedbackId: item.id });
  if (!sub) return;
  const base = {
    topic: 'feedback.response', recipientSub: item.submitterSub, locale: sub.locale,
    payload: { feedbackId: item.id, branchId: item.branchId, subject: item.subject, responseId: response.id, response: response.body, authorName: response.authorName },
  };
  const messages: OutboxMessage[] = [];
  if (sub.emailEnabled && item.contactEmail && settings.channels.EMAIL) messages.push({ ...base, channel: 'EMAIL', address: item.contactEmail, dedupeKey: `feedback.response:${item.id}:${response.id}:EMAIL` });
  if (sub.webhookEnabled && item.submitterSub && settings.channels.WEBHOOK) messages.push({ ...base, channel: 'WEBHOOK', address: null, dedupeKey: `feedback.response:${item.id}:${response.id}:WEBHOOK` });
  await enqueue(em, messages);
}

const TEXT = {
  en: { subject: 'The library replied to your feedback: {subject}', lead: '{author} replied to your feedback "{subject}":', tail: 'Thank you for telling us.', unsubscribe: 'To stop e-mails about this item: {url}', sign: 'Your library' },
  es: { subject: 'La biblioteca respondió a su comentario: {subject}', lead: '{author} respondió a su comentario «{subject}»:', tail: 'Gracias por escribirnos.', unsubscribe: 'Para dejar de recibir correos sobre este comentario: {url}', sign: 'Su biblioteca' },
} as const;
const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

export const FEEDBACK_TEMPLATES: NotificationTemplates = {
  render({ locale, payload, unsubscribeUrl }) {
    const t = TEXT[locale === 'es' ? 'es' : 'en'];
    const vars = { subject: String(payload.subject ?? ''), author: String(payload.authorName ?? ''), url: unsubscribeUrl ?? '' };
    const lines = [fill(t.lead, vars), '', String(payload.response ?? ''), '', t.tail, '', t.sign];
    if (unsubscribeUrl) lines.push('', '--', fill(t.unsubscribe, vars));
    return { subject: fill(t.subject, vars), text: lines.join('\n') };
  },
  unsubscribe: (row) => ({ kind: 'feedback', scope: String((JSON.parse(row.payload) as { feedbackId: string }).feedbackId), channel: row.channel }),
};

/** feedback's notification wiring: templates and the unsubscribe link (one channel off for one item). */
export const feedbackNotifications = notificationBackground({
  templates: FEEDBACK_TEMPLATES,
  async unsubscribe(db, claim) {
    if (claim.kind !== 'feedback' || (claim.channel !== 'EMAIL' && claim.channel !== 'WEBHOOK')) return;
    const channel = claim.channel;
    await retryingTransaction(db, async (em) => {
      await em.update(FeedbackSubscriptionRow, { feedbackId: claim.scope }, channel === 'EMAIL' ? { emailEnabled: false } : { webhookEnabled: false });
      await cancelPending(em, { dedupePrefix: `feedback.response:${claim.scope}:`, channel });
    });
  },
});
