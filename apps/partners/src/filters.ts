import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badUserInput, filterIds, orNoMatch } from '@ceg/conventions';
import { containsPattern, likeAny, type SortKey } from '@ceg/persistence';
import type { PartnerRow } from './entities';
import type { PartnerFilter, PartnershipFilter } from './types';

export const enumList = orNoMatch;

/** The orders of the partner and partnership lists. */
export const PARTNER_ORDER: SortKey[] = [{ expr: 'pa.name', direction: 'ASC' }, { expr: 'pa.id', direction: 'ASC' }];
export const PARTNERSHIP_ORDER: SortKey[] = [{ expr: 'p.createdAt', direction: 'DESC' }, { expr: 'p.id', direction: 'DESC' }];

/** Applies PartnershipFilter to a partnership alias `p` (lists, counts, contributed fields and aggregates alike). */
export function applyPartnershipFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, filter: PartnershipFilter | null | undefined): void {
  if (!filter) return;
  if (filter.branchIds) {
    qb.andWhere('EXISTS (SELECT 1 FROM partnership_branch fb WHERE fb.partnershipId = p.id AND fb.branchId IN (:...fBranchIds))', { fBranchIds: filterIds(filter.branchIds, 'branchIds') });
  }
  if (filter.partnerIds) qb.andWhere('p.partnerId IN (:...fPartnerIds)', { fPartnerIds: filterIds(filter.partnerIds, 'partnerIds') });
  if (filter.partnerTypes) qb.andWhere('p.partnerType IN (:...fPartnerTypes)', { fPartnerTypes: enumList(filter.partnerTypes) });
  if (filter.statuses) qb.andWhere('p.status IN (:...fStatuses)', { fStatuses: enumList(filter.statuses) });
  if (filter.serviceAreas) {
    qb.andWhere('EXISTS (SELECT 1 FROM partnership_service_area fs WHERE fs.partnershipId = p.id AND fs.serviceArea IN (:...fAreas))', { fAreas: enumList(filter.serviceAreas) });
  }
  if (filter.activeOn) {
    qb.andWhere('p.startsOn IS NOT NULL AND p.startsOn <= :fActiveOn AND (p.endsOn IS NULL OR p.endsOn >= :fActiveOn)', { fActiveOn: filter.activeOn });
  }
}

const MAX_SEARCH = 200;

/** Applies PartnerFilter to a partner alias `pa`. */
export function applyPartnerFilter(qb: SelectQueryBuilder<PartnerRow>, filter: PartnerFilter | null | undefined): void {
  if (filter?.types) qb.andWhere('pa.type IN (:...paTypes)', { paTypes: enumList(filter.types) });
  if (filter?.serviceAreas) {
    if (!filter.serviceAreas.length) qb.andWhere('1 = 0');
    // Stored as a JSON array of enum names: a quoted name matches exactly one value.
    else qb.andWhere(`(${filter.serviceAreas.map((_, i) => `pa.serviceAreas LIKE :paArea${i}`).join(' OR ')})`, Object.fromEntries(filter.serviceAreas.map((a, i) => [`paArea${i}`, `%"${a}"%`])));
  }
  if (filter?.search !== null && filter?.search !== undefined) {
    const s = filter.search.trim();
    if (s.length > MAX_SEARCH) throw badUserInput(`\`search\` must be at most ${MAX_SEARCH} characters`, { argumentName: 'filter.search' });
    if (s) qb.andWhere(likeAny(['pa.name', 'pa.description'], 'paSearch'), { paSearch: containsPattern(s) });
  }
}
