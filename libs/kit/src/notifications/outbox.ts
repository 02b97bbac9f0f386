import { randomUUID } from 'node:crypto';
import { Column, type EntityManager, Entity, Index, PrimaryColumn, Table, TableIndex } from 'typeorm';

export type NotificationChannelValue = 'EMAIL' | 'WEBHOOK';
export type OutboxStatus = 'PENDING' | 'SENT' | 'FAILED' | 'CANCELLED';

/**
 * One notification to deliver on one channel, written in the same
 * transaction as the change it tells about (the transactional outbox). Its
 * `id` is the delivery id: webhooks carry it as `webhook-id`, e-mail as the
 * Message-ID `<id@domain>`, so a receiver that sees it twice (a dispatcher
 * that died after sending and before recording it) can drop the copy.
 */
@Entity('notification_outbox')
@Index('IDX_outbox_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_recipient', ['recipientSub', 'status'])
export class OutboxRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** What makes the notification unique ("promoted:<registration>:EMAIL"): queuing it again is a no-op. */
  @Index('UQ_outbox_dedupe', { unique: true }) @Column({ type: 'varchar', length: 191 }) dedupeKey: string;
  /** registration.confirmed, registration.promoted, session.reminder, session.cancelled, feedback.response, … */
  @Column({ type: 'varchar', length: 40 }) topic: string;
  @Column({ type: 'varchar', length: 10 }) channel: string;
  /** The patron's `sub` (null for an anonymous feedback submitter). */
  @Column({ type: 'varchar', length: 200, nullable: true }) recipientSub: string | null;
  /** E-mail address while the message is pending; cleared once it is sent or given up. */
  @Column({ type: 'varchar', length: 254, nullable: true }) address: string | null;
  /** en or es. */
  @Column({ type: 'varchar', length: 5 }) locale: string;
  /** JSON: what the templates and the webhook body need (no e-mail address). */
  @Column({ type: 'text' }) payload: string;
  @Column({ type: 'varchar', length: 12 }) status: string;
  @Column({ type: 'int' }) attempts: number;
  @Column({ type: 'datetime', precision: 3 }) nextAttemptAt: Date;
  /** The dispatcher that holds the message, until leaseUntil. */
  @Column({ type: 'varchar', length: 64, nullable: true }) leaseOwner: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) leaseUntil: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) sentAt: Date | null;
}

/** The outbox table as a migration creates it (the same in every subgraph that notifies). */
export function outboxTable(): Table {
  const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
  const datetime = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
  return new Table({
    name: 'notification_outbox',
    columns: [
      { name: 'id', type: 'varchar', length: '36', isPrimary: true }, varchar('dedupeKey', 191), varchar('topic', 40), varchar('channel', 10),
      varchar('recipientSub', 200, true), varchar('address', 254, true), varchar('locale', 5), { name: 'payload', type: 'text' }, varchar('status', 12),
      { name: 'attempts', type: 'int' }, datetime('nextAttemptAt'), varchar('leaseOwner', 64, true), datetime('leaseUntil', true),
      varchar('lastError', 500, true), datetime('createdAt'), datetime('sentAt', true),
    ],
    indices: [
      new TableIndex({ name: 'UQ_outbox_dedupe', columnNames: ['dedupeKey'], isUnique: true }),
      new TableIndex({ name: 'IDX_outbox_due', columnNames: ['status', 'nextAttemptAt'] }),
      new TableIndex({ name: 'IDX_outbox_recipient', columnNames: ['recipientSub', 'status'] }),
    ],
  });
}

export interface OutboxMessage {
  dedupeKey: string;
  topic: string;
  channel: NotificationChannelValue;
  recipientSub: string | null;
  address: string | null;
  locale: string;
  payload: Record<string, unknown>;
}

/**
 * Queues messages inside the caller's transaction: they exist exactly when the
 * change commits. A message whose dedupeKey is already queued is skipped, so
 * a job may queue the same reminder on every run.
 */
export async function enqueue(em: EntityManager, messages: OutboxMessage[], now = new Date()): Promise<void> {
  if (!messages.length) return;
  const rows = messages.map((m) => ({
    id: randomUUID(), dedupeKey: m.dedupeKey.slice(0, 191), topic: m.topic, channel: m.channel, recipientSub: m.recipientSub, address: m.address,
    locale: m.locale, payload: JSON.stringify(m.payload), status: 'PENDING', attempts: 0, nextAttemptAt: now, leaseOwner: null, leaseUntil: null,
    lastError: null, createdAt: now, sentAt: null,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await em.createQueryBuilder().insert().into(OutboxRow).values(rows.slice(i, i + 200)).orIgnore().execute();
  }
}

/** Withdraws a recipient's pending messages on a channel (after they unsubscribed). */
export async function cancelPending(em: EntityManager, where: { recipientSub?: string; dedupePrefix?: string; channel: NotificationChannelValue }): Promise<void> {
  const qb = em.createQueryBuilder().update(OutboxRow).set({ status: 'CANCELLED', address: null, leaseUntil: null })
    .where('status = :pending AND channel = :channel', { pending: 'PENDING', channel: where.channel });
  if (where.recipientSub) qb.andWhere('recipientSub = :sub', { sub: where.recipientSub });
  if (where.dedupePrefix) qb.andWhere('dedupeKey LIKE :prefix', { prefix: `${where.dedupePrefix.replace(/[\\%_]/g, '\\$&')}%` });
  await qb.execute();
}
