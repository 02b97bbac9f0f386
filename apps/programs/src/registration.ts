import { randomUUID } from 'node:crypto';
import { type EntityManager, In } from 'typeorm';
import { failed, forbidden, InputCheck, type MutationResult, succeeded, UserErrorCode } from '@ceg/conventions';
import { requireRole } from '@ceg/kit';
import { lockForUpdate, isUniqueViolation, retryingTransaction } from '@ceg/persistence';
import { RegistrationRow, SessionRow } from './entities';
import { MAX_CAPACITY, SEAT_HOLDING } from './domain';
import { notifyRegistrations, notifySessionCancelled } from './notifications';
import { type Admission, type BatchRunner, combinerOf } from './registration-batch';
import { ProgramPolicy } from './policy';
import { ProgramService, type ProgramsContext } from './service';
import { ProgramStatus, type RecordAttendanceInput, RegistrationStatus, SessionStatus } from './types';
import { refreshTallies } from './tally';

type Result<T> = MutationResult<T>;

/** A session's registrations by status. */
export interface SessionCounts {
  confirmed: number;
  waitlisted: number;
  attended: number;
  noShow: number;
}
/**
 * Registration and the waitlist (RULES.md §5), session cancellation and
 * attendance: every write that changes who holds a seat, each in one
 * transaction with the session row locked, retried when the database picks
 * it as a deadlock victim.
 */
export class RegistrationService {
  private readonly programs: ProgramService;

  constructor(private readonly ctx: ProgramsContext) {
    this.programs = new ProgramService(ctx);
  }

  private get viewer() {
    return this.ctx.viewer;
  }

  private get em(): EntityManager {
    return this.ctx.db.manager;
  }

  /** A session's registrations by status, batched across sessions. */
  sessionCounts(sessionId: string): Promise<SessionCounts> {
    return this.ctx.loaders
      .get<string, SessionCounts>('sessionCounts', async (ids) => {
        const raw = await this.em.createQueryBuilder(RegistrationRow, 'r')
          .select('r.sessionId', 'sessionId').addSelect('r.status', 'status').addSelect('COUNT(*)', 'n')
          .where('r.sessionId IN (:...ids)', { ids: [...ids] })
          .groupBy('r.sessionId').addGroupBy('r.status')
          .getRawMany<{ sessionId: string; status: string; n: unknown }>();
        const map = new Map<string, SessionCounts>();
        for (const r of raw) {
          const c = map.get(r.sessionId) ?? { confirmed: 0, waitlisted: 0, attended: 0, noShow: 0 };
          const n = Number(r.n);
          if (r.status === RegistrationStatus.CONFIRMED) c.confirmed = n;
          else if (r.status === RegistrationStatus.WAITLISTED) c.waitlisted = n;
          else if (r.status === RegistrationStatus.ATTENDED) c.attended = n;
          else if (r.status === RegistrationStatus.NO_SHOW) c.noShow = n;
          map.set(r.sessionId, c);
        }
        return ids.map((id) => map.get(id) ?? { confirmed: 0, waitlisted: 0, attended: 0, noShow: 0 });
      })
      .load(sessionId);
  }

  private transact<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return transact(this.ctx, fn);
  }

  private session(id: string) {
    return this.programs.session(id);
  }

  private program(id: string) {
    return this.programs.program(id);
  }

  private registration(id: string) {
    return this.programs.registration(id);
  }

  /** Cancels a session and every live registration of it. Cancelling twice is harmless; a completed session stays completed. */
  async cancelSession(sessionId: string): Promise<Result<SessionRow>> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const check = new InputCheck([]);
    const session = await this.session(sessionId);
    if (!session) {
      check.fail('sessionId', UserErrorCode.NOT_FOUND, 'No session has this id');
      return failed(check.errors);
    }
    if (!ProgramPolicy.canManageBranch(this.viewer, session.branchId)) throw forbidden('STAFF may cancel sessions only of the branches they work for.');
    const row = await this.transact(async (em) => {
      const s = await lockSession(em, this.ctx.db, session.id);
      if (s.status === SessionStatus.COMPLETED) {
        check.fail('sessionId', UserErrorCode.INVALID_TRANSITION, 'A completed session cannot be cancelled');
        return null;
      }
      if (s.status === SessionStatus.CANCELLED) return s;
      return cancelSessionIn(em, this.ctx.db, s.id, new Date());
    });
    return row ? succeeded(row) : failed(check.errors);
  }

  // ------------------------------------------------------------------ registration (RULES.md §5)

  /**
   * PATRON. Returns the patron's live registration if there is one; else
   * CONFIRMED while CONFIRMED + ATTENDED is below capacity, else WAITLISTED at
   * the end of the line. Registrations for the same session that arrive
   * together are admitted together, in arrival order, in one transaction with
   * the session row locked (SQLite: the transaction holds the database's
   * write lock): see RegistrationCombiner. The unique index on liveKey backs
   * up "one live registration per patron".
   */
  async registerForSession(sessionId: string): Promise<Result<RegistrationRow>> {
    requireRole(this.viewer, 'PATRON');
    const patronId = this.viewer.sub!;
    const check = new InputCheck([]);
    const admission: Admission = { patronId, canSee: (p) => ProgramPolicy.canSeeProgram(this.viewer, p), check, field: 'sessionId' };
    const row = await combinerOf(this.ctx.db).admit(this.batchRunner(), sessionId, admission);
    return row ? succeeded(row) : failed(check.errors);
  }

  private batchRunner(): BatchRunner {
    return {
      transact: (fn) => this.transact(fn),
      lockSession: (em, id) => lockForUpdate(this.ctx.db, em.createQueryBuilder(SessionRow, 's').where('s.id = :id', { id })).getOne(),
      admitAlone: (sessionId, a) => this.admitAlone(sessionId, a),
      onFallback: (size, err) => this.ctx.log.warn({ size, err: (err as Error)?.message }, 'registration batch admitted one by one'),
    };
  }

  /** One registration in its own transaction. */
  private async admitAlone(sessionId: string, a: Admission): Promise<RegistrationRow | null> {
    // Rows without this request's policy: the batch may belong to another caller; theirs is `a.canSee`.
    const session = await this.programs.sessionOfRegistration(sessionId);
    const program = session && (await this.programs.programOfSession(session.programId));
    if (!session || !program || !a.canSee(program)) {
      a.check.fail(a.field, UserErrorCode.NOT_FOUND, 'No session has this id');
      return null;
    }
    const liveKey = `${session.id}:${a.patronId}`;
    try {
      return await this.transact(async (em) => {
        const s = await lockSession(em, this.ctx.db, session.id);
        const now = new Date();
        const reg = await admitIn(em, s, program.status, a.patronId, now, a.check, a.field);
        // A new confirmed seat (not the live registration returned again) is a notice.
        if (reg && reg.status === RegistrationStatus.CONFIRMED && reg.registeredAt === now) await notifyRegistrations(em, 'registration.confirmed', [reg], s);
        return reg;
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Another request of the same patron won the race: theirs is the one live registration.
      const existing = await this.em.findOneBy(RegistrationRow, { liveKey });
      if (!existing) throw e;
      return existing;
    }
  }

  /**
   * The patron (own), STAFF of the branch, ADMIN. Frees the seat and, in the
   * same transaction, promotes the head of the waitlist and renumbers the
   * rest. Cancelling a cancelled registration returns it unchanged.
   */
  async cancelRegistration(registrationId: string): Promise<Result<RegistrationRow>> {
    requireRole(this.viewer, 'PATRON', 'STAFF', 'ADMIN');
    const check = new InputCheck([]);
    const reg = await this.registration(registrationId);
    if (!reg || !ProgramPolicy.canCancelRegistration(this.viewer, { branchId: reg.branchId, patron: reg.patronId })) {
      check.fail('registrationId', UserErrorCode.NOT_FOUND, 'No registration has this id');
      return failed(check.errors);
    }
    const row = await this.transact(async (em) => {
      const s = await lockSession(em, this.ctx.db, reg.sessionId);
      const r = await em.findOneByOrFail(RegistrationRow, { id: reg.id });
      if (r.status === RegistrationStatus.CANCELLED) return r;
      if (r.status !== RegistrationStatus.CONFIRMED && r.status !== RegistrationStatus.WAITLISTED) {
        check.fail('registrationId', UserErrorCode.INVALID_TRANSITION, `A registration marked ${r.status} cannot be cancelled`);
        return null;
      }
      const now = new Date();
      const was = { status: r.status, position: r.waitlistPosition };
      Object.assign(r, { status: RegistrationStatus.CANCELLED, waitlistPosition: null, liveKey: null, updatedAt: now });
      await em.update(RegistrationRow, { id: r.id }, { status: r.status, waitlistPosition: null, liveKey: null, updatedAt: now });
      if (was.status === RegistrationStatus.WAITLISTED && was.position !== null) {
        await shiftWaitlist(em, s.id, was.position, 1, now);
      } else if (s.status === SessionStatus.SCHEDULED) {
        await promoteFromWaitlist(em, s, now);
      }
      await refreshTallies(em, [s.id]);
      return r;
    });
    return row ? succeeded(row) : failed(check.errors);
  }


  /**
   * STAFF of the branch, ADMIN. Records the headcount, marks the listed
   * registrations ATTENDED and every other seat holder NO_SHOW, and
   * completes the session. Recording again replaces the previous record.
   */
  async recordAttendance(input: RecordAttendanceInput): Promise<Result<SessionRow>> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const check = new InputCheck();
    const session = await this.session(input.sessionId);
    if (!session) {
      check.fail('sessionId', UserErrorCode.NOT_FOUND, 'No session has this id');
      return failed(check.errors);
    }
    if (!ProgramPolicy.canManageBranch(this.viewer, session.branchId)) throw forbidden('STAFF may record attendance only at the branches they work for.');
    const headcount = check.int('headcount', input.headcount, { min: 0, max: MAX_CAPACITY * 10, required: true });
    const attendedIds = [...new Set(input.attendedRegistrationIds ?? [])];
    if (attendedIds.length > 10_000) check.fail('attendedRegistrationIds', UserErrorCode.INVALID, 'at most 10000 registrations');
    if (headcount !== null && attendedIds.length > headcount) {
      check.fail('headcount', UserErrorCode.INVALID, 'headcount must be at least the number of registrations that came');
    }
    const program = (await this.program(session.programId))!;
    let virtualHeadcount: number | null = null;
    if (program.hybrid === 1) {
      virtualHeadcount = check.int('virtualHeadcount', input.virtualHeadcount, { min: 0, max: headcount ?? MAX_CAPACITY * 10, required: true });
    } else if (input.virtualHeadcount !== null && input.virtualHeadcount !== undefined) {
      check.fail('virtualHeadcount', UserErrorCode.INVALID, 'Only a hybrid program splits its headcount between in person and online');
    }
    if (!check.ok) return failed(check.errors);
    const row = await this.transact(async (em) => {
      const s = await lockSession(em, this.ctx.db, session.id);
      if (s.status === SessionStatus.CANCELLED) {
        check.fail('sessionId', UserErrorCode.CONFLICT, 'This session was cancelled');
        return null;
      }
      const regs = await em.find(RegistrationRow, { where: { sessionId: s.id } });
      const byId = new Map(regs.map((r) => [r.id, r]));
      (input.attendedRegistrationIds ?? []).forEach((id, i) => {
        const r = byId.get(id);
        if (!r) check.fail(['attendedRegistrationIds', i], UserErrorCode.NOT_FOUND, 'No registration of this session has this id');
        else if (!SEAT_HOLDING.includes(r.status as RegistrationStatus) && r.status !== RegistrationStatus.NO_SHOW) {
          check.fail(['attendedRegistrationIds', i], UserErrorCode.INVALID, `A ${r.status} registration cannot be marked as attended`);
        }
      });
      if (!check.ok) return null;
      const now = new Date();
      const came = new Set(attendedIds);
      const seated = regs.filter((r) => SEAT_HOLDING.includes(r.status as RegistrationStatus) || r.status === RegistrationStatus.NO_SHOW);
      const attended = seated.filter((r) => came.has(r.id)).map((r) => r.id);
      const noShow = seated.filter((r) => !came.has(r.id)).map((r) => r.id);
      if (attended.length) await em.update(RegistrationRow, { id: In(attended) }, { status: RegistrationStatus.ATTENDED, updatedAt: now });
      if (noShow.length) await em.update(RegistrationRow, { id: In(noShow) }, { status: RegistrationStatus.NO_SHOW, updatedAt: now });
      Object.assign(s, { attendance: headcount, virtualAttendance: virtualHeadcount, status: SessionStatus.COMPLETED, updatedAt: now });
      await em.update(SessionRow, { id: s.id }, { attendance: headcount, virtualAttendance: virtualHeadcount, status: SessionStatus.COMPLETED, updatedAt: now });
      await refreshTallies(em, [s.id]);
      return s;
    });
    return row ? succeeded(row) : failed(check.errors);
  }
}

/**
 * A transaction that takes row locks. MySQL may pick it as the victim of a
 * deadlock (gap locks of neighbouring sessions' registrations); it is then
 * rolled back and is safe to run again, up to three times in all.
 */
export function transact<T>(ctx: ProgramsContext, fn: (em: EntityManager) => Promise<T>): Promise<T> {
return retryingTransaction(ctx.db, fn, { onRetry: (attempt) => ctx.log.warn({ attempt }, 'transaction chosen as deadlock victim; retrying') });
}

// ------------------------------------------------------------------ helpers (inside a transaction)

export async function lockSession(em: EntityManager, db: ProgramsContext['db'], id: string): Promise<SessionRow> {
  return lockForUpdate(db, em.createQueryBuilder(SessionRow, 's').where('s.id = :id', { id })).getOneOrFail();
}

/** Marks the session cancelled and cancels its live registrations. The session row must be locked (or the program's). */
export async function cancelSessionIn(em: EntityManager, _db: ProgramsContext['db'], sessionId: string, now: Date): Promise<SessionRow> {
  await notifySessionCancelled(em, sessionId);
  await em.update(SessionRow, { id: sessionId }, { status: SessionStatus.CANCELLED, updatedAt: now });
  await em.update(
    RegistrationRow,
    { sessionId, status: In([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]) },
    { status: RegistrationStatus.CANCELLED, waitlistPosition: null, liveKey: null, updatedAt: now },
  );
  await refreshTallies(em, [sessionId]);
  return em.findOneByOrFail(SessionRow, { id: sessionId });
}

/**
 * A patron's registration for a locked session (the session row, or on
 * SQLite the database, is locked by the caller's transaction): their live
 * registration if they have one; else a new one, CONFIRMED while CONFIRMED +
 * ATTENDED is below capacity, else WAITLISTED at the end of the line. A
 * session not open for registration is a CONFLICT on `field` (null returned).
 * With RegistrationCombiner.admitAll (registration-batch.ts: the same rules
 * for many callers at once), the one place where a registration is created.
 * The caller takes the session lock before any plain read of its
 * transaction: on MySQL the first plain read fixes the snapshot that the
 * counts below read.
 */
export async function admitIn(
  em: EntityManager, s: SessionRow, programStatus: string, patronId: string, now: Date, check: InputCheck, field: string | (string | number)[],
): Promise<RegistrationRow | null> {
  const liveKey = `${s.id}:${patronId}`;
  const existing = await em.findOneBy(RegistrationRow, { liveKey });
  if (existing) return existing;
  if (s.status !== SessionStatus.SCHEDULED) check.fail(field, UserErrorCode.CONFLICT, `This session is ${s.status.toLowerCase()}`);
  else if (s.startsAt.getTime() <= now.getTime()) check.fail(field, UserErrorCode.CONFLICT, 'This session has already started');
  else if (programStatus !== ProgramStatus.PUBLISHED) check.fail(field, UserErrorCode.CONFLICT, 'This program is not open for registration');
  if (!check.ok) return null;
  let status = RegistrationStatus.CONFIRMED;
  let waitlistPosition: number | null = null;
  if (s.capacity !== null) {
    const held = await em.count(RegistrationRow, { where: { sessionId: s.id, status: In(SEAT_HOLDING) } });
    if (held >= s.capacity) {
      const last = await em.createQueryBuilder(RegistrationRow, 'r').select('MAX(r.waitlistPosition)', 'last')
        .where('r.sessionId = :sid AND r.status = :waitlisted', { sid: s.id, waitlisted: RegistrationStatus.WAITLISTED })
        .getRawOne<{ last: unknown }>();
      status = RegistrationStatus.WAITLISTED;
      waitlistPosition = Number(last?.last ?? 0) + 1;
    }
  }
  const reg = Object.assign(new RegistrationRow(), {
    id: randomUUID(), sessionId: s.id, programId: s.programId, branchId: s.branchId, patronId, status, waitlistPosition, liveKey,
    registeredAt: now, updatedAt: now,
  });
  await em.insert(RegistrationRow, reg);
  await refreshTallies(em, [s.id]);
  return reg;
}

/** Moves everyone behind `position` up by `by` places. */
async function shiftWaitlist(em: EntityManager, sessionId: string, position: number, by: number, now: Date): Promise<void> {
  await em.createQueryBuilder().update(RegistrationRow)
    .set({ waitlistPosition: () => `waitlistPosition - ${Number(by)}`, updatedAt: now })
    .where('sessionId = :sessionId AND status = :waitlisted AND waitlistPosition > :position', { sessionId, waitlisted: RegistrationStatus.WAITLISTED, position })
    .execute();
}

/** Fills free seats from the head of the waitlist and renumbers the rest. The one place where a waitlisted registration is promoted. */
export async function promoteFromWaitlist(em: EntityManager, s: SessionRow, now: Date): Promise<void> {
  if (s.capacity === null) return;
  const held = await em.count(RegistrationRow, { where: { sessionId: s.id, status: In(SEAT_HOLDING) } });
  const free = s.capacity - held;
  if (free <= 0) return;
  const heads = await em.find(RegistrationRow, {
    where: { sessionId: s.id, status: RegistrationStatus.WAITLISTED },
    order: { waitlistPosition: 'ASC', registeredAt: 'ASC', id: 'ASC' },
    take: free,
  });
  if (!heads.length) return;
  await em.update(RegistrationRow, { id: In(heads.map((h) => h.id)) }, { status: RegistrationStatus.CONFIRMED, waitlistPosition: null, updatedAt: now });
  await shiftWaitlist(em, s.id, 0, heads.length, now);
  await refreshTallies(em, [s.id]);
  await notifyRegistrations(em, 'registration.promoted', heads, s);
}

