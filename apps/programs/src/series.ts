import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { checkFirst, decodeCursor, encodeCursor, failed, forbidden, InputCheck, type MutationResult, succeeded, toConnection, UserErrorCode } from '@ceg/conventions';
import { pagePerParent, requireRole, rowById } from '@ceg/kit';
import { isUniqueViolation, lockForUpdate } from '@ceg/persistence';
import { ProgramStatus, SeriesStatus, SessionStatus } from './domain';
import { ProgramRow, type RegistrationRow, SeriesRow, SessionRow } from './entities';
import { ProgramPolicy } from './policy';
import { expandRule, isTimeZone, localDate, MAX_OCCURRENCES, type Occurrence, parseRecurrence } from './recurrence';
import { admitIn, cancelSessionIn, transact } from './registration';
import { ProgramService, type ProgramsContext, sessionRowFrom } from './service';
import { type CreateSessionSeriesInput, type ScheduleSessionsInput, toSeries } from './series-types';
import { refreshTallies } from './tally';

type Result<T> = MutationResult<T>;


/** Sessions one scheduleSessions call may create. */
export const MAX_BATCH_SESSIONS = MAX_OCCURRENCES;
const INSERT_CHUNK = 100;

/**
 * Session series and batch scheduling. A series is expanded into one
 * session per occurrence when it is created, so that every occurrence has
 * its own capacity, registrations and waitlist and every read path
 * (lists, aggregates, the PLS report, calendars) sees plain sessions.
 * Visibility is the program's (./policy.ts).
 */
export class SeriesService {
  private readonly programs: ProgramService;

  constructor(private readonly ctx: ProgramsContext) {
    this.programs = new ProgramService(ctx);
  }

  private get viewer() {
    return this.ctx.viewer;
  }

  /** A series whose program the viewer may see, else null. */
  async series(id: string): Promise<SeriesRow | null> {
    const row = await rowById(this.ctx, SeriesRow, id);
    return row && (await this.programs.program(row.programId)) ? row : null;
  }

  /** The series of a program the viewer may see, by first occurrence (batched across programs). */
  async seriesOfProgram(programId: string, firstArg: number | null | undefined, after: string | null | undefined) {
    const first = checkFirst(firstArg);
    const raw = decodeCursor(after, 2);
    const cursor = raw && [new Date(Number(raw[0])), raw[1]];
    const { rows, count } = await pagePerParent(this.ctx, {
      name: 'programSeries', entity: SeriesRow, alias: 'ss', parentColumn: 'ss.programId', parentOf: (r) => r.programId,
      base: () => this.ctx.db.manager.createQueryBuilder(SeriesRow, 'ss'),
      keys: [{ expr: 'ss.startsAt', direction: 'ASC' }, { expr: 'ss.id', direction: 'ASC' }], cursor, first, argsKey: [first, after ?? null],
    }, programId);
    return toConnection(rows.map(toSeries), first, (r) => encodeCursor([r.startsAt.getTime(), r.id]), count, cursor !== null);
  }

  /** A program the caller manages and that takes new sessions; else a user error on `field` (or FORBIDDEN). */
  private async manageableProgram(check: InputCheck, field: (string | number)[], programId: string): Promise<ProgramRow | null> {
    const program = await this.programs.program(programId);
    if (!program) {
      check.fail(field, UserErrorCode.NOT_FOUND, 'No program has this id');
      return null;
    }
    if (!ProgramPolicy.canManageBranch(this.viewer, program.branchId)) throw forbidden('STAFF may schedule sessions only for the branches they work for.');
    if (program.status !== ProgramStatus.DRAFT && program.status !== ProgramStatus.PUBLISHED) {
      check.fail(field, UserErrorCode.CONFLICT, `A ${program.status} program takes no new sessions`);
      return null;
    }
    return program;
  }

  /**
   * STAFF of the branch, ADMIN. Expands the rule (at most MAX_OCCURRENCES
   * occurrences), leaves out the excepted dates, applies the one-off
   * changes, and writes the series and every occurrence in one transaction.
   */
  async createSessionSeries(input: CreateSessionSeriesInput): Promise<Result<SeriesRow>> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const check = new InputCheck();
    const program = await this.manageableProgram(check, ['programId'], input.programId);
    const timeZone = (input.timeZone ?? 'UTC').trim();
    if (!isTimeZone(timeZone)) check.fail('timeZone', UserErrorCode.INVALID, 'timeZone must be an IANA time zone such as America/Los_Angeles, or UTC');
    const recurrence = parseRecurrence(check, 'recurrence', input.recurrence);
    const now = new Date();
    // The first occurrence's fields, checked once (they are every occurrence's defaults).
    const template = program ? sessionRowFrom(check, program, input, now) : null;
    const exceptDates = [...new Set(input.exceptDates ?? [])].sort();
    if (exceptDates.length > MAX_OCCURRENCES) check.fail('exceptDates', UserErrorCode.INVALID, `at most ${MAX_OCCURRENCES} dates`);
    if ((input.changes?.length ?? 0) > MAX_OCCURRENCES) check.fail('changes', UserErrorCode.INVALID, `at most ${MAX_OCCURRENCES} changes`);
    if (!check.ok || !program || !template || !recurrence) return failed(check.errors);

    const occurrences = expandRule(check, 'recurrence', { recurrence, timeZone, startsAt: template.startsAt, endsAt: template.endsAt });
    if (!check.ok) return failed(check.errors);
    const byDate = new Map<string, Occurrence[]>();
    for (const o of occurrences) {
      const d = localDate(o.recurrenceId, timeZone);
      byDate.set(d, [...(byDate.get(d) ?? []), o]);
    }
    exceptDates.forEach((d) => {
      if (!byDate.has(d)) check.fail(['exceptDates', (input.exceptDates ?? []).indexOf(d)], UserErrorCode.INVALID, `The rule has no occurrence on ${d}`);
    });
    const excepted = new Set(exceptDates);
    const seriesId = randomUUID();
    const changed = new Map<Occurrence, SessionRow>();
    (input.changes ?? []).forEach((c, i) => {
      const on = byDate.get(c.date);
      if (!on || excepted.has(c.date)) check.fail(['changes', i, 'date'], UserErrorCode.INVALID, `The series has no occurrence on ${c.date}`);
      else if (on.length > 1) check.fail(['changes', i, 'date'], UserErrorCode.INVALID, `The rule has ${on.length} occurrences on ${c.date}; change them one by one after creating the series`);
      else if (changed.has(on[0])) check.fail(['changes', i, 'date'], UserErrorCode.INVALID, `${c.date} is changed twice`);
      else {
        const o = on[0];
        const startsAt = c.startsAt ?? o.startsAt;
        const endsAt = c.endsAt ?? (c.startsAt ? new Date(c.startsAt.getTime() + (o.endsAt.getTime() - o.startsAt.getTime())) : o.endsAt);
        changed.set(o, sessionRowFrom(check, program, {
          startsAt, endsAt,
          location: c.location !== undefined ? c.location : template.location,
          capacity: c.capacity !== undefined ? c.capacity : template.capacity,
        }, now, ['changes', i], { seriesId, recurrenceId: o.recurrenceId }));
      }
    });
    const sessions = occurrences
      .filter((o) => !excepted.has(localDate(o.recurrenceId, timeZone)))
      .map((o) => changed.get(o) ?? Object.assign(new SessionRow(), {
        ...template, id: randomUUID(), startsAt: o.startsAt, endsAt: o.endsAt, seriesId, recurrenceId: o.recurrenceId,
      }));
    if (check.ok && sessions.length === 0) check.fail('exceptDates', UserErrorCode.INVALID, 'The exceptions leave no occurrence');
    if (!check.ok) return failed(check.errors);

    const series = Object.assign(new SeriesRow(), {
      id: seriesId, programId: program.id, branchId: program.branchId, recurrence, timeZone, startsAt: template.startsAt, endsAt: template.endsAt,
      exceptDates: JSON.stringify(exceptDates), location: template.location, capacity: template.capacity, status: SeriesStatus.SCHEDULED,
      createdAt: now, updatedAt: now,
    });
    await transact(this.ctx, async (em) => {
      await em.insert(SeriesRow, series);
      await insertChunked(em, sessions);
    });
    return succeeded(series);
  }

  /**
   * STAFF of the branch, ADMIN. Marks the series CANCELLED and cancels its
   * occurrences that have not started (each through cancelSessionIn, which
   * cancels their registrations); held occurrences stay as they are.
   */
  async cancelSessionSeries(seriesId: string): Promise<Result<SeriesRow>> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const check = new InputCheck([]);
    const series = await this.series(seriesId);
    if (!series) {
      check.fail('seriesId', UserErrorCode.NOT_FOUND, 'No series has this id');
      return failed(check.errors);
    }
    if (!ProgramPolicy.canManageBranch(this.viewer, series.branchId)) throw forbidden('STAFF may cancel series only of the branches they work for.');
    const row = await transact(this.ctx, async (em) => {
      const s = await lockSeries(em, this.ctx, series.id);
      const now = new Date();
      const future = await lockForUpdate(this.ctx.db, em.createQueryBuilder(SessionRow, 'os')
        .where('os.seriesId = :sid AND os.status = :scheduled AND os.startsAt > :now', { sid: s.id, scheduled: SessionStatus.SCHEDULED, now })
        .orderBy('os.startsAt', 'ASC').addOrderBy('os.id', 'ASC')).getMany();
      for (const o of future) await cancelSessionIn(em, this.ctx.db, o.id, now);
      if (s.status !== SeriesStatus.CANCELLED) {
        Object.assign(s, { status: SeriesStatus.CANCELLED, updatedAt: now });
        await em.update(SeriesRow, { id: s.id }, { status: SeriesStatus.CANCELLED, updatedAt: now });
      }
      return s;
    });
    return succeeded(row);
  }

  /**
   * PATRON. Registers the caller for every occurrence of the series that
   * has not started and is SCHEDULED, in one transaction: the series row is
   * locked first, then its sessions in start order (the same order for
   * everyone, so concurrent series registrations do not deadlock), and each
   * occurrence admits the patron exactly as registerForSession does —
   * CONFIRMED while seats remain, else WAITLISTED on that occurrence's own
   * waitlist. Occurrences the patron is already registered for keep their
   * registration. All or nothing.
   */
  async registerForSeries(seriesId: string): Promise<Result<RegistrationRow[]>> {
    requireRole(this.viewer, 'PATRON');
    const patronId = this.viewer.sub!;
    const check = new InputCheck([]);
    const series = await this.series(seriesId);
    if (!series) {
      check.fail('seriesId', UserErrorCode.NOT_FOUND, 'No series has this id');
      return failed(check.errors);
    }
    const attempt = () => transact(this.ctx, async (em) => {
      // Every lock before the first plain read: on MySQL that read fixes the transaction's snapshot, which must
      // already include what the other registrations for these sessions committed.
      const s = await lockSeries(em, this.ctx, series.id);
      const now = new Date();
      const open = await lockForUpdate(this.ctx.db, em.createQueryBuilder(SessionRow, 'os')
        .where('os.seriesId = :sid AND os.status = :scheduled AND os.startsAt > :now', { sid: s.id, scheduled: SessionStatus.SCHEDULED, now })
        .orderBy('os.startsAt', 'ASC').addOrderBy('os.id', 'ASC')).getMany();
      const program = await em.findOneByOrFail(ProgramRow, { id: s.programId });
      if (s.status !== SeriesStatus.SCHEDULED) {
        check.fail('seriesId', UserErrorCode.CONFLICT, 'This series was cancelled');
        return null;
      }
      if (program.status !== ProgramStatus.PUBLISHED) {
        check.fail('seriesId', UserErrorCode.CONFLICT, 'This program is not open for registration');
        return null;
      }
      if (!open.length) {
        check.fail('seriesId', UserErrorCode.CONFLICT, 'This series has no upcoming occurrence');
        return null;
      }
      // Admitted now that every lock is held: registeredAt is the order of admission, as for single registrations.
      const admittedAt = new Date();
      const out: RegistrationRow[] = [];
      for (const o of open) {
        const r = await admitIn(em, o, program.status, patronId, admittedAt, check, 'seriesId');
        if (!r) return null;
        out.push(r);
      }
      return out;
    });
    let rows: RegistrationRow[] | null;
    try {
      rows = await attempt();
    } catch (e) {
      // The same patron registered for one of the occurrences at the same moment: run again, now finding it.
      if (!isUniqueViolation(e)) throw e;
      rows = await attempt();
    }
    return rows ? succeeded(rows) : failed(check.errors);
  }

  /**
   * STAFF of the branches, ADMIN. Schedules many sessions (of one or several
   * programs) in one transaction: every one is checked first, and one error
   * anywhere writes nothing.
   */
  async scheduleSessions(input: ScheduleSessionsInput): Promise<Result<SessionRow[]>> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const check = new InputCheck();
    const list = input.sessions ?? [];
    if (list.length === 0) check.fail('sessions', UserErrorCode.REQUIRED, 'Give at least one session');
    if (list.length > MAX_BATCH_SESSIONS) {
      check.fail('sessions', UserErrorCode.INVALID, `At most ${MAX_BATCH_SESSIONS} sessions in one call`);
      return failed(check.errors);
    }
    const programs = new Map<string, ProgramRow | null>();
    for (const id of new Set(list.map((s) => s.programId))) programs.set(id, await this.programs.program(id));
    for (const p of programs.values()) {
      if (p && !ProgramPolicy.canManageBranch(this.viewer, p.branchId)) throw forbidden('STAFF may schedule sessions only for the branches they work for.');
    }
    const now = new Date();
    const rows: SessionRow[] = [];
    list.forEach((item, i) => {
      const p = programs.get(item.programId);
      if (!p) check.fail(['sessions', i, 'programId'], UserErrorCode.NOT_FOUND, 'No program has this id');
      else if (p.status !== ProgramStatus.DRAFT && p.status !== ProgramStatus.PUBLISHED) {
        check.fail(['sessions', i, 'programId'], UserErrorCode.CONFLICT, `A ${p.status} program takes no new sessions`);
      } else rows.push(sessionRowFrom(check, p, item, now, ['sessions', i]));
    });
    if (!check.ok) return failed(check.errors);
    await transact(this.ctx, (em) => insertChunked(em, rows));
    return succeeded(rows);
  }

  /** Occurrences of a series (for the series' counts). */
  occurrenceCount(seriesId: string): Promise<number> {
    return this.ctx.loaders
      .get<string, number>('seriesOccurrences', async (ids) => {
        const raw = await this.ctx.db.manager.createQueryBuilder(SessionRow, 'os').select('os.seriesId', 'seriesId').addSelect('COUNT(*)', 'n')
          .where('os.seriesId IN (:...ids)', { ids: [...ids] }).andWhere('os.status <> :cancelled', { cancelled: SessionStatus.CANCELLED })
          .groupBy('os.seriesId').getRawMany<{ seriesId: string; n: unknown }>();
        const map = new Map(raw.map((r) => [r.seriesId, Number(r.n)]));
        return ids.map((id) => map.get(id) ?? 0);
      })
      .load(seriesId);
  }
}

async function lockSeries(em: EntityManager, ctx: ProgramsContext, id: string): Promise<SeriesRow> {
  return lockForUpdate(ctx.db, em.createQueryBuilder(SeriesRow, 'ss').where('ss.id = :id', { id })).getOneOrFail();
}

async function insertChunked(em: EntityManager, rows: SessionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await em.insert(SessionRow, rows.slice(i, i + INSERT_CHUNK));
  await refreshTallies(em, rows.map((r) => r.id));
}
