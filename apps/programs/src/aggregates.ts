import {
  badUserInput, checkAggregateSpan, checkGroupBy, MAX_FILTER_IDS, orNoMatch, parseCalendarDate, spanDays, TimeInterval,
} from '@ceg/conventions';
import { aggregateBranches, type AggregateArgs as KitAggregateArgs, requireRole } from '@ceg/kit';
import { dateBucket } from '@ceg/persistence';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ProgramRow, SessionRow } from './entities';
import { outcomeCountsFromRaw, summarizeOutcomes, withholdComplement } from './outcomes';
import { TALLY_MEASURES } from './tally';
import { plsRows } from './pls';
import { applyProgramFilter } from './filters';
import type { ProgramsContext } from './service';
import {
  AgeGroup, ProgramAggregate, ProgramDimension, type ProgramFilter, ProgramFormat, ProgramGroup, ProgramGroupKey, ProgramMeasures,
  type PlsProgramReport, SessionStatus,
} from './types';
import type { ServiceArea } from '@ceg/conventions';

const DAY_MS = 86_400_000;

export type AggregateArgs = KitAggregateArgs<ProgramFilter, ProgramDimension>;

const DIMENSION_SQL: Record<ProgramDimension, string> = {
  [ProgramDimension.BRANCH]: 'u.branchId',
  [ProgramDimension.SERVICE_AREA]: 'p.serviceArea',
  [ProgramDimension.AGE_GROUP]: 'p.ageGroup',
  [ProgramDimension.FORMAT]: 'p.format',
  [ProgramDimension.PERIOD]: 'u.at',
};

/**
 * Program aggregates and the PLS report, computed by the database. The
 * aggregates sum what each session adds (session_tally) and, for the whole
 * UTC months of a range, the same summed per branch, month and program
 * (program_monthly): both kept by every write (tally.ts), so no aggregate
 * counts registrations or answer sheets again. The PLS report groups the
 * sessions themselves. Who may ask, and over which branches, comes from the
 * same policy as every other read.
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
    const dims = groupBy.map((d) => ({ d }));

    const dialect = this.ctx.db.dialect;
    // Whole UTC months from program_monthly, the rest of the range from the sessions' tallies (session_tally): one
    // statement over both, so that a program counted in both parts of a group is counted once.
    const months = dims.some(({ d }) => d === ProgramDimension.PERIOD) && (interval === TimeInterval.DAY || interval === TimeInterval.WEEK)
      ? null : wholeMonths(from, to);
    const measureCols = TALLY_MEASURES.map((m) => m.name);
    const params: Record<string, unknown> = {};
    const branchSql = (alias: string) => (branchIds ? ` AND ${alias}.branchId IN (:...aggBranches)` : '');
    if (branchIds) params.aggBranches = orNoMatch(branchIds);
    const parts: string[] = [];
    const tallyRanges: [Date, Date][] = months ? [[from, months.from], [months.to, to]].filter(([a, b]) => a < b) as [Date, Date][] : [[from, to]];
    if (months) {
      parts.push(`SELECT m.branchId AS branchId, m.programId AS programId, m.month AS at, ${measureCols.map((c) => `m.${c} AS ${c}`).join(', ')}
        FROM program_monthly m WHERE m.month >= :rollFrom AND m.month < :rollTo${branchSql('m')}`);
      Object.assign(params, { rollFrom: utcMonth(months.from), rollTo: utcMonth(months.to) });
    }
    if (tallyRanges.length) {
      const within = tallyRanges.map((_, i) => `(t.startsAt >= :tallyFrom${i} AND t.startsAt < :tallyTo${i})`).join(' OR ');
      tallyRanges.forEach(([a, b], i) => Object.assign(params, { [`tallyFrom${i}`]: a, [`tallyTo${i}`]: b }));
      parts.push(`SELECT t.branchId AS branchId, t.programId AS programId, t.startsAt AS at, ${measureCols.map((c) => `t.${c} AS ${c}`).join(', ')}
        FROM session_tally t WHERE (${within})${branchSql('t')}`);
    }
    const dimSql = (d: ProgramDimension) => (d === ProgramDimension.PERIOD ? dateBucket(dialect, 'u.at', interval) : DIMENSION_SQL[d]);
    const query = (grouped: boolean) => {
      const qb = this.ctx.db.manager.createQueryBuilder()
        .from(`(${parts.join(' UNION ALL ')})`, 'u')
        .innerJoin(ProgramRow, 'p', 'p.id = u.programId')
        .select('COUNT(DISTINCT u.programId)', 'programCount')
        .setParameters(params);
      for (const c of measureCols) qb.addSelect(`SUM(u.${c})`, c);
      // Branches were settled by scope(); the rest of the filter applies as in lists.
      if (args.filter) applyProgramFilter(qb, 'p', { ...args.filter, branchIds: null });
      if (grouped) {
        dims.forEach(({ d }, i) => {
          qb.addSelect(dimSql(d), `dim${i}`);
          if (i === 0) qb.groupBy(dimSql(d));
          else qb.addGroupBy(dimSql(d));
        });
        dims.forEach(({ d }, i) => (i === 0 ? qb.orderBy(dimSql(d), 'ASC') : qb.addOrderBy(dimSql(d), 'ASC')));
      }
      return this.raw(qb);
    };

    const [totalsRaw] = await query(false);
    let groups: ProgramGroup[] = [];
    if (dims.length) {
      const raw = await query(true);
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

  /**
   * Runs an aggregate statement. MariaDB turns an IN list of 1,000 values or
   * more (a consortium's branches) into a join with a temporary table; the
   * executable comment, which only MariaDB ≥ 10.4 reads, keeps the list a list.
   */
  private raw(qb: SelectQueryBuilder<ObjectLiteral>): Promise<Record<string, unknown>[]> {
    const [sql, params] = qb.getQueryAndParameters();
    return this.ctx.db.manager.query(this.ctx.db.dialect === 'mysql' ? `/*M!100400 SET STATEMENT in_predicate_conversion_threshold=0 FOR */ ${sql}` : sql, params);
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

/** The whole UTC months within a range, or null when it holds none. */
export function wholeMonths(from: Date, to: Date): { from: Date; to: Date } | null {
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  const start = first.getTime() === from.getTime() ? first : new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  const end = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1));
  return start < end ? { from: start, to: end } : null;
}

const utcMonth = (at: Date): string => at.toISOString().slice(0, 10);
