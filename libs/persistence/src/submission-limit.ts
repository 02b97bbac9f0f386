/**
 * The one per-client limit of anonymous submissions (RULES.md §3: feedback,
 * outcome surveys, answer sheets), counted by the database so that it holds
 * across replicas. Each accepted submission takes a slot: a row of its own
 * table (`submission_slot`) with the scope, a hash of the client and the
 * time, and nothing that links it to what was submitted. A slot is taken
 * first and given back when it was one too many, so that concurrent
 * requests can never together pass the limit (they may, at worst, refuse
 * one another). Rows older than the window are removed as the client
 * submits again, so the table holds about one window of slots.
 *
 * A subgraph that uses it lists `SubmissionSlotRow` in its entities and
 * `createSubmissionSlotTable` in a migration.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Column, Entity, Index, LessThan, MoreThan, PrimaryColumn, type QueryRunner, Table, TableIndex } from 'typeorm';
import type { Database } from './database';

@Entity('submission_slot')
@Index('IDX_submission_slot_client', ['scope', 'clientHash', 'takenAt'])
export class SubmissionSlotRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** What is limited: `feedback`, `outcome-survey`, `answer-sheet`. */
  @Column({ type: 'varchar', length: 40 }) scope: string;
  /** SHA-256 of the client key (the address, or the signed-in caller): never the address itself. */
  @Column({ type: 'varchar', length: 64 }) clientHash: string;
  @Column({ type: 'datetime', precision: 3 }) takenAt: Date;
}

/** For a migration: the slot table of this module. */
export async function createSubmissionSlotTable(q: QueryRunner): Promise<void> {
  await q.createTable(new Table({
    name: 'submission_slot',
    columns: [
      { name: 'id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'scope', type: 'varchar', length: '40' },
      { name: 'clientHash', type: 'varchar', length: '64' },
      { name: 'takenAt', type: 'datetime', precision: 3 },
    ],
    indices: [new TableIndex({ name: 'IDX_submission_slot_client', columnNames: ['scope', 'clientHash', 'takenAt'] })],
  }), true);
}

export interface SubmissionLimit {
  /** What is limited, e.g. `outcome-survey`. */
  scope: string;
  /** Who: the client address for anonymous callers (or `sub:<id>` for signed-in ones). */
  client: string;
  /** Submissions allowed per window. */
  limit: number;
  /** The window, in milliseconds (default one hour). */
  windowMs?: number;
}

export const clientHash = (client: string): string => createHash('sha256').update(`submission-slot\n${client}`).digest('hex');

/**
 * Takes a slot for one submission: true when the client is within its limit
 * (the slot is kept), false when it is not (nothing is kept).
 */
export async function takeSubmissionSlot(db: Database, opts: SubmissionLimit): Promise<boolean> {
  const windowMs = opts.windowMs ?? 3_600_000;
  const now = new Date();
  const since = new Date(now.getTime() - windowMs);
  const hash = clientHash(opts.client);
  const repo = db.manager.getRepository(SubmissionSlotRow);
  const id = randomUUID();
  await repo.delete({ scope: opts.scope, clientHash: hash, takenAt: LessThan(since) });
  await repo.insert({ id, scope: opts.scope, clientHash: hash, takenAt: now });
  const taken = await repo.count({ where: { scope: opts.scope, clientHash: hash, takenAt: MoreThan(since) } });
  if (taken <= opts.limit) return true;
  await repo.delete({ id });
  return false;
}
