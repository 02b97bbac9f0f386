import type { SelectQueryBuilder } from 'typeorm';
import { badUserInput, checkAggregateSpan, checkGroupBy, filterIds, spanDays, NO_MATCH, orNoMatch, type TimeInterval } from '@ceg/conventions';
import type { SubgraphContext } from '@ceg/kit';
import { dateBucket } from '@ceg/persistence';
import { ContributionRow, PartnershipBranchRow, PartnershipProgramRow, PartnershipRow, PartnershipServiceAreaRow } from './entities';
import { asBigInt, fromHundredths } from './money';
import { aggregateScope, partnershipScopeSql } from './policy';
import { applyPartnershipFilter } from './filters';
import { emptyValueSums, moneyList, type ValueSums } from './money';
import { PartnershipDimension, type PartnershipAggregate, type PartnershipFilter, type PartnershipMeasures } from './types';


/**
 * The aggregate's `from`/`to` as calendar days: partnerships active at some
 * time in [from, to) are those not ended before from's day and started on
 * or before the day of to's last moment. `to` before `from` and ranges over
 * 10 years are BAD_USER_INPUT.
 */
export function activeRange(range: { from?: Date | null; to?: Date | null }): { from: string | null; to: string | null } {
  const { from, to } = range;
  if (from && to) {
    if (to.getTime() < from.getTime()) throw badUserInput('`to` must not be before `from`', { argumentName: 'to' });
    checkAggregateSpan(spanDays(from, to), { argumentName: 'from' });
  }
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: from ? day(from) : null, to: to ? day(new Date(to.getTime() - 1)) : null };
}

/** The branches an aggregate covers: the intersection of every list that is set (null: no restriction). */
export function intersectScopes(...lists: (readonly string[] | null | undefined)[]): string[] | null {
  let out: string[] | null = null;
  for (const list of lists) {
    if (list === null || list === undefined) continue;
    out = out === null ? [...new Set(list)] : out.filter((b) => list.includes(b));
  }
  return out;
}

interface Counts {
  n: number;
  activeN: number;
  partnerN: number;
  programN: number;
}

export function measuresOf(c: Counts, v: ValueSums): PartnershipMeasures {
  return {
    partnershipCount: c.n,
    activeCount: c.activeN,
    partnerCount: c.partnerN,
    linkedProgramCount: c.programN,
    contributedValue: moneyList(v),
    volunteerHours: fromHundredths(v.hoursCenti),
  };
}

/** Orders group keys: nulls first, then by value, dimension by dimension. */
export function compareKeys(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === null) return -1;
    if (b[i] === null) return 1;
    return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}

/**
 * PartnershipAggregate in one SQL statement: four SELECTs joined by UNION ALL
 * — counts per group, money and hours per group and currency, and the same
 * two for the totals. Counts use COUNT(DISTINCT …) so that a partnership
 * shared by several branches (or with several service areas) is counted once
 * in the totals; contribution sums come from the contribution rows
 * themselves, never multiplied by a join.
 */
export class PartnershipAggregates {
  constructor(private readonly ctx: SubgraphContext) {}

  async aggregate(
    filter: PartnershipFilter | null | undefined,
    groupByArg: PartnershipDimension[] | null | undefined,
    interval: TimeInterval | null | undefined,
    rangeArg: { from?: Date | null; to?: Date | null },
    targetBranchIds?: readonly string[],
  ): Promise<PartnershipAggregate> {
    const allowed = aggregateScope(this.ctx.viewer);
    const active = activeRange(rangeArg);
    const groupBy = [...new Set(groupByArg ?? [])];
    checkGroupBy(groupBy);
    const filterBranches = filter?.branchIds ? filterIds(filter.branchIds, 'branchIds') : null;
    const branches = intersectScopes(allowed, targetBranchIds, filterBranches);
    const base: PartnershipFilter = { ...filter, branchIds: null };
    const dialect = this.ctx.db.dialect;
    const bucket = interval ?? 'YEAR';

    const keyExpr: Record<PartnershipDimension, string> = {
      [PartnershipDimension.BRANCH]: 'gb.branchId',
      [PartnershipDimension.PARTNER_TYPE]: 'p.partnerType',
      [PartnershipDimension.STATUS]: 'p.status',
      [PartnershipDimension.SERVICE_AREA]: 'gs.serviceArea',
      [PartnershipDimension.AGREEMENT_TYPE]: 'p.agreementType',
      [PartnershipDimension.PERIOD]: dateBucket(dialect, 'p.startsOn', bucket),
    };

    /** The partnerships in scope (visibility, filter, branches), as alias `p`, with the group joins when grouped. */
    const scoped = <T extends PartnershipRow | ContributionRow>(qb: SelectQueryBuilder<T>, grouped: boolean) => {
      // Aggregates are for STAFF, ANALYST and ADMIN, who see every partnership; the policy still applies.
      const vis = partnershipScopeSql(this.ctx.viewer, 'p');
      if (vis) qb.andWhere(vis.sql, vis.params);
      if (branches !== null) {
        qb.andWhere('EXISTS (SELECT 1 FROM partnership_branch ab WHERE ab.partnershipId = p.id AND ab.branchId IN (:...aggBranches))', { aggBranches: orNoMatch(branches) });
      }
      if (grouped && groupBy.includes(PartnershipDimension.BRANCH)) {
        qb.innerJoin(PartnershipBranchRow, 'gb', branches === null ? 'gb.partnershipId = p.id' : 'gb.partnershipId = p.id AND gb.branchId IN (:...aggBranches)');
      }
      if (grouped && groupBy.includes(PartnershipDimension.SERVICE_AREA)) {
        qb.innerJoin(PartnershipServiceAreaRow, 'gs', filter?.serviceAreas ? 'gs.partnershipId = p.id AND gs.serviceArea IN (:...gsAreas)' : 'gs.partnershipId = p.id', {
          gsAreas: filter?.serviceAreas?.length ? filter.serviceAreas : [NO_MATCH],
        });
      }
      applyPartnershipFilter(qb, base);
      if (active.from) qb.andWhere('p.startsOn IS NOT NULL AND (p.endsOn IS NULL OR p.endsOn >= :aFrom)', { aFrom: active.from });
      if (active.to) qb.andWhere('p.startsOn IS NOT NULL AND p.startsOn <= :aTo', { aTo: active.to });
      return qb;
    };
    const keyColumns = (grouped: boolean) =>
      [0, 1, 2].map((i) => (grouped && groupBy[i] ? `${keyExpr[groupBy[i]]}` : 'NULL'));

    const countsPart = (grouped: boolean) => {
      const qb = scoped(this.ctx.db.manager.createQueryBuilder(PartnershipRow, 'p'), grouped)
        .leftJoin(PartnershipProgramRow, 'pp', 'pp.partnershipId = p.id')
        .select(`'c'`, 'rowKind');
      keyColumns(grouped).forEach((k, i) => qb.addSelect(k, `k${i}`));
      qb.addSelect('COUNT(DISTINCT p.id)', 'n')
        .addSelect(`COUNT(DISTINCT CASE WHEN p.status = 'ACTIVE' THEN p.id END)`, 'activeN')
        .addSelect('COUNT(DISTINCT p.partnerId)', 'partnerN')
        .addSelect('COUNT(DISTINCT pp.programId)', 'programN')
        .addSelect('NULL', 'currency').addSelect('NULL', 'cents').addSelect('NULL', 'hours');
      if (grouped) groupBy.forEach((d) => qb.addGroupBy(keyExpr[d]));
      return qb;
    };
    const valuesPart = (grouped: boolean) => {
      const qb = scoped(this.ctx.db.manager.createQueryBuilder(ContributionRow, 'c').innerJoin(PartnershipRow, 'p', 'p.id = c.partnershipId'), grouped)
        .select(`'m'`, 'rowKind');
      keyColumns(grouped).forEach((k, i) => qb.addSelect(k, `k${i}`));
      qb.addSelect('0', 'n').addSelect('0', 'activeN').addSelect('0', 'partnerN').addSelect('0', 'programN')
        .addSelect('c.currency', 'currency').addSelect('SUM(c.amountCents)', 'cents').addSelect('SUM(c.hoursCenti)', 'hours');
      if (grouped) groupBy.forEach((d) => qb.addGroupBy(keyExpr[d]));
      qb.addGroupBy('c.currency');
      return qb;
    };

    const parts = [countsPart(false), valuesPart(false)];
    if (groupBy.length) parts.push(countsPart(true), valuesPart(true));
    const sqls: string[] = [];
    const params: unknown[] = [];
    parts.forEach((qb) => {
      const [sql, p] = qb.getQueryAndParameters();
      sqls.push(sql);
      params.push(...p);
    });
    // The first two SELECTs are the totals, the others the groups.
    // TypeORM may reorder a SELECT's columns: name them, in one order, around every part.
    const columns = ['rowKind', 'k0', 'k1', 'k2', 'n', 'activeN', 'partnerN', 'programN', 'currency', 'cents', 'hours'];
    const statement = parts
      .map((_, i) => `SELECT ${i < 2 ? 1 : 0} AS isTotal, ${columns.map((c) => `x${i}.${c} AS ${c}`).join(', ')} FROM (${sqls[i]}) x${i}`)
      .join(' UNION ALL ');
    const raw: Record<string, unknown>[] = await this.ctx.db.manager.query(statement, params);

    const counts = new Map<string, Counts>();
    const values = new Map<string, ValueSums>();
    const keys = new Map<string, (string | null)[]>();
    let totalCounts: Counts = { n: 0, activeN: 0, partnerN: 0, programN: 0 };
    const totalValues = emptyValueSums();
    for (const r of raw) {
      const isTotal = Number(r.isTotal) === 1;
      const key = groupBy.map((_, i) => (r[`k${i}`] === null || r[`k${i}`] === undefined ? null : String(r[`k${i}`])));
      const id = JSON.stringify(key);
      if (r.rowKind === 'c') {
        const c = { n: Number(r.n), activeN: Number(r.activeN), partnerN: Number(r.partnerN), programN: Number(r.programN) };
        if (isTotal) totalCounts = c;
        else if (c.n > 0) {
          counts.set(id, c);
          keys.set(id, key);
        }
      } else {
        const target = isTotal ? totalValues : values.get(id) ?? emptyValueSums();
        if (r.currency && r.cents !== null && r.cents !== undefined) {
          const currency = String(r.currency);
          target.money.set(currency, (target.money.get(currency) ?? 0n) + asBigInt(r.cents));
        }
        target.hoursCenti += asBigInt(r.hours);
        if (!isTotal) values.set(id, target);
      }
    }
    const groups = [...keys.entries()]
      .sort(([, a], [, b]) => compareKeys(a, b))
      .map(([id, key]) => {
        const k: Record<string, unknown> = { branch: null, partnerType: null, status: null, serviceArea: null, agreementType: null, period: null };
        groupBy.forEach((d, i) => {
          const v = key[i];
          if (d === PartnershipDimension.BRANCH) k.branch = v && { id: v };
          else if (d === PartnershipDimension.PARTNER_TYPE) k.partnerType = v;
          else if (d === PartnershipDimension.STATUS) k.status = v;
          else if (d === PartnershipDimension.SERVICE_AREA) k.serviceArea = v;
          else if (d === PartnershipDimension.AGREEMENT_TYPE) k.agreementType = v;
          else k.period = v && v.slice(0, 10);
        });
        return { key: k as never, measures: measuresOf(counts.get(id)!, values.get(id) ?? emptyValueSums()) };
      });
    return { totals: measuresOf(totalCounts, totalValues), groups };
  }
}
