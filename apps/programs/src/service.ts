import { randomUUID } from 'node:crypto';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { isAnonymous, type Viewer } from '@ceg/auth';
import {
  badUserInput, checkFirst, decodeCursor, encodeCursor, failed, filterIds, forbidden, InputCheck, LIMITS, type MutationResult, newRecordKey,
  succeeded, toConnection, UserErrorCode, type UserError,
} from '@ceg/conventions';
import { pagePerParent, ReferenceCheck, requireRole, rowById, type SubgraphContext, surveySubmissionRefused } from '@ceg/kit';
import { applyKeyset, lockForUpdate, type SortKey } from '@ceg/persistence';
import { OutcomeResponseRow, ProgramOfferingRow, ProgramRow, RegistrationRow, SessionRow } from './entities';
import { encodeLanguages, toProgram, toRegistration, toSession } from './mapping';
import { emptyOutcomeCounts, outcomeCountsFromRaw, outcomeSelects, summarizeOutcomes } from './outcomes';
import { applyEnumFilters, applyProgramFilter, checkLanguages } from './filters';
import { canTransition, MAX_CAPACITY, SEAT_HOLDING } from './domain';
import { ProgramPolicy } from './policy';
import { cancelSessionIn, lockSession, transact } from './registration';
import {
  type CreateProgramInput, ProgramFormat, type OutcomeSummary, type Registration, type OutcomeSurveyInput, ProgramStatus, type ProgramFilter,
  type ScheduleSessionInput, type SessionFilter, SessionStatus, SurveyType, type UpdateProgramInput,
} from './types';
import { refreshTallies } from './tally';

/** The subgraph's request context: the kit's (with the settings read at start). */
export type ProgramsContext = SubgraphContext;
type Result<T> = MutationResult<T>;

/**
 * The programs' rules: validation, authorization and the visibility policy
 * (./policy.ts) on every read path. Lookups by id and per-parent values go
 * through per-request DataLoaders.
 */
export class ProgramService {
  constructor(private readonly ctx: ProgramsContext) {}

  get viewer(): Viewer {
    return this.ctx.viewer;
  }

  private get em(): EntityManager {
    return this.ctx.db.manager;
  }

  get minCell(): number {
    return this.ctx.settings.privacyMinCell;
  }

  // ------------------------------------------------------------------ rows by id (no policy: internal)

  private programRow = (id: string) => rowById(this.ctx, ProgramRow, id);
  private sessionRow = (id: string) => rowById(this.ctx, SessionRow, id);
  private registrationRow = (id: string) => rowById(this.ctx, RegistrationRow, id);

  // ------------------------------------------------------------------ single fetch, through the policy

  /** A program the viewer may see, else null. */
  async program(id: string): Promise<ProgramRow | null> {
    const row = await this.programRow(id);
    return row && ProgramPolicy.canSeeProgram(this.viewer, row) ? row : null;
  }

  /** A session whose program the viewer may see, else null. */
  async session(id: string): Promise<SessionRow | null> {
    const row = await this.sessionRow(id);
    return row && (await this.program(row.programId)) ? row : null;
  }

  /** A registration the viewer may see (own, staff of the branch, admin), else null. */
  async registration(id: string): Promise<RegistrationRow | null> {
    const row = await this.registrationRow(id);
    return row && ProgramPolicy.canSeeRegistration(this.viewer, { branchId: row.branchId, patron: row.patronId }) ? row : null;
  }

  /**
   * The session of a registration the viewer may see. The registration
   * already proved the right to see it, so a patron still sees the session
   * of a program that was cancelled after they registered.
   */
  async sessionOfRegistration(sessionId: string): Promise<SessionRow | null> {
    return this.sessionRow(sessionId);
  }

  /** The program of a session the viewer may see (see sessionOfRegistration). */
  async programOfSession(programId: string): Promise<ProgramRow | null> {
    return this.programRow(programId);
  }

  // ------------------------------------------------------------------ lists

  /** Programs (title order); of one branch (Branch.programs) batched across branches. */
  async programs(filter: ProgramFilter | null | undefined, firstArg: number | null | undefined, after: string | null | undefined, branchId?: string) {
    const first = checkFirst(firstArg);
    const cursor = decodeCursor(after, 2);
    const base = () => {
      const qb = this.em.createQueryBuilder(ProgramRow, 'p');
      this.applyProgramVisibility(qb, 'p');
      applyProgramFilter(qb, 'p', filter);
      return qb;
    };
    const keys: SortKey[] = [{ expr: 'p.title', direction: 'ASC' }, { expr: 'p.id', direction: 'ASC' }];
    const cursorOf = (p: { title: string; id: string }) => encodeCursor([p.title, p.id]);
    if (branchId !== undefined) {
      const { rows, count } = await pagePerParent(this.ctx, {
        name: 'branchPrograms', entity: ProgramRow, alias: 'p', parentColumn: 'p.branchId', parentOf: (r) => r.branchId,
        base, keys, cursor, first, argsKey: [filter ?? null, first, after ?? null],
      }, branchId);
      return toConnection(rows.map(toProgram), first, cursorOf, count, cursor !== null);
    }
    const rows = await applyKeyset(base(), keys, cursor, first + 1).getMany();
    return toConnection(rows.map(toProgram), first, cursorOf, () => base().getCount(), cursor !== null);
  }

  /** Sessions (start order) of programs the viewer may see. */
  async sessions(
    filter: SessionFilter | null | undefined,
    firstArg: number | null | undefined,
    after: string | null | undefined,
    scope: { programId?: string; branchId?: string; seriesId?: string; upcoming?: boolean } = {},
  ) {
    const first = checkFirst(firstArg);
    const raw = decodeCursor(after, 2);
    const cursor = raw && [new Date(Number(raw[0])), raw[1]];
    if (filter?.from && filter?.to && filter.to <= filter.from) throw badUserInput('`to` must be after `from`', { argumentName: 'filter.to' });
    const base = () => {
      const qb = this.em.createQueryBuilder(SessionRow, 's').innerJoin(ProgramRow, 'p', 'p.id = s.programId');
      this.applyProgramVisibility(qb, 'p');
      if (scope.upcoming) {
        qb.andWhere('s.status = :upcomingStatus AND s.startsAt > :now', { upcomingStatus: SessionStatus.SCHEDULED, now: new Date() });
      }
      if (filter) {
        if (filter.branchIds) qb.andWhere('s.branchId IN (:...sessionBranches)', { sessionBranches: filterIds(filter.branchIds, 'branchIds') });
        applyEnumFilters(qb, 'p', filter);
        if (filter.from) qb.andWhere('s.startsAt >= :sessionFrom', { sessionFrom: filter.from });
        if (filter.to) qb.andWhere('s.startsAt < :sessionTo', { sessionTo: filter.to });
        if (filter.hasSeats === true || filter.hasSeats === false) {
          const held = '(SELECT COUNT(*) FROM registration r2 WHERE r2.sessionId = s.id AND r2.status IN (:...seatHolding))';
          if (filter.hasSeats) {
            qb.andWhere(`s.status = :openStatus AND (s.capacity IS NULL OR s.capacity > ${held})`, { openStatus: SessionStatus.SCHEDULED, seatHolding: SEAT_HOLDING });
          } else {
            qb.andWhere(`(s.status <> :openStatus OR (s.capacity IS NOT NULL AND s.capacity <= ${held}))`, { openStatus: SessionStatus.SCHEDULED, seatHolding: SEAT_HOLDING });
          }
        }
      }
      return qb;
    };
    const keys: SortKey[] = [{ expr: 's.startsAt', direction: 'ASC' }, { expr: 's.id', direction: 'ASC' }];
    const cursorOf = (s: { startsAt: Date; id: string }) => encodeCursor([s.startsAt.getTime(), s.id]);
    const parent = scope.programId !== undefined
      ? { column: 's.programId', of: (r: SessionRow) => r.programId, id: scope.programId }
      : scope.seriesId !== undefined ? { column: 's.seriesId', of: (r: SessionRow) => r.seriesId ?? '', id: scope.seriesId }
      : scope.branchId !== undefined ? { column: 's.branchId', of: (r: SessionRow) => r.branchId, id: scope.branchId } : null;
    if (parent) {
      // The "now" of upcoming sessions is part of the batch key's meaning, not of its text: one request, one batch.
      const argsKey = [parent.column, scope.upcoming ?? false, filter ?? null, first, after ?? null];
      const { rows, count } = await pagePerParent(this.ctx, {
        name: 'sessionsOf', entity: SessionRow, alias: 's', parentColumn: parent.column, parentOf: parent.of, base, keys, cursor, first, argsKey,
      }, parent.id);
      return toConnection(rows.map(toSession), first, cursorOf, count, cursor !== null);
    }
    const rows = await applyKeyset(base(), keys, cursor, first + 1).getMany();
    return toConnection(rows.map(toSession), first, cursorOf, () => base().getCount(), cursor !== null);
  }

  /** Sessions of one program between two instants. */
  programSessions(programId: string, from: Date | null | undefined, to: Date | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    return this.sessions({ from, to }, first, after, { programId });
  }

  /** The caller's own registrations, most recent first (PATRON). */
  async myRegistrations(firstArg: number | null | undefined, after: string | null | undefined) {
    requireRole(this.viewer, 'PATRON');
    const first = checkFirst(firstArg);
    const raw = decodeCursor(after, 2);
    const cursor = raw && [new Date(Number(raw[0])), raw[1]];
    const base = () => this.em.createQueryBuilder(RegistrationRow, 'r').where('r.patronId = :me', { me: this.viewer.sub });
    const rows = await applyKeyset(base(), [{ expr: 'r.registeredAt', direction: 'DESC' }, { expr: 'r.id', direction: 'DESC' }], cursor, first + 1).getMany();
    return toConnection(rows.map(toRegistration), first, (r) => encodeCursor([r.registeredAt.getTime(), r.id]), () => base().getCount(), cursor !== null);
  }

  /**
   * A session's registrations: all of them for STAFF of the branch and
   * ADMIN, the caller's own for a PATRON, none for anyone else (an empty
   * list, not an error). Seat holders first, then the waitlist in order.
   */
  async sessionRegistrations(session: { id: string; branchId: string }, firstArg: number | null | undefined, after: string | null | undefined) {
    const first = checkFirst(firstArg, 50);
    const raw = decodeCursor(after, 2);
    const cursor = raw && [new Date(Number(raw[0])), raw[1]];
    const v = this.viewer;
    const all = ProgramPolicy.canManageBranch(v, session.branchId);
    const own = !all && v.roles.has('PATRON') && v.sub !== null;
    const keys: SortKey[] = [{ expr: 'r.registeredAt', direction: 'ASC' }, { expr: 'r.id', direction: 'ASC' }];
    const cursorOf = (r: { registeredAt: Date; id: string }) => encodeCursor([r.registeredAt.getTime(), r.id]);
    if (!all && !own) return toConnection<Registration>([], first, cursorOf, async () => 0, cursor !== null);
    const base = () => {
      const qb = this.em.createQueryBuilder(RegistrationRow, 'r');
      if (own) qb.andWhere('r.patronId = :me', { me: v.sub });
      return qb;
    };
    const { rows, count } = await pagePerParent(this.ctx, {
      name: 'sessionRegistrations', entity: RegistrationRow, alias: 'r', parentColumn: 'r.sessionId', parentOf: (r) => r.sessionId,
      base, keys, cursor, first, argsKey: [all, first, after ?? null],
    }, session.id);
    return toConnection(rows.map(toRegistration), first, cursorOf, count, cursor !== null);
  }

  private applyProgramVisibility<T extends object>(qb: SelectQueryBuilder<T>, alias: string): void {
    const cond = ProgramPolicy.programCondition(this.viewer, alias);
    if (cond) qb.andWhere(cond.sql, cond.params);
  }


  // ------------------------------------------------------------------ per-parent values (batched)

  /** The next scheduled session of a program (its program is visible, so the session is). */
  nextSession(programId: string): Promise<SessionRow | null> {
    return this.ctx.loaders
      .get<string, SessionRow | null>('nextSession', async (ids) => {
        const rows = await this.em.createQueryBuilder(SessionRow, 's')
          .where('s.programId IN (:...ids)', { ids: [...ids] })
          .andWhere('s.status = :scheduled AND s.startsAt > :now', { scheduled: SessionStatus.SCHEDULED, now: new Date() })
          .andWhere(`s.startsAt = (SELECT MIN(s2.startsAt) FROM program_session s2 WHERE s2.programId = s.programId AND s2.status = :scheduled AND s2.startsAt > :now)`)
          .orderBy('s.id', 'ASC')
          .getMany();
        const first = new Map<string, SessionRow>();
        for (const r of rows) if (!first.has(r.programId)) first.set(r.programId, r);
        return ids.map((id) => first.get(id) ?? null);
      })
      .load(programId);
  }

  /** Recorded attendance over a program's sessions that were not cancelled. */
  totalAttendance(programId: string): Promise<number> {
    return this.ctx.loaders
      .get<string, number>('totalAttendance', async (ids) => {
        const raw = await this.em.createQueryBuilder(SessionRow, 's')
          .select('s.programId', 'programId').addSelect('COALESCE(SUM(s.attendance), 0)', 'total')
          .where('s.programId IN (:...ids)', { ids: [...ids] }).andWhere('s.status <> :cancelled', { cancelled: SessionStatus.CANCELLED })
          .groupBy('s.programId')
          .getRawMany<{ programId: string; total: unknown }>();
        const map = new Map(raw.map((r) => [r.programId, Number(r.total)]));
        return ids.map((id) => map.get(id) ?? 0);
      })
      .load(programId);
  }

  /** A program's survey answers of one type (IMMEDIATE unless told), summarized and withheld below the privacy threshold. */
  outcomes(programId: string, surveyType: SurveyType = SurveyType.IMMEDIATE): Promise<OutcomeSummary> {
    return this.ctx.loaders
      .get<string, OutcomeSummary>(`programOutcomes:${surveyType}`, async (ids) => {
        const qb = this.em.createQueryBuilder(OutcomeResponseRow, 'o').select('o.programId', 'programId');
        for (const s of outcomeSelects('o')) qb.addSelect(s);
        const raw = await qb
          .where('o.programId IN (:...ids)', { ids: [...ids] }).andWhere('o.surveyType = :surveyType', { surveyType })
          .groupBy('o.programId')
          .getRawMany<Record<string, unknown>>();
        const map = new Map(raw.map((r) => [String(r.programId), outcomeCountsFromRaw(r)]));
        return ids.map((id) => summarizeOutcomes(map.get(id) ?? emptyOutcomeCounts(), this.minCell));
      })
      .load(programId);
  }

  // ------------------------------------------------------------------ programs and sessions (STAFF of the branch, ADMIN)

  async createProgram(input: CreateProgramInput): Promise<Result<ProgramRow>> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    if (!ProgramPolicy.canManageBranch(this.viewer, input.branchId)) throw forbidden('STAFF may create programs only for the branches they work for.');
    const check = new InputCheck();
    // The branch is the libraries subgraph's: its form now, its existence once the rest is valid.
    const refs = new ReferenceCheck(this.ctx, check);
    const now = new Date();
    const row = Object.assign(new ProgramRow(), {
      id: randomUUID(),
      branchId: refs.branch('branchId', input.branchId)!,
      title: check.text('title', input.title, { required: true, max: LIMITS.title }),
      description: check.text('description', input.description, { required: true, max: LIMITS.description, multiline: true }),
      serviceArea: input.serviceArea,
      ageGroup: input.ageGroup,
      format: input.format,
      languages: encodeLanguages(checkLanguages(check, input.languages)),
      accessibilityNotes: check.text('accessibilityNotes', input.accessibilityNotes, { max: 2000, multiline: true }),
      status: ProgramStatus.DRAFT,
      tags: JSON.stringify(check.tags('tags', input.tags)),
      createdAt: now,
      updatedAt: now,
      hybrid: checkHybrid(check, input.hybrid ?? false, input.format) ? 1 : 0,
    });
    const offeredBy = input.offeredByBranchIds ?? [];
    if (offeredBy.length > MAX_OFFERING_BRANCHES) check.fail('offeredByBranchIds', UserErrorCode.INVALID, `at most ${MAX_OFFERING_BRANCHES} branches`);
    const offerings = [...new Set(offeredBy.slice(0, MAX_OFFERING_BRANCHES).map((b, i) => refs.branch(['offeredByBranchIds', i], b)).filter((b): b is string => !!b))]
      .filter((b) => b !== row.branchId)
      .map((branchId) => Object.assign(new ProgramOfferingRow(), { programId: row.id, branchId }));
    if (!check.ok) return failed(check.errors);
    await refs.verify();
    if (!check.ok) return failed(check.errors);
    await this.ctx.db.transaction(async (em) => {
      await em.insert(ProgramRow, row);
      if (offerings.length) await em.insert(ProgramOfferingRow, offerings);
    });
    return succeeded(row);
  }

  /**
   * Changes a program's fields and status. Cancelling a program cancels its
   * scheduled sessions and their registrations in the same transaction.
   */
  async updateProgram(input: UpdateProgramInput): Promise<Result<ProgramRow>> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const check = new InputCheck();
    const existing = await this.program(input.programId);
    if (!existing) {
      check.fail('programId', UserErrorCode.NOT_FOUND, 'No program has this id');
      return failed(check.errors);
    }
    if (!ProgramPolicy.canManageBranch(this.viewer, existing.branchId)) throw forbidden('STAFF may change programs only of the branches they work for.');
    const changes: Partial<ProgramRow> = {};
    if (input.title !== undefined) changes.title = check.text('title', input.title, { required: true, max: LIMITS.title }) ?? undefined;
    if (input.description !== undefined) changes.description = check.text('description', input.description, { required: true, max: LIMITS.description, multiline: true }) ?? undefined;
    if (input.serviceArea) changes.serviceArea = input.serviceArea;
    if (input.ageGroup) changes.ageGroup = input.ageGroup;
    if (input.format) changes.format = input.format;
    if (input.languages !== undefined && input.languages !== null) changes.languages = encodeLanguages(checkLanguages(check, input.languages));
    if (input.accessibilityNotes !== undefined) changes.accessibilityNotes = check.text('accessibilityNotes', input.accessibilityNotes, { max: 2000, multiline: true });
    if (input.tags !== undefined && input.tags !== null) changes.tags = JSON.stringify(check.tags('tags', input.tags));
    if (!check.ok) return failed(check.errors);
    const row = await transact(this.ctx, async (em) => {
      const current = await lockForUpdate(this.ctx.db, em.createQueryBuilder(ProgramRow, 'p').where('p.id = :id', { id: existing.id })).getOneOrFail();
      const format = (changes.format ?? current.format) as ProgramFormat;
      const hybrid = input.hybrid ?? current.hybrid === 1;
      checkHybrid(check, hybrid, format, input.hybrid !== undefined && input.hybrid !== null ? 'hybrid' : 'format');
      if (!check.ok) return null;
      changes.hybrid = hybrid ? 1 : 0;
      const to = input.status ?? (current.status as ProgramStatus);
      if (!canTransition(current.status as ProgramStatus, to)) {
        check.fail('status', UserErrorCode.INVALID_TRANSITION, `A ${current.status} program cannot become ${to}`);
        return null;
      }
      const now = new Date();
      const measured = current.format !== format || current.hybrid !== changes.hybrid;
      Object.assign(current, changes, { status: to, updatedAt: now });
      await em.update(ProgramRow, { id: current.id }, { ...changes, status: to, updatedAt: now });
      if (measured) {
        // The format and hybrid flag decide how the sessions' attendance is split (recorded views, virtual attendance).
        const sessions = await lockForUpdate(this.ctx.db, em.createQueryBuilder(SessionRow, 's').select('s.id').where('s.programId = :pid', { pid: current.id }).orderBy('s.id')).getMany();
        await refreshTallies(em, sessions.map((s) => s.id));
      }
      if (to === ProgramStatus.CANCELLED && existing.status !== ProgramStatus.CANCELLED) {
        const scheduled = await em.find(SessionRow, { where: { programId: current.id, status: SessionStatus.SCHEDULED } });
        for (const s of scheduled) await cancelSessionIn(em, this.ctx.db, s.id, now);
      }
      return current;
    });
    return row ? succeeded(row) : failed(check.errors);
  }

  async scheduleSession(input: ScheduleSessionInput): Promise<Result<SessionRow>> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const check = new InputCheck();
    const program = await this.program(input.programId);
    if (!program) {
      check.fail('programId', UserErrorCode.NOT_FOUND, 'No program has this id');
      return failed(check.errors);
    }
    if (!ProgramPolicy.canManageBranch(this.viewer, program.branchId)) throw forbidden('STAFF may schedule sessions only for the branches they work for.');
    if (program.status !== ProgramStatus.DRAFT && program.status !== ProgramStatus.PUBLISHED) {
      check.fail('programId', UserErrorCode.CONFLICT, `A ${program.status} program takes no new sessions`);
    }
    const row = sessionRowFrom(check, program, input, new Date());
    if (!check.ok) return failed(check.errors);
    await this.ctx.db.transaction(async (em) => {
      await em.insert(SessionRow, row);
      await refreshTallies(em, [row.id]);
    });
    return succeeded(row);
  }

  // ------------------------------------------------------------------ outcome surveys

  /** Anyone, signed in or not; stored without any identity and with the date only. */
  async submitOutcomeSurvey(input: OutcomeSurveyInput): Promise<{ accepted: boolean; userErrors: UserError[] }> {
    const check = new InputCheck();
    const session = await this.session(input.sessionId);
    if (!session) check.fail('sessionId', UserErrorCode.NOT_FOUND, 'No session has this id');
    else if (session.status === SessionStatus.CANCELLED) check.fail('sessionId', UserErrorCode.CONFLICT, 'This session was cancelled');
    else if (session.startsAt.getTime() > Date.now()) check.fail('sessionId', UserErrorCode.CONFLICT, 'This session has not started yet');
    const likert = (f: 'knowledge' | 'confidence' | 'application' | 'awareness') => check.int(f, input[f], { min: 1, max: 5 });
    const answers = { knowledge: likert('knowledge'), confidence: likert('confidence'), application: likert('application'), awareness: likert('awareness') };
    const comment = check.text('comment', input.comment, { max: LIMITS.body, multiline: true });
    if (check.ok && Object.values(answers).every((a) => a === null) && comment === null) {
      check.fail(null, UserErrorCode.REQUIRED, 'Answer at least one question');
    }
    if (!check.ok || !session) return { accepted: false, userErrors: check.errors };
    // One client cannot stuff scores or pad a small group up to the threshold (RULES.md §3).
    const refused = await surveySubmissionRefused(this.ctx, 'outcome-survey', this.ctx.settings.surveyRatePerHour);
    if (refused) return { accepted: false, userErrors: [{ field: null, code: UserErrorCode.LIMIT_REACHED, message: refused }] };
    const row = Object.assign(new OutcomeResponseRow(), {
      id: randomUUID(), sessionId: session.id, programId: session.programId, branchId: session.branchId, surveyType: input.surveyType,
      ...answers, comment, submittedOn: new Date().toISOString().slice(0, 10), recordKey: newRecordKey(),
    });
    await transact(this.ctx, async (em) => {
      await lockSession(em, this.ctx.db, session.id);
      await em.insert(OutcomeResponseRow, row);
      await refreshTallies(em, [session.id]);
    });
    return { accepted: true, userErrors: [] };
  }

  /** For resolvers: whether the viewer may see a registration's patron id. */
  canSeePatron(r: { branchId: string; patron: string }): boolean {
    return !isAnonymous(this.viewer) && ProgramPolicy.canSeeRegistration(this.viewer, r);
  }

}

/** Branches that may share one program besides its own. */
export const MAX_OFFERING_BRANCHES = 20;

/** A hybrid program is held in person: ONSITE or OFFSITE. Records INVALID on `field` otherwise. */
export function checkHybrid(check: InputCheck, hybrid: boolean, format: ProgramFormat, field = 'hybrid'): boolean {
  if (hybrid && format !== ProgramFormat.ONSITE && format !== ProgramFormat.OFFSITE) {
    check.fail(field, UserErrorCode.INVALID, 'A hybrid program is held in person (ONSITE or OFFSITE) and streamed live; VIRTUAL and RECORDED programs cannot be hybrid');
    return false;
  }
  return hybrid;
}

/**
 * A new SCHEDULED session of a program from checked input; errors are
 * recorded on `at` + the field (e.g. ["sessions", 3, "endsAt"]).
 */
export function sessionRowFrom(
  check: InputCheck,
  program: { id: string; branchId: string },
  input: { startsAt: Date; endsAt: Date; location?: string | null; capacity?: number | null },
  now: Date,
  at: (string | number)[] = [],
  series: { seriesId: string; recurrenceId: Date } | null = null,
): SessionRow {
  const startsAt = check.instant([...at, 'startsAt'], input.startsAt, { required: true });
  const endsAt = check.instant([...at, 'endsAt'], input.endsAt, { required: true });
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) check.fail([...at, 'endsAt'], UserErrorCode.INVALID, 'endsAt must be after startsAt');
  return Object.assign(new SessionRow(), {
    id: randomUUID(),
    programId: program.id,
    branchId: program.branchId,
    startsAt,
    endsAt,
    location: check.text([...at, 'location'], input.location, { max: LIMITS.shortText }),
    capacity: check.int([...at, 'capacity'], input.capacity, { min: 1, max: MAX_CAPACITY }),
    status: SessionStatus.SCHEDULED,
    attendance: null,
    createdAt: now,
    updatedAt: now,
    seriesId: series?.seriesId ?? null,
    recurrenceId: series?.recurrenceId ?? null,
  });
}
