import { createHmac } from 'node:crypto';
import { ConfigError, type Env, intVar, type VariableDoc } from './index';

/** Environment variables of notifications (outbox dispatcher, e-mail, webhooks, reminders). */
export const NOTIFICATION_VARIABLES: VariableDoc[] = [
  { name: 'SMTP_URL', default: '(e-mail off)', usedBy: 'subgraphs', description: 'SMTP server for notification e-mail (`smtp://user:pass@mail.example.org:587`, `smtps://…:465`), used by nodemailer. Empty: the e-mail channel is off and no e-mail is queued.' },
  { name: 'MAIL_FROM', default: 'Library notifications <no-reply@localhost>', usedBy: 'subgraphs', description: 'Sender of notification e-mail; its domain also ends every Message-ID (`<delivery-id@domain>`).' },
  { name: 'WEBHOOK_URL', default: '(webhooks off)', usedBy: 'subgraphs', description: 'The library system\'s own messaging endpoint: notifications that patrons opted in to the `WEBHOOK` channel are POSTed there as JSON signed with `WEBHOOK_SECRET`. Empty: the webhook channel is off.' },
  { name: 'WEBHOOK_SECRET', default: '', usedBy: 'subgraphs', description: 'HMAC-SHA256 key of webhook signatures (`webhook-signature: v1,<base64>` over `<id>.<timestamp>.<body>`). Required with `WEBHOOK_URL`; at least 32 bytes in production.' },
  { name: 'NOTIFY_INTERVAL_MS', default: '5000 (0 when NODE_ENV=test)', usedBy: 'subgraphs', description: 'How often each feedback and programs process runs its notification dispatcher and the programs reminder job. `0` turns the dispatcher off in that process (another replica or process may run it).' },
  { name: 'NOTIFY_MAX_ATTEMPTS', default: '8', usedBy: 'subgraphs', description: 'Delivery attempts of one notification before it is marked `FAILED`.' },
  { name: 'NOTIFY_BACKOFF_MS', default: '30000', usedBy: 'subgraphs', description: 'Wait before the first retry; each further retry waits twice as long (plus up to 20% jitter), at most `NOTIFY_BACKOFF_MAX_MS`.' },
  { name: 'NOTIFY_BACKOFF_MAX_MS', default: '3600000', usedBy: 'subgraphs', description: 'Longest wait between two delivery attempts.' },
  { name: 'NOTIFY_TIMEOUT_MS', default: '15000', usedBy: 'subgraphs', description: 'Time one SMTP or webhook delivery may take before it counts as failed and is retried.' },
  { name: 'NOTIFY_LEASE_MS', default: '120000', usedBy: 'subgraphs', description: 'How long a dispatcher holds a claimed notification; another dispatcher takes it over only after this (a process that died mid-delivery). At least twice `NOTIFY_TIMEOUT_MS`.' },
  { name: 'NOTIFY_REMINDER_HOURS', default: '24', usedBy: 'subgraphs', description: 'Programs: a reminder is queued for every confirmed, opted-in registration of a session that starts within this many hours (once per registration and start time).' },
  { name: 'NOTIFY_PUBLIC_URL', default: 'http://127.0.0.1:<the subgraph\'s port>', usedBy: 'subgraphs', description: 'Public base URL of the unsubscribe links in e-mail (`<NOTIFY_PUBLIC_URL>/notifications/unsubscribe/<subgraph>?token=…`): in production the gateway\'s public URL, which forwards that path to the subgraph.' },
  { name: 'NOTIFY_TIME_ZONE', default: 'UTC', usedBy: 'subgraphs', description: 'IANA time zone in which e-mail shows session times (`America/Los_Angeles`).' },
];

export interface NotificationConfig {
  smtpUrl?: string;
  mailFrom: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** 0: the dispatcher does not run in this process. */
  intervalMs: number;
  maxAttempts: number;
  backoffMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
  leaseMs: number;
  reminderHours: number;
  publicUrl?: string;
  timeZone: string;
  /** Key of unsubscribe tokens, derived from SUBGRAPH_SECRET (rotating it voids old links). */
  tokenSecret: Buffer;
  /** Channels that deliver in this deployment: nothing is queued for the others. */
  channels: { EMAIL: boolean; WEBHOOK: boolean };
}

/** Reads the notification settings; a webhook without a secret, a bad URL or an unknown time zone stops the process. */
export function notificationConfig(env: Env, subgraphSecret: string): NotificationConfig {
  const production = env.NODE_ENV === 'production';
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  const webhookUrl = env.WEBHOOK_URL?.trim() || undefined;
  if (webhookUrl && !/^https?:\/\//.test(webhookUrl)) throw new ConfigError('WEBHOOK_URL must be an http:// or https:// URL');
  const webhookSecret = env.WEBHOOK_SECRET || undefined;
  if (webhookUrl && !webhookSecret) throw new ConfigError('WEBHOOK_URL needs WEBHOOK_SECRET: webhooks are always signed');
  if (webhookUrl && production && Buffer.byteLength(webhookSecret!, 'utf8') < 32) throw new ConfigError('WEBHOOK_SECRET must be at least 32 bytes in production');
  const timeZone = env.NOTIFY_TIME_ZONE?.trim() || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError(`NOTIFY_TIME_ZONE "${timeZone}" is not an IANA time zone`);
  }
  const timeoutMs = intVar(env, 'NOTIFY_TIMEOUT_MS', 15_000, 100);
  const leaseMs = intVar(env, 'NOTIFY_LEASE_MS', 120_000, 100);
  if (leaseMs < 2 * timeoutMs) throw new ConfigError('NOTIFY_LEASE_MS must be at least twice NOTIFY_TIMEOUT_MS, or a slow delivery could be taken over while it still runs');
  return {
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || 'Library notifications <no-reply@localhost>',
    webhookUrl,
    webhookSecret,
    intervalMs: intVar(env, 'NOTIFY_INTERVAL_MS', env.NODE_ENV === 'test' ? 0 : 5_000),
    maxAttempts: intVar(env, 'NOTIFY_MAX_ATTEMPTS', 8, 1),
    backoffMs: intVar(env, 'NOTIFY_BACKOFF_MS', 30_000, 1),
    backoffMaxMs: intVar(env, 'NOTIFY_BACKOFF_MAX_MS', 3_600_000, 1),
    timeoutMs,
    leaseMs,
    reminderHours: intVar(env, 'NOTIFY_REMINDER_HOURS', 24, 1),
    publicUrl: env.NOTIFY_PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined,
    timeZone,
    tokenSecret: createHmac('sha256', subgraphSecret).update('ceg-notification-links-v1').digest(),
    channels: { EMAIL: !!smtpUrl, WEBHOOK: !!webhookUrl },
  };
}
