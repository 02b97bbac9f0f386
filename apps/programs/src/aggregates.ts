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
  AgeGroup, type OutcomeSummary, ProgramAggregate, ProgramDimension, type ProgramFilter, ProgramFormat, ProgramGroup, ProgramGroupKey, ProgramMeasures,
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
    // Whole UTC months from program_monthly, the rest of the range from the sessions' tallies (session_tally), in one
    // statement over both where a group may hold rows of both parts, so that a program is counted once.
    const months = dims.some(({ d }) => d === ProgramDimension.PERIOD) && (interval === TimeInterval.DAY || interval === TimeInterval.WEEK)
      ? null : wholeMonths(from, to);
    const measureCols = TALLY_MEASURES.map((m) => m.name);
    const params: Record<string, unknown> = {};
    const branchSql = (alias: string) => (branchIds ? ` AND ${alias}.branchId IN (:...aggBranches)` : '');
    if (branchIds) params.aggBranches = orNoMatch(branchIds);
    const tallyRanges: [Date, Date][] = months ? [[from, months.from], [months.to, to]].filter(([a, b]) => a < b) as [Date, Date][] : [[from, to]];
    if (months) Object.assign(params, { rollFrom: utcMonth(months.from), rollTo: utcMonth(months.to) });
    tallyRanges.forEach(([a, b], i) => Object.assign(params, { [`tallyFrom${i}`]: a, [`tallyTo${i}`]: b }));
    /** The rows of the range: the whole months' from program_monthly, the rest from session_tally; with the measures or the program only. */
    const partsOf = (withMeasures: boolean, withAt = withMeasures): string[] => {
      const out: string[] = [];
      const cols = (alias: string, at: string) => `${alias}.branchId AS branchId, ${alias}.programId AS programId${withAt ? `, ${at} AS at` : ''}${withMeasures ? `, ${measureCols.map((c) => `${alias}.${c} AS ${c}`).join(', ')}` : ''}`;
      // `at` is the period already bucketed: a month's rows group by the stored month (MySQL reads program_monthly in key order).
      if (months) out.push(`SELECT ${cols('m', interval === TimeInterval.MONTH ? 'm.month' : dateBucket(dialect, 'm.month', interval))} FROM program_monthly m WHERE m.month >= :rollFrom AND m.month < :rollTo${branchSql('m')}`);
      if (tallyRanges.length) {
        const within = tallyRanges.map((_, i) => `(t.startsAt >= :tallyFrom${i} AND t.startsAt < :tallyTo${i})`).join(' OR ');
        out.push(`SELECT ${cols('t', dateBucket(dialect, 't.startsAt', interval))} FROM session_tally t WHERE (${within})${branchSql('t')}`);
      }
      return out;
    };
    const parts = partsOf(true);
    const dimSql = (d: ProgramDimension) => DIMENSION_SQL[d];
    // MySQL returns a DATE column as a Date: the period is selected as text (SQLite stores it as text).
    const dimSelect = (d: ProgramDimension) => (d === ProgramDimension.PERIOD && dialect === 'mysql' ? `DATE_FORMAT(u.at, '%Y-%m-%d')` : DIMENSION_SQL[d]);
    const joinPrograms = dims.some(({ d }) => DIMENSION_SQL[d].startsWith('p.')) || programFilterApplies(args.filter);
    /** One statement over the given parts: the measures' sums (or only the count of programs), per group or in all. */
    const query = (from: string[], grouped: boolean, sums = true) => {
      const qb = this.ctx.db.manager.createQueryBuilder()
        .from(`(${from.join(' UNION ALL ')})`, 'u')
        .select('COUNT(DISTINCT u.programId)', 'programCount')
        .setParameters(params);
      // The programs are joined only when a filter or a dimension reads them (a join of every row costs a second here at 60,000 rows).
      if (joinPrograms) qb.innerJoin(ProgramRow, 'p', 'p.id = u.programId');
      // MySQL returns SUM() as DECIMAL, a string per value: as DOUBLE it arrives as a number (exact: every sum here is below 2^53).
      if (sums) for (const c of measureCols) qb.addSelect(dialect === 'mysql' ? `CAST(SUM(u.${c}) AS DOUBLE)` : `SUM(u.${c})`, c);
      // Branches were settled by scope(); the rest of the filter applies as in lists.
      if (joinPrograms && args.filter) applyProgramFilter(qb, 'p', { ...args.filter, branchIds: null });
      if (grouped) {
        dims.forEach(({ d }, i) => {
          qb.addSelect(dimSelect(d), `dim${i}`);
          if (i === 0) qb.groupBy(dimSql(d));
          else qb.addGroupBy(dimSql(d));
        });
        dims.forEach((_, i) => (i === 0 ? qb.orderBy(`dim${i}`, 'ASC') : qb.addOrderBy(`dim${i}`, 'ASC')));
      }
      return this.raw(qb);
    };

    // MySQL: the statements run at once, on connections of the pool. SQLite: one after the other (the reader threads
    // serve every request of the process; one aggregate does not take them all on a machine of two cores).
    const run = async (tasks: (() => Promise<Record<string, unknown>[]>)[]): Promise<Record<string, unknown>[][]> => {
      if (dialect === 'mysql') return Promise.all(tasks.map((t) => t()));
      const out: Record<string, unknown>[][] = [];
      for (const t of tasks) out.push(await t());
      return out;
    };
    let totalsRaw: Record<string, unknown> | undefined;
    let raw: Record<string, unknown>[] = [];
    if (parts.length > 1) {
      // Each part is summed on its own (no union of every column to materialize) and the sums are added by group;
      // only the count of programs needs both parts at once (a program may have sessions in both), from a union of
      // the programs alone. Grouped by month, the whole months and the partial ones never share a group.
      const disjoint = dims.some(({ d }) => d === ProgramDimension.PERIOD) && interval === TimeInterval.MONTH;
      const grouped = dims.length > 0;
      const [rolled, partial, [count], counts] = await run([
        () => query([parts[0]], grouped), () => query([parts[1]], grouped), () => query(partsOf(false), false, false),
        () => (grouped && !disjoint ? query(partsOf(false, true), true, false) : Promise.resolve([])),
      ]);
      const keyOf = (r: Record<string, unknown>) => dims.map((_, i) => groupKeyText(r[`dim${i}`])).join('\u0000');
      const programCounts = new Map(counts.map((r) => [keyOf(r), Number(r.programCount ?? 0)]));
      const byKey = new Map<string, Record<string, unknown>>();
      for (const r of [...rolled, ...partial]) {
        const k = keyOf(r);
        const at = byKey.get(k);
        if (!at) byKey.set(k, { ...r });
        else for (const c of measureCols) at[c] = Number(at[c] ?? 0) + Number(r[c] ?? 0);
      }
      raw = grouped ? sortGroups([...byKey.values()], dims.length) : [];
      if (grouped && !disjoint) for (const r of raw) r.programCount = programCounts.get(keyOf(r)) ?? 0;
      const totals: Record<string, number> = { programCount: Number(count?.programCount ?? 0) };
      for (const c of measureCols) totals[c] = 0;
      for (const r of [...rolled, ...partial]) for (const c of measureCols) totals[c] += Number(r[c] ?? 0);
      totalsRaw = totals;
    } else {
      [[totalsRaw], raw] = await run([() => query(parts, false), () => (dims.length ? query(parts, true) : Promise.resolve([]))]);
    }
    let groups: ProgramGroup[] = [];
    if (dims.length) {
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
        return Object.assign(new ProgramGroup(), { key, measures: this.measures(r, false) });
      });
      // The groups' outcome summaries are computed (and one withheld to protect another) only when a group's
      // `outcomes` is read: an aggregate of 40,000 groups asked for counts does not perturb 40,000 survey cells.
      let outcomes: OutcomeSummary[] | null = null;
      const settle = () => {
        if (!outcomes) {
          outcomes = raw.map((r) => summarizeOutcomes(outcomeCountsFromRaw(r), this.minCell));
          withholdComplement(outcomes);
        }
        return outcomes;
      };
      groups.forEach((g, i) => Object.defineProperty(g.measures, 'outcomes', { get: () => settle()[i], enumerable: true, configurable: true }));
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

  private measures(r: Record<string, unknown>, withOutcomes = true): ProgramMeasures {
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
      ...(withOutcomes ? { outcomes: summarizeOutcomes(outcomeCountsFromRaw(r), this.minCell) } : {}),
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

/** Whether a filter has anything for applyProgramFilter besides the branches (settled apart). */
function programFilterApplies(filter: ProgramFilter | null | undefined): boolean {
  if (!filter) return false;
  return Object.entries(filter).some(([k, v]) => k !== 'branchIds' && v !== null && v !== undefined);
}

/** A group key's value as text (MySQL may return a date as a Date). */
function groupKeyText(v: unknown): string | null {
  return v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);
}

/** Rows of groups (keys dim0…) in key order, as ORDER BY gives them: null first, then by the text of the key. */
function sortGroups(rows: Record<string, unknown>[], keys: number): Record<string, unknown>[] {
  const text = groupKeyText;
  const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  const keyed = rows.map((row) => ({ row, key: Array.from({ length: keys }, (_, i) => text(row[`dim${i}`])) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < keys; i++) {
      const c = cmp(x.key[i], y.key[i]);
      if (c) return c;
    }
    return 0;
  });
  return keyed.map((k) => k.row);
}

/** The whole UTC months within a range, or null when it holds none. */
export function wholeMonths(from: Date, to: Date): { from: Date; to: Date } | null {
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  const start = first.getTime() === from.getTime() ? first : new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  const end = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1));
  return start < end ? { from: start, to: end } : null;
}

const utcMonth = (at: Date): string => at.toISOString().slice(0, 10);
