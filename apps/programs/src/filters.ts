import type { SelectQueryBuilder } from 'typeorm';
import { badUserInput, filterIds, InputCheck, isLanguageTag, orNoMatch, UserErrorCode } from '@ceg/conventions';
import { containsPattern, likeAny } from '@ceg/persistence';
import type { ProgramFilter } from './types';

export function checkLanguages(check: InputCheck, langs: string[] | null | undefined): string[] {
  if (!langs) return [];
  if (langs.length > 10) {
    check.fail('languages', UserErrorCode.INVALID, 'at most 10 languages');
    return [];
  }
  const out: string[] = [];
  langs.forEach((l, i) => {
    const t = l.trim();
    if (!isLanguageTag(t)) {
      check.fail(['languages', i], UserErrorCode.INVALID, 'languages are BCP 47 tags such as en, es or zh-Hant');
      return;
    }
    const [primary, ...rest] = t.split('-');
    const norm = [primary.toLowerCase(), ...rest].join('-');
    if (!out.includes(norm)) out.push(norm);
  });
  return out;
}

const enumList = orNoMatch;

/** The enum filters shared by programs, sessions and aggregates, on a program alias. */
export function applyEnumFilters<T extends object>(qb: SelectQueryBuilder<T>, p: string, f: { serviceAreas?: string[] | null; ageGroups?: string[] | null; formats?: string[] | null }) {
  if (f.serviceAreas) qb.andWhere(`${p}.serviceArea IN (:...fServiceAreas)`, { fServiceAreas: enumList(f.serviceAreas) });
  if (f.ageGroups) qb.andWhere(`${p}.ageGroup IN (:...fAgeGroups)`, { fAgeGroups: enumList(f.ageGroups) });
  if (f.formats) qb.andWhere(`${p}.format IN (:...fFormats)`, { fFormats: enumList(f.formats) });
}

/** A ProgramFilter on a program alias. */
export function applyProgramFilter<T extends object>(qb: SelectQueryBuilder<T>, p: string, filter: ProgramFilter | null | undefined): void {
  if (!filter) return;
  if (filter.branchIds) qb.andWhere(`${p}.branchId IN (:...fBranchIds)`, { fBranchIds: filterIds(filter.branchIds, 'branchIds') });
  applyEnumFilters(qb, p, filter);
  if (filter.statuses) qb.andWhere(`${p}.status IN (:...fStatuses)`, { fStatuses: enumList(filter.statuses) });
  if (filter.languages) {
    if (filter.languages.length > 20) throw badUserInput('`languages` takes at most 20 languages', { argumentName: 'filter.languages' });
    const langs = filter.languages.map((l) => l.trim()).filter((l) => isLanguageTag(l));
    if (!langs.length) qb.andWhere('1 = 0');
    else {
      const params: Record<string, string> = {};
      const ors = langs.map((l, i) => {
        params[`fLang${i}`] = containsPattern(`,${l},`);
        return `LOWER(${p}.languages) LIKE :fLang${i} ESCAPE '!'`;
      });
      qb.andWhere(`(${ors.join(' OR ')})`, params);
    }
  }
  if (filter.search !== undefined && filter.search !== null) {
    const s = filter.search.trim();
    if (s.length > 200) throw badUserInput('`search` must be at most 200 characters', { argumentName: 'filter.search' });
    if (s) qb.andWhere(likeAny([`${p}.title`, `${p}.description`], 'fSearch'), { fSearch: containsPattern(s) });
  }
}


