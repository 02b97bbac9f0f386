import {
  badUserInput, checkAggregateSpan, checkGroupBy, MAX_FILTER_IDS, orNoMatch, parseCalendarDate, spanDays, TimeInterval,
} from '@ceg/conventions';
import { aggregateBranches, type AggregateArgs as KitAggregateArgs, requireRole } from '@ceg/kit';
import { dateBucket } from '@ceg/persistence';
import type { SelectQueryBuilder } from 'typeorm';
import { OutcomeResponseRow, ProgramRow, RegistrationRow, SessionRow } from './entities';
import { OUTCOME_COLUMNS, outcomeCountsFromRaw, outcomeSelects, summarizeOutcomes, withholdComplement } from './outcomes';
import { plsRows } from './pls';
import { applyProgramFilter } from './filters';
import type { ProgramsContext } from './service';
import {
  AgeGroup, ProgramAggregate, ProgramDimension, type ProgramFilter, ProgramFormat, ProgramGroup, ProgramGroupKey, ProgramMeasures,
  type PlsProgramReport, RegistrationStatus, SessionStatus, SurveyType,
} from './types';
import type { ServiceArea } from '@ceg/conventions';

const DAY_MS = 86_400_000;

/** Keeps a derived table's per-session counts to the sessions of the range (the outer query's :aggFrom and :aggTo). */
const IN_RANGE = (alias: string) =>
  `${alias}.sessionId IN (SELECT rs.id FROM program_session rs WHERE rs.startsAt >= :aggFrom AND rs.startsAt < :aggTo)`;

export type AggregateArgs = KitAggregateArgs<ProgramFilter, ProgramDimension>;

const DIMENSION_SQL: Record<Exclude<ProgramDimension, ProgramDimension.PERIOD>, string> = {
  [ProgramDimension.BRANCH]: 's.branchId',
  [ProgramDimension.SERVICE_AREA]: 'p.serviceArea',
  [ProgramDimension.AGE_GROUP]: 'p.ageGroup',
  [ProgramDimension.FORMAT]: 'p.format',
};

/**
 * Program aggregates and the PLS report, computed by the database (GROUP BY
 * over sessions joined to their programs, with per-session registration and
 * survey counts as derived tables). Who may ask, and over which branches,
 * comes from the same policy as every other read.
 */
export class ProgramAggregates {
  constructor(private readonly ctx: ProgramsContext) {}

  private get minCell(): number {
    return this.ctx.settings.privacyMinCell;
  }

  async programAggregate(args: AggregateArgs, parentBranchIds: string[] | null = null): Promise<ProgramAggregate> {
    const branchIds = aggregateBranches(this.ctx.viewer, parentBranchIds, args.filter?.branchIds);
    const groupBy = [...new Set(args.groupBy ?? [])];
    checkGroupBy(groupBy);
    const interval = args.interval ?? TimeInterval.MONTH;
    const { from, to } = aggregateRange(args.from, args.to);
    checkAggregateSpan(spanDays(from, to), {
      dayBuckets: groupBy.includes(ProgramDimension.PERIOD) && interval === TimeInterval.DAY, argumentName: 'from', dayArgumentName: 'interval',
    });
    const dims = groupBy.map((d) => ({ d, sql: d === ProgramDimension.PERIOD ? dateBucket(this.ctx.db.dialect, 's.startsAt', interval) : DIMENSION_SQL[d] }));

    const base = () => {
      const qb = this.ctx.db.manager.createQueryBuilder(SessionRow, 's')
        .innerJoin(ProgramRow, 'p', 'p.id = s.programId')
        .leftJoin((sq) => sq.from(RegistrationRow, 'r').select('r.sessionId', 'sessionId')
          .addSelect(`SUM(CASE WHEN r.status <> '${RegistrationStatus.CANCELLED}' THEN 1 ELSE 0 END)`, 'live')
          .addSelect(`SUM(CASE WHEN r.status IN ('${RegistrationStatus.CONFIRMED}', '${RegistrationStatus.ATTENDED}') THEN 1 ELSE 0 END)`, 'held')
          .addSelect(`SUM(CASE WHEN r.status = '${RegistrationStatus.ATTENDED}' THEN 1 ELSE 0 END)`, 'attended')
          .addSelect(`SUM(CASE WHEN r.status = '${RegistrationStatus.NO_SHOW}' THEN 1 ELSE 0 END)`, 'noShow')
          .where(IN_RANGE('r'))
          .groupBy('r.sessionId'), 'rc', 'rc.sessionId = s.id')
        .leftJoin((sq) => {
          sq.from(OutcomeResponseRow, 'o').select('o.sessionId', 'sessionId');
          for (const sel of outcomeSelects('o')) sq.addSelect(sel);
          return sq.where(`o.surveyType = '${SurveyType.IMMEDIATE}'`).andWhere(IN_RANGE('o')).groupBy('o.sessionId');
        }, 'oc', 'oc.sessionId = s.id')
        .where('s.status <> :cancelledSession', { cancelledSession: SessionStatus.CANCELLED })
        .andWhere('s.startsAt >= :aggFrom AND s.startsAt < :aggTo', { aggFrom: from, aggTo: to });
      if (branchIds) qb.andWhere('s.branchId IN (:...aggBranches)', { aggBranches: orNoMatch(branchIds) });
      // Branches were settled by scope(); the rest of the filter applies as in lists.
      if (args.filter) applyProgramFilter(qb, 'p', { ...args.filter, branchIds: null });
      measureSelects(qb);
      return qb;
    };

    const totalsRaw = await base().getRawOne<Record<string, unknown>>();
    let groups: ProgramGroup[] = [];
    if (dims.length) {
      const qb = base();
      dims.forEach(({ sql }, i) => {
        qb.addSelect(sql, `dim${i}`);
        if (i === 0) qb.groupBy(sql);
        else qb.addGroupBy(sql);
      });
      dims.forEach(({ sql }, i) => (i === 0 ? qb.orderBy(sql, 'ASC') : qb.addOrderBy(sql, 'ASC')));
      const raw = await qb.getRawMany<Record<string, unknown>>();
      groups = raw.map((r) => {
        const key: ProgramGroupKey = Object.assign(new ProgramGroupKey(), { branch: null, serviceArea: null, ageGroup: null, format: null, period: null });
        dims.forEach(({ d }, i) => {
          const v = r[`dim${i}`] === null || r[`dim${i}`] === undefined ? null : String(r[`dim${i}`]);
          if (d === ProgramDimension.BRANCH) key.branch = v === null ? null : { id: v };
          else if (d === ProgramDimension.SERVICE_AREA) key.serviceArea = v as ServiceArea | null;
          else if (d === ProgramDimension.AGE_GROUP) key.ageGroup = v as AgeGroup | null;
          else if (d === ProgramDimension.FORMAT) key.format = v as ProgramFormat | null;
          else key.period = v === null ? null : v.slice(0, 10);
        });
        return Object.assign(new ProgramGroup(), { key, measures: this.measures(r) });
      });
      withholdComplement(groups.map((g) => g.measures.outcomes));
    }
    return Object.assign(new ProgramAggregate(), { totals: this.measures(totalsRaw ?? {}), groups });
  }

  private measures(r: Record<string, unknown>): ProgramMeasures {
    const n = (k: string) => Number(r[k] ?? 0);
    const attendedSessions = n('attendedSessions');
    const capacity = n('capacity');
    const outcomeBase = n('attendedRegs') + n('noShowRegs');
    return Object.assign(new ProgramMeasures(), {
      programCount: n('programCount'),
      sessionCount: n('sessionCount'),
      attendance: n('attendance'),
      liveAttendance: n('attendance') - n('recordedViews'),
      recordedViews: n('recordedViews'),
      inPersonAttendance: n('attendance') - n('recordedViews') - n('virtualAttendance'),
      virtualAttendance: n('virtualAttendance'),
      averageAttendance: attendedSessions ? Math.round((n('attendance') / attendedSessions) * 100) / 100 : null,
      registrationCount: n('registrationCount'),
      fillRate: capacity ? Math.round((n('heldWithCapacity') / capacity) * 10_000) / 10_000 : null,
      noShowRate: outcomeBase ? Math.round((n('noShowRegs') / outcomeBase) * 10_000) / 10_000 : null,
      outcomes: summarizeOutcomes(outcomeCountsFromRaw(r), this.minCell),
    });
  }

  /**
   * The PLS program items for a period (dates inclusive, UTC) over the given
   * branches: each held session (not cancelled, started by now) of a
   * synchronous program counts as one program; RECORDED programs only add
   * their views (item 630).
   */
  async plsProgramReport(fromDate: string, toDate: string, branchIdsArg: string[], fromClient: boolean): Promise<PlsProgramReport> {
    requireRole(this.ctx.viewer, 'STAFF', 'ANALYST', 'ADMIN');
    for (const [name, v] of [['from', fromDate], ['to', toDate]] as const) {
      try {
        parseCalendarDate(v);
      } catch {
        throw badUserInput(`\`${name}\` must be a date such as 2026-03-01`, { argumentName: name });
      }
      const y = Number(v.slice(0, 4));
      if (y < 1900 || y > 2100) throw badUserInput(`\`${name}\` must be between 1900 and 2100`, { argumentName: name });
    }
    const from = new Date(`${fromDate}T00:00:00.000Z`);
    const to = new Date(new Date(`${toDate}T00:00:00.000Z`).getTime() + DAY_MS);
    if (to <= from) throw badUserInput('`to` must not be before `from`', { argumentName: 'to' });
    checkAggregateSpan(spanDays(from, to), { argumentName: 'from' });
    if (fromClient && branchIdsArg.length > MAX_FILTER_IDS) throw badUserInput(`\`branchIds\` takes at most ${MAX_FILTER_IDS} ids`, { argumentName: 'branchIds' });
    const branchIds = aggregateBranches(this.ctx.viewer, branchIdsArg) ?? [];
    const held = new Date(Math.min(Date.now(), to.getTime()));
    const raw = branchIds.length
      ? await this.ctx.db.manager.createQueryBuilder(SessionRow, 's')
        .innerJoin(ProgramRow, 'p', 'p.id = s.programId')
        .select('p.ageGroup', 'ageGroup').addSelect('p.format', 'format')
        .addSelect('COUNT(s.id)', 'sessions').addSelect('COALESCE(SUM(s.attendance), 0)', 'attendance')
        .addSelect('COALESCE(SUM(CASE WHEN p.hybrid = 1 THEN COALESCE(s.virtualAttendance, 0) ELSE 0 END), 0)', 'virtualPart')
        .where('s.status <> :cancelledSession', { cancelledSession: SessionStatus.CANCELLED })
        .andWhere('s.startsAt >= :plsFrom AND s.startsAt < :plsTo AND s.startsAt <= :plsHeld', { plsFrom: from, plsTo: to, plsHeld: held })
        // A session counts once when its program's branch or any branch that shares the program is reported on.
        .andWhere(
          '(s.branchId IN (:...plsBranches) OR EXISTS (SELECT 1 FROM program_offering po WHERE po.programId = s.programId AND po.branchId IN (:...plsBranches)))',
          { plsBranches: branchIds },
        )
        .groupBy('p.ageGroup').addGroupBy('p.format')
        .getRawMany<{ ageGroup: AgeGroup; format: ProgramFormat; sessions: unknown; attendance: unknown; virtualPart: unknown }>()
      : [];
    const rows = plsRows(raw.map((r) => ({
      ageGroup: r.ageGroup, format: r.format, sessions: Number(r.sessions), attendance: Number(r.attendance), virtualAttendance: Number(r.virtualPart),
    })));
    return { from: fromDate, to: toDate, branchIds, rows };
  }
}

/** Default range: the year up to `to` (or now); an open end runs a year past `from`. */
export function aggregateRange(fromArg: Date | null | undefined, toArg: Date | null | undefined): { from: Date; to: Date } {
  const YEAR = 365 * DAY_MS;
  const to = toArg ?? (fromArg ? new Date(fromArg.getTime() + YEAR) : new Date());
  const from = fromArg ?? new Date(to.getTime() - YEAR);
  if (to <= from) throw badUserInput('`to` must be after `from`', { argumentName: 'to' });
  return { from, to };
}

function measureSelects(qb: SelectQueryBuilder<SessionRow>): void {
  qb.select('COUNT(DISTINCT p.id)', 'programCount')
    .addSelect('COUNT(s.id)', 'sessionCount')
    .addSelect('COALESCE(SUM(s.attendance), 0)', 'attendance')
    .addSelect('SUM(CASE WHEN s.attendance IS NOT NULL THEN 1 ELSE 0 END)', 'attendedSessions')
    .addSelect('COALESCE(SUM(rc.live), 0)', 'registrationCount')
    .addSelect('COALESCE(SUM(CASE WHEN s.capacity IS NOT NULL THEN COALESCE(rc.held, 0) ELSE 0 END), 0)', 'heldWithCapacity')
    .addSelect('COALESCE(SUM(s.capacity), 0)', 'capacity')
    .addSelect('COALESCE(SUM(rc.attended), 0)', 'attendedRegs')
    .addSelect('COALESCE(SUM(rc.noShow), 0)', 'noShowRegs')
    .addSelect(`COALESCE(SUM(CASE WHEN p.format = '${ProgramFormat.RECORDED}' THEN s.attendance ELSE 0 END), 0)`, 'recordedViews')
    .addSelect(`COALESCE(SUM(CASE WHEN p.format = '${ProgramFormat.VIRTUAL}' THEN s.attendance WHEN p.hybrid = 1 THEN COALESCE(s.virtualAttendance, 0) ELSE 0 END), 0)`, 'virtualAttendance');
  // Survey counts and the sums of their record keys (the cell-key method of libs/conventions/src/privacy.ts).
  for (const col of OUTCOME_COLUMNS) qb.addSelect(`COALESCE(SUM(oc.${col}), 0)`, col);
}
