import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Transporter } from 'nodemailer';
import { In } from 'typeorm';
import type { NotificationConfig } from '@ceg/config';
import { type Database, retryingTransaction } from '@ceg/persistence';
import type { Logger } from '../logger';
import { OutboxRow } from './outbox';
import { UNSUBSCRIBE_PATH } from './paths';
import { signedWebhookHeaders, type UnsubscribeClaim, unsubscribeToken } from './signing';

export interface RenderedMessage {
  subject: string;
  text: string;
}

export interface RenderInput {
  topic: string;
  locale: string;
  payload: Record<string, unknown>;
  unsubscribeUrl: string | null;
  timeZone: string;
}

/** How a subgraph turns its outbox rows into words (English and Spanish templates) and unsubscribe links. */
export interface NotificationTemplates {
  render(input: RenderInput): RenderedMessage;
  /** What the row's unsubscribe link turns off; null: no link. */
  unsubscribe(row: OutboxRow): UnsubscribeClaim | null;
}

export interface DispatcherOptions {
  db: Database;
  config: NotificationConfig;
  templates: NotificationTemplates;
  log: Logger;
  /** Base URL of the unsubscribe route (NOTIFY_PUBLIC_URL, or the subgraph's own address). */
  publicUrl: string;
  /** Path of the unsubscribe route under publicUrl (default UNSUBSCRIBE_PATH; subgraphs add their name, which the gateway forwards). */
  linkPath?: string;
  /** Work to do before each run, e.g. queue reminders (it must queue idempotently). */
  beforeRun?: (now: Date) => Promise<void>;
  /** Distinguishes this dispatcher's leases from every other's (default: host, pid and a random part). */
  owner?: string;
  /** Rows claimed per round (default 10). */
  batchSize?: number;
}

export interface RunSummary {
  sent: number;
  retried: number;
  failed: number;
}

class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

/** Delivered, given-up and withdrawn rows are deleted this long after they were queued (pending ones never). */
export const OUTBOX_RETENTION_DAYS = 30;

/**
 * Delivers the outbox. Each round claims due rows with a compare-and-set
 * lease (`leaseOwner`, `leaseUntil`), so two dispatchers never hold the same
 * row; delivers them by e-mail or signed webhook; records SENT, or schedules
 * a retry with exponential backoff, or gives up after NOTIFY_MAX_ATTEMPTS. A
 * dispatcher that dies mid-delivery leaves its lease to expire; the next one
 * delivers again with the same delivery id, which the receiver's idempotency
 * check recognises.
 */
export class Dispatcher {
  readonly owner: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RunSummary> | undefined;
  private stopped = false;
  private killed = false;
  private readonly aborts = new Set<AbortController>();
  private mailer: Transporter | undefined;
  private readonly messageIdDomain: string;
  private lastPurge = 0;

  constructor(private readonly opts: DispatcherOptions) {
    this.owner = (opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`).slice(0, 64);
    this.messageIdDomain = /@([^>\s]+)>?\s*$/.exec(opts.config.mailFrom)?.[1] ?? 'localhost';
  }

  private get config(): NotificationConfig {
    return this.opts.config;
  }

  /** Runs every NOTIFY_INTERVAL_MS until stop() (a run never overlaps the previous one). */
  start(): this {
    const every = this.config.intervalMs;
    if (every <= 0) return this;
    const tick = () => {
      if (this.stopped) return;
      this.runOnce()
        .catch((err) => this.opts.log.error({ err }, 'notification dispatch failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, every).unref();
        });
    };
    this.timer = setTimeout(tick, every).unref();
    return this;
  }

  /** Stops the timer and waits for the deliveries in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    this.mailer?.close();
  }

  /**
   * Stops as a crash would: deliveries in flight are abandoned and nothing
   * more is written (their leases expire and another dispatcher takes over).
   */
  kill(): void {
    this.stopped = true;
    this.killed = true;
    clearTimeout(this.timer);
    for (const a of this.aborts) a.abort();
    this.mailer?.close();
  }

  /** One run: the job before it, then rounds of claim-and-deliver until nothing is due. */
  runOnce(now?: Date): Promise<RunSummary> {
    if (this.running) return this.running;
    this.running = this.run(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(fixedNow?: Date): Promise<RunSummary> {
    const summary: RunSummary = { sent: 0, retried: 0, failed: 0 };
    if (this.killed) return summary;
    await this.opts.beforeRun?.(fixedNow ?? new Date());
    await this.purge(fixedNow ?? new Date());
    for (let round = 0; round < 100 && !this.killed; round++) {
      const rows = await this.claim(fixedNow ?? new Date());
      if (!rows.length) break;
      const results = await Promise.all(rows.map((r) => this.deliverOne(r)));
      for (const r of results) summary[r]++;
    }
    return summary;
  }

  /** At most once an hour: forgets finished rows older than OUTBOX_RETENTION_DAYS. */
  private async purge(now: Date): Promise<void> {
    if (this.lastPurge && now.getTime() - this.lastPurge < 3_600_000) return;
    this.lastPurge = now.getTime();
    const before = new Date(now.getTime() - OUTBOX_RETENTION_DAYS * 86_400_000);
    await retryingTransaction(this.opts.db, (tx) => tx.createQueryBuilder().delete().from(OutboxRow)
      .where('status IN (:...done) AND createdAt < :before', { done: ['SENT', 'FAILED', 'CANCELLED'], before }).execute());
  }

  private async claim(now: Date): Promise<OutboxRow[]> {
    const em = this.opts.db.manager;
    const due = await em.createQueryBuilder(OutboxRow, 'o').select('o.id', 'id')
      .where('o.status = :pending AND o.nextAttemptAt <= :now AND (o.leaseUntil IS NULL OR o.leaseUntil < :now)', { pending: 'PENDING', now })
      .orderBy('o.nextAttemptAt', 'ASC').addOrderBy('o.id', 'ASC')
      .limit(this.opts.batchSize ?? 10)
      .getRawMany<{ id: string }>();
    if (!due.length || this.killed) return [];
    const leaseUntil = new Date(now.getTime() + this.config.leaseMs);
    // Writes go through a transaction: on SQLite that queues them behind any open one on the shared connection.
    const claimed = await retryingTransaction(this.opts.db, async (tx) => {
      const mine: string[] = [];
      for (const { id } of due) {
        // Compare-and-set: only one dispatcher's update matches a free row.
        const res = await tx.createQueryBuilder().update(OutboxRow)
          .set({ leaseOwner: this.owner, leaseUntil, attempts: () => 'attempts + 1' })
          .where('id = :id AND status = :pending AND (leaseUntil IS NULL OR leaseUntil < :now)', { id, pending: 'PENDING', now })
          .execute();
        if (res.affected === 1) mine.push(id);
      }
      return mine;
    });
    if (!claimed.length) return [];
    return em.find(OutboxRow, { where: { id: In(claimed), leaseOwner: this.owner } });
  }

  private async deliverOne(row: OutboxRow): Promise<'sent' | 'retried' | 'failed'> {
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      await this.deliver(row, abort.signal);
      if (this.killed) return 'sent';
      await this.record(row, { status: 'SENT', sentAt: new Date(), leaseUntil: null, address: null, lastError: null });
      this.opts.log.info({ deliveryId: row.id, topic: row.topic, channel: row.channel, attempt: row.attempts }, 'notification delivered');
      return 'sent';
    } catch (err) {
      if (this.killed) return 'retried';
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const permanent = err instanceof DeliveryError && err.permanent;
      if (permanent || row.attempts >= this.config.maxAttempts) {
        await this.record(row, { status: 'FAILED', leaseUntil: null, address: null, lastError: message });
        this.opts.log.warn({ deliveryId: row.id, topic: row.topic, channel: row.channel, attempt: row.attempts, error: message }, 'notification given up');
        return 'failed';
      }
      const nextAttemptAt = new Date(Date.now() + this.backoff(row.attempts));
      await this.record(row, { nextAttemptAt, leaseUntil: null, lastError: message });
      this.opts.log.warn({ deliveryId: row.id, topic: row.topic, channel: row.channel, attempt: row.attempts, retryAt: nextAttemptAt, error: message }, 'notification delivery failed; will retry');
      return 'retried';
    } finally {
      this.aborts.delete(abort);
    }
  }

  /** base · 2^(attempt − 1), plus up to 20% jitter, at most NOTIFY_BACKOFF_MAX_MS. */
  backoff(attempt: number): number {
    const exp = this.config.backoffMs * 2 ** Math.min(attempt - 1, 30);
    return Math.min(this.config.backoffMaxMs, Math.round(exp * (1 + Math.random() * 0.2)));
  }

  /** Writes the outcome only while this dispatcher still holds the lease. */
  private async record(row: OutboxRow, set: Partial<OutboxRow>): Promise<void> {
    if (this.killed) return;
    await retryingTransaction(this.opts.db, (tx) => tx.createQueryBuilder().update(OutboxRow).set(set)
      .where('id = :id AND leaseOwner = :owner', { id: row.id, owner: this.owner }).execute());
  }

  private unsubscribeUrl(row: OutboxRow): string | null {
    const claim = this.opts.templates.unsubscribe(row);
    return claim ? `${this.opts.publicUrl}${this.opts.linkPath ?? UNSUBSCRIBE_PATH}?token=${unsubscribeToken(this.config.tokenSecret, claim)}` : null;
  }

  private async deliver(row: OutboxRow, signal: AbortSignal): Promise<void> {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    const unsubscribeUrl = this.unsubscribeUrl(row);
    if (row.channel === 'EMAIL') {
      if (!this.config.smtpUrl) throw new DeliveryError('SMTP_URL is not set', false);
      if (!row.address) throw new DeliveryError('no address', true);
      const rendered = this.opts.templates.render({ topic: row.topic, locale: row.locale, payload, unsubscribeUrl, timeZone: this.config.timeZone });
      // Loaded on the first e-mail only: processes that never send mail never load it.
      const nodemailer = require('nodemailer') as typeof import('nodemailer');
      this.mailer ??= nodemailer.createTransport({
        url: this.config.smtpUrl,
        connectionTimeout: this.config.timeoutMs, greetingTimeout: this.config.timeoutMs, socketTimeout: this.config.timeoutMs,
      } as Parameters<typeof import('nodemailer').createTransport>[0]);
      const send = this.mailer.sendMail({
        from: this.config.mailFrom,
        to: row.address,
        subject: rendered.subject,
        text: rendered.text,
        messageId: `<${row.id}@${this.messageIdDomain}>`,
        headers: {
          'X-Delivery-Id': row.id,
          ...(unsubscribeUrl ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
        },
      });
      await withTimeout(send, this.config.timeoutMs, signal).catch((err: { responseCode?: number; message?: string }) => {
        const code = err?.responseCode;
        throw new DeliveryError(`SMTP: ${err?.message ?? String(err)}`, typeof code === 'number' && code >= 500 && code < 600);
      });
      return;
    }
    if (row.channel === 'WEBHOOK') {
      if (!this.config.webhookUrl || !this.config.webhookSecret) throw new DeliveryError('WEBHOOK_URL is not set', false);
      const body = JSON.stringify({
        id: row.id, type: row.topic, createdAt: row.createdAt.toISOString(), locale: row.locale,
        recipient: row.recipientSub ? { sub: row.recipientSub } : null, unsubscribeUrl, data: payload,
      });
      let res: Response;
      try {
        res = await fetch(this.config.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'community-engagement-graph-notifications', ...signedWebhookHeaders(this.config.webhookSecret, row.id, body) },
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.config.timeoutMs)]),
        });
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        throw new DeliveryError(`webhook: ${err instanceof Error ? err.message : String(err)}`, false);
      }
      if (res.status >= 200 && res.status < 300) return;
      const retryable = res.status >= 500 || [408, 409, 425, 429].includes(res.status);
      throw new DeliveryError(`webhook: HTTP ${res.status}`, !retryable);
    }
    throw new DeliveryError(`unknown channel ${row.channel}`, true);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}
