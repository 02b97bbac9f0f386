import { randomUUID } from 'node:crypto';
import { type EntityManager, In } from 'typeorm';
import { type InputCheck, UserErrorCode } from '@ceg/conventions';
import type { Database } from '@ceg/persistence';
import { ProgramRow, RegistrationRow, type SessionRow } from './entities';
import { SEAT_HOLDING } from './domain';
import { notifyRegistrations } from './notifications';
import { ProgramStatus, RegistrationStatus, SessionStatus } from './types';
import { addRegistrations } from './tally';

/** Most registrations admitted in one transaction. */
export const MAX_BATCH = 256;
/** Rows per INSERT statement (11 bound values each). */
const INSERT_CHUNK = 100;

/** One caller's registration, waiting to be admitted. */
export interface Admission {
  patronId: string;
  /** Whether this caller may see the program (else the session is NOT_FOUND for them). */
  canSee: (program: ProgramRow) => boolean;
  check: InputCheck;
  field: string | (string | number)[];
}

interface Waiter extends Admission {
  resolve: (row: RegistrationRow | null) => void;
  reject: (e: unknown) => void;
}

export interface BatchRunner {
  /** Runs `fn` in a transaction (retried as a deadlock victim). */
  transact<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /** Locks the session row (MySQL) inside the transaction and reads it; null if there is none. */
  lockSession(em: EntityManager, sessionId: string): Promise<SessionRow | null>;
  /**
   * One caller alone, in its own transaction: the path taken when a batch could not be written as a whole
   * (also a batch of one, e.g. a unique violation when another replica admitted the same patron meanwhile).
   * The runner is the one of the request that started the batch: visibility is the caller's own `canSee`.
   */
  admitAlone(sessionId: string, a: Admission): Promise<RegistrationRow | null>;
  /** Told when a batch fell back to one transaction per caller. */
  onFallback?(size: number, err: unknown): void;
}

/**
 * Group commit of registrations (RULES.md §5), per subgraph process and
 * session: the first registration for a session starts a transaction after
 * one turn of the event loop (so that those whose requests arrived with it
 * join it); registrations for the same session that arrive while it runs
 * wait and are then admitted together, in arrival order, in one transaction with
 * the session row locked — one lock, one read of the program, one count, one
 * multi-row INSERT and one notice query for up to MAX_BATCH callers instead
 * of a transaction and two reads each. The session and its program are read
 * inside that transaction (a session whose program the caller may not see is
 * NOT_FOUND for them, as everywhere).
 * Every caller still gets its own answer (their registration, or their own
 * user errors). Exactly-capacity and the waitlist's order are still enforced
 * by the database's lock, so replicas that batch on their own stay correct.
 * When a batch cannot be written as a whole (e.g. another replica inserted a
 * live registration of one of the patrons meanwhile: a unique violation),
 * each of its callers is admitted alone, one transaction each, as before.
 */
export class RegistrationCombiner {
  private readonly pending = new Map<string, Waiter[]>();
  private readonly running = new Set<string>();
  /** The last registeredAt given out per session, so that admission times keep arrival order. */
  private readonly lastStamp = new Map<string, number>();

  admit(runner: BatchRunner, sessionId: string, a: Admission): Promise<RegistrationRow | null> {
    return new Promise((resolve, reject) => {
      const queue = this.pending.get(sessionId) ?? [];
      queue.push({ ...a, resolve, reject });
      this.pending.set(sessionId, queue);
      if (!this.running.has(sessionId)) void this.drain(runner, sessionId);
    });
  }

  /** Registrations waiting to be admitted (for tests). */
  waiting(sessionId: string): number {
    return this.pending.get(sessionId)?.length ?? 0;
  }

  private async drain(runner: BatchRunner, sessionId: string): Promise<void> {
    this.running.add(sessionId);
    try {
      for (;;) {
        // One turn of the event loop first: the requests whose bytes have already arrived join this batch (on
        // SQLite a transaction never yields to I/O, so without it every batch would hold one registration).
        await new Promise<void>((resolve) => setImmediate(resolve));
        const queue = this.pending.get(sessionId);
        if (!queue?.length) break;
        const batch = queue.splice(0, MAX_BATCH);
        if (!queue.length) this.pending.delete(sessionId);
        await this.write(runner, sessionId, batch);
      }
    } finally {
      this.running.delete(sessionId);
      if (this.lastStamp.size > 10_000) this.lastStamp.clear();
    }
  }

  private async write(runner: BatchRunner, sessionId: string, batch: Waiter[]): Promise<void> {
    let outcome: { rows: (RegistrationRow | null)[]; failures: [number, UserErrorCode, string][] };
    try {
      outcome = await runner.transact((em) => this.admitAll(em, runner, sessionId, batch));
    } catch (e) {
      runner.onFallback?.(batch.length, e);
      // One by one, in arrival order: each caller gets its own answer or its own error.
      for (const w of batch) {
        try {
          w.resolve(await runner.admitAlone(sessionId, w));
        } catch (err) {
          w.reject(err);
        }
      }
      return;
    }
    batch.forEach((w, i) => {
      for (const [j, code, message] of outcome.failures) if (j === i) w.check.fail(w.field, code, message);
      w.resolve(outcome.rows[i]);
    });
  }

  /** Inside the transaction: nothing is told to the callers until it has committed. */
  private async admitAll(em: EntityManager, runner: BatchRunner, sessionId: string, batch: Waiter[]) {
    const failures: [number, UserErrorCode, string][] = [];
    const s = await runner.lockSession(em, sessionId);
    const program = s && (await em.findOneBy(ProgramRow, { id: s.programId }));
    if (!s || !program) return { rows: batch.map(() => null), failures: batch.map((_, i) => [i, UserErrorCode.NOT_FOUND, 'No session has this id'] as [number, UserErrorCode, string]) };
    const keys = [...new Set(batch.map((w) => `${s.id}:${w.patronId}`))];
    const live = new Map<string, RegistrationRow>();
    for (const r of await em.find(RegistrationRow, { where: { liveKey: In(keys) } })) live.set(r.liveKey!, r);
    const now = Date.now();
    let stamp = Math.max(now, (this.lastStamp.get(s.id) ?? 0) + 1);
    let held: number | null = null;
    let lastPosition: number | null = null;
    const rows: (RegistrationRow | null)[] = [];
    const created: RegistrationRow[] = [];
    for (const [i, w] of batch.entries()) {
      const liveKey = `${s.id}:${w.patronId}`;
      if (!w.canSee(program)) {
        failures.push([i, UserErrorCode.NOT_FOUND, 'No session has this id']);
        rows.push(null);
        continue;
      }
      const existing = live.get(liveKey);
      if (existing) {
        rows.push(existing); // registering again returns the live registration (also twice in one batch)
        continue;
      }
      const why = s.status !== SessionStatus.SCHEDULED ? `This session is ${s.status.toLowerCase()}`
        : s.startsAt.getTime() <= now ? 'This session has already started'
          : program.status !== ProgramStatus.PUBLISHED ? 'This program is not open for registration' : null;
      if (why) {
        failures.push([i, UserErrorCode.CONFLICT, why]);
        rows.push(null);
        continue;
      }
      let status = RegistrationStatus.CONFIRMED;
      let waitlistPosition: number | null = null;
      if (s.capacity !== null) {
        held ??= await em.count(RegistrationRow, { where: { sessionId: s.id, status: In(SEAT_HOLDING) } });
        if (held >= s.capacity) {
          if (lastPosition === null) {
            const last = await em.createQueryBuilder(RegistrationRow, 'r').select('MAX(r.waitlistPosition)', 'last')
              .where('r.sessionId = :sid AND r.status = :waitlisted', { sid: s.id, waitlisted: RegistrationStatus.WAITLISTED })
              .getRawOne<{ last: unknown }>();
            lastPosition = Number(last?.last ?? 0);
          }
          status = RegistrationStatus.WAITLISTED;
          waitlistPosition = ++lastPosition;
        } else {
          held++;
        }
      }
      // Admission time, one millisecond apart within a batch: registeredAt order is arrival order.
      const at = new Date(stamp++);
      const reg = Object.assign(new RegistrationRow(), {
        id: randomUUID(), sessionId: s.id, programId: s.programId, branchId: s.branchId, patronId: w.patronId, status, waitlistPosition, liveKey,
        registeredAt: at, updatedAt: at,
      });
      live.set(liveKey, reg);
      created.push(reg);
      rows.push(reg);
    }
    for (let i = 0; i < created.length; i += INSERT_CHUNK) await em.insert(RegistrationRow, created.slice(i, i + INSERT_CHUNK));
    // Registrations add to the live and seat-holding counts only: two increments, not a recount.
    await addRegistrations(em, s, created.length, created.filter((r) => r.status === RegistrationStatus.CONFIRMED).length);
    const confirmed = created.filter((r) => r.status === RegistrationStatus.CONFIRMED);
    if (confirmed.length) await notifyRegistrations(em, 'registration.confirmed', confirmed, s);
    if (created.length) this.lastStamp.set(s.id, stamp - 1);
    return { rows, failures };
  }
}

const combiners = new WeakMap<Database, RegistrationCombiner>();

/** The combiner of this process's database. */
export function combinerOf(db: Database): RegistrationCombiner {
  let c = combiners.get(db);
  if (!c) combiners.set(db, (c = new RegistrationCombiner()));
  return c;
}
