/**
 * Notices to patrons about their registrations: confirmed, moved up from the
 * waitlist, reminded before the session, session cancelled. Each is queued in
 * the notification outbox inside the transaction that makes the change, once
 * per channel the patron opted in to (NotificationPreferenceRow) and the
 * deployment delivers; the dispatcher in libs/kit sends them.
 */
import { Column, type EntityManager, Entity, In, PrimaryColumn } from 'typeorm';
import type { NotificationConfig } from '@ceg/config';
import {
  cancelPending, enqueue, notificationBackground, notificationSettings, type NotificationTemplates, type OutboxMessage, type RenderInput,
} from '@ceg/kit';
import { type Database, retryingTransaction } from '@ceg/persistence';
import { ProgramRow, RegistrationRow, SessionRow } from './entities';

/** A patron's notification choices, by their token's `sub`. The e-mail address is theirs to give and only they read it back. */
@Entity('notification_preference')
export class NotificationPreferenceRow {
  @PrimaryColumn({ type: 'varchar', length: 200 }) sub: string;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'boolean' }) emailEnabled: boolean;
  @Column({ type: 'boolean' }) webhookEnabled: boolean;
  /** en or es. */
  @Column({ type: 'varchar', length: 5 }) locale: string;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
}

export type ProgramTopic = 'registration.confirmed' | 'registration.promoted' | 'session.reminder' | 'session.cancelled';

type Reg = Pick<RegistrationRow, 'id' | 'patronId'>;
type Sess = Pick<SessionRow, 'id' | 'programId' | 'branchId' | 'startsAt' | 'endsAt' | 'location'>;

/**
 * Queues `topic` for these registrations of one session, inside the caller's
 * transaction. `occasion` tells apart notices of the same kind for the same
 * registration (a reminder per start time).
 */
export async function notifyRegistrations(em: EntityManager, topic: ProgramTopic, regs: Reg[], session: Sess, occasion = ''): Promise<void> {
  const settings = notificationSettings(em);
  if (!regs.length || !settings || (!settings.channels.EMAIL && !settings.channels.WEBHOOK)) return;
  const prefs = await em.find(NotificationPreferenceRow, { where: { sub: In([...new Set(regs.map((r) => r.patronId))]) } });
  if (!prefs.length) return;
  const bySub = new Map(prefs.map((p) => [p.sub, p]));
  const program = await em.findOneBy(ProgramRow, { id: session.programId });
  const payload = {
    sessionId: session.id, programId: session.programId, branchId: session.branchId, programTitle: program?.title ?? '',
    startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString(), location: session.location,
  };
  const messages: OutboxMessage[] = [];
  for (const r of regs) {
    const p = bySub.get(r.patronId);
    if (!p) continue;
    const base = { topic, recipientSub: r.patronId, locale: p.locale, payload: { ...payload, registrationId: r.id } };
    if (p.emailEnabled && p.email && settings.channels.EMAIL) messages.push({ ...base, channel: 'EMAIL', address: p.email, dedupeKey: `${topic}:${r.id}:${occasion}:EMAIL` });
    if (p.webhookEnabled && settings.channels.WEBHOOK) messages.push({ ...base, channel: 'WEBHOOK', address: null, dedupeKey: `${topic}:${r.id}:${occasion}:WEBHOOK` });
  }
  await enqueue(em, messages);
}

/** Live registrations of a session, read before it is cancelled, so that their patrons hear of it. */
export async function notifySessionCancelled(em: EntityManager, sessionId: string): Promise<void> {
  const settings = notificationSettings(em);
  if (!settings || (!settings.channels.EMAIL && !settings.channels.WEBHOOK)) return;
  const session = await em.findOneBy(SessionRow, { id: sessionId });
  if (!session || session.startsAt.getTime() <= Date.now()) return;
  const live = await em.find(RegistrationRow, { where: { sessionId, status: In(['CONFIRMED', 'WAITLISTED']) }, select: { id: true, patronId: true } });
  await notifyRegistrations(em, 'session.cancelled', live, session);
}

/**
 * The reminder job: every confirmed registration of an opted-in patron for a
 * session that starts within NOTIFY_REMINDER_HOURS gets one reminder per
 * start time (queuing it again is a no-op, so every dispatcher run may try).
 * Runs at most once a minute per process.
 */
export function reminderJob(db: Database, settings: NotificationConfig): (now: Date) => Promise<void> {
  let last = 0;
  return async (now) => {
    if (now.getTime() - last < 60_000 && last !== 0) return;
    last = now.getTime();
    const until = new Date(now.getTime() + settings.reminderHours * 3_600_000);
    const rows = await db.manager.createQueryBuilder(RegistrationRow, 'r')
      .innerJoin(SessionRow, 's', 's.id = r.sessionId')
      .innerJoin(NotificationPreferenceRow, 'p', 'p.sub = r.patronId')
      .select('r.id', 'id').addSelect('r.patronId', 'patronId').addSelect('r.sessionId', 'sessionId')
      .where('r.status = :confirmed AND s.status = :scheduled AND s.startsAt > :now AND s.startsAt <= :until', { confirmed: 'CONFIRMED', scheduled: 'SCHEDULED', now, until })
      .andWhere('(p.emailEnabled = :yes OR p.webhookEnabled = :yes)', { yes: true })
      .orderBy('s.startsAt', 'ASC').limit(2000)
      .getRawMany<{ id: string; patronId: string; sessionId: string }>();
    const bySession = new Map<string, Reg[]>();
    for (const r of rows) bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), r]);
    for (const [sessionId, regs] of bySession) {
      await retryingTransaction(db, async (em) => {
        const s = await em.findOneBy(SessionRow, { id: sessionId });
        if (s) await notifyRegistrations(em, 'session.reminder', regs, s, String(s.startsAt.getTime()));
      });
    }
  };
}

// ------------------------------------------------------------------ templates (English and Spanish)

const when = (iso: string, locale: string, timeZone: string) =>
  new Intl.DateTimeFormat(locale === 'es' ? 'es' : 'en-US', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));

const TEXT = {
  en: {
    'registration.confirmed': { subject: "You're registered: {title}", lead: 'You have a seat at {title} on {when}{at}.', tail: 'If you cannot come, please cancel your registration so that someone on the waitlist gets your seat.' },
    'registration.promoted': { subject: 'A seat opened up for you: {title}', lead: 'Good news: you moved up from the waitlist and now have a seat at {title} on {when}{at}.', tail: 'If you cannot come any more, please cancel your registration so that the next person gets the seat.' },
    'session.reminder': { subject: 'Reminder: {title} is coming up', lead: 'This is a reminder that {title} starts on {when}{at}.', tail: 'If you cannot come, please cancel your registration so that someone else can.' },
    'session.cancelled': { subject: 'Cancelled: {title}', lead: 'We are sorry: the session of {title} on {when}{at} has been cancelled, and your registration with it.', tail: 'Please look at our calendar for other sessions.' },
    at: ' at {location}', unsubscribe: 'To stop these e-mails: {url}', sign: 'Your library',
  },
  es: {
    'registration.confirmed': { subject: 'Inscripción confirmada: {title}', lead: 'Tiene un lugar en {title} el {when}{at}.', tail: 'Si no puede asistir, cancele su inscripción para que otra persona de la lista de espera pueda ocupar su lugar.' },
    'registration.promoted': { subject: 'Se liberó un lugar para usted: {title}', lead: 'Buenas noticias: pasó de la lista de espera y ya tiene un lugar en {title} el {when}{at}.', tail: 'Si ya no puede asistir, cancele su inscripción para que la siguiente persona ocupe el lugar.' },
    'session.reminder': { subject: 'Recordatorio: {title}', lead: 'Le recordamos que {title} empieza el {when}{at}.', tail: 'Si no puede asistir, cancele su inscripción para que otra persona pueda venir.' },
    'session.cancelled': { subject: 'Cancelada: {title}', lead: 'Lo sentimos: la sesión de {title} del {when}{at} se canceló, y con ella su inscripción.', tail: 'Consulte nuestro calendario para ver otras sesiones.' },
    at: ' en {location}', unsubscribe: 'Para dejar de recibir estos correos: {url}', sign: 'Su biblioteca',
  },
} as const;

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

export const PROGRAM_TEMPLATES: NotificationTemplates = {
  render({ topic, locale, payload, unsubscribeUrl, timeZone }: RenderInput) {
    const lang = locale === 'es' ? 'es' : 'en';
    const t = TEXT[lang];
    const m = t[topic as ProgramTopic] ?? t['registration.confirmed'];
    const vars = {
      title: String(payload.programTitle ?? ''), when: when(String(payload.startsAt), lang, timeZone),
      at: payload.location ? fill(t.at, { location: String(payload.location) }) : '', url: unsubscribeUrl ?? '',
    };
    const lines = [fill(m.lead, vars), '', m.tail, '', t.sign];
    if (unsubscribeUrl) lines.push('', '--', fill(t.unsubscribe, vars));
    return { subject: fill(m.subject, vars), text: lines.join('\n') };
  },
  unsubscribe: (row) => (row.recipientSub ? { kind: 'programs', scope: row.recipientSub, channel: row.channel } : null),
};

/** programs' notification wiring: templates, the unsubscribe link (one channel off for the patron), the reminder job. */
export const programsNotifications = notificationBackground({
  templates: PROGRAM_TEMPLATES,
  beforeRun: reminderJob,
  async unsubscribe(db, claim) {
    if (claim.kind !== 'programs' || (claim.channel !== 'EMAIL' && claim.channel !== 'WEBHOOK')) return;
    const channel = claim.channel;
    await retryingTransaction(db, async (em) => {
      await em.update(NotificationPreferenceRow, { sub: claim.scope }, channel === 'EMAIL' ? { emailEnabled: false, updatedAt: new Date() } : { webhookEnabled: false, updatedAt: new Date() });
      await cancelPending(em, { recipientSub: claim.scope, channel });
    });
  },
});
