import { createHash, randomUUID } from 'node:crypto';
import { type EntityManager, In } from 'typeorm';
import type { Viewer } from '@ceg/auth';
import {
  badUserInput, failed, InputCheck, isId, LIMITS, type MutationResult, newRecordKey, Share, succeeded, UserErrorCode,
} from '@ceg/conventions';
import { byKey, groupByKey, ReferenceCheck, type SubgraphContext, surveySubmissionRefused } from '@ceg/kit';
import { isExclusiveDimension, overfullDimensions } from './collection';
import { AccessibilityAuditRow, CollectionAuditRow, CommunityProfileRow, ParticipantResponseRow, type StoredShare } from './entities';
import { type Breakdowns, shareChanges } from './gaps';
import { DiversityPolicy } from './policy';
import { roundShare } from './suppression';
import {
  AccessibilityAudit, type AccessibilityFeature, CollectionAudit, CommunityProfile, DemographicDimension,
  type ParticipantDemographicsInput, type RecordAccessibilityAuditInput, type RecordCollectionAuditInput,
  type ShareChange, type ShareInput, type UpsertCommunityProfileInput,
} from './types';
import { keyList, labelOf, normalizeKey, raceEthnicityCategory } from './vocabulary';

export { aggregatePeriod } from './aggregates';

const DAY_MS = 86_400_000;
const MAX_SHARES = 50;
const MAX_COLLECTION_SHARES = 500;
export const MAX_POPULATION = 1_000_000_000;

/** The subgraph's request context: the kit's (with the settings read at start). */
export type DiversityContext = SubgraphContext;

export type Result<T> = MutationResult<T>;

/** A profile's id follows from its branch and year, so replacing a year's profile keeps its id. */
export function profileId(branchId: string, year: number): string {
  const h = createHash('sha1').update(`community-profile:${branchId}:${year}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const parseJson = <T>(json: string, fallback: T): T => {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
};

const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function breakdownsOf(row: CommunityProfileRow): Breakdowns {
  return {
    [DemographicDimension.AGE_BAND]: parseJson<StoredShare[]>(row.ageBands, []),
    [DemographicDimension.RACE_ETHNICITY]: parseJson<StoredShare[]>(row.raceEthnicity, []),
    [DemographicDimension.LANGUAGE]: parseJson<StoredShare[]>(row.languages, []),
  };
}

/** Published census figures: nothing to withhold. */
const publicShares = (list: StoredShare[]): Share[] =>
  list.map((s) => Object.assign(new Share(), {
    key: s.key, label: s.label, count: s.count, share: s.share, suppressed: false, marginOfError: s.marginOfError ?? null, countMarginOfError: s.countMarginOfError ?? null,
  }));

export function toProfile(row: CommunityProfileRow): CommunityProfile {
  const b = breakdownsOf(row);
  return Object.assign(new CommunityProfile(), {
    id: row.id,
    branch: { id: row.branchId },
    branchId: row.branchId,
    year: Number(row.year),
    source: row.source,
    population: Number(row.population),
    populationMarginOfError: numOrNull(row.populationMarginOfError),
    ageBands: publicShares(b.AGE_BAND),
    raceEthnicity: publicShares(b.RACE_ETHNICITY),
    languagesSpokenAtHome: publicShares(b.LANGUAGE),
    disabilityRate: numOrNull(row.disabilityRate),
    povertyRate: numOrNull(row.povertyRate),
    broadbandRate: numOrNull(row.broadbandRate),
    foreignBornRate: numOrNull(row.foreignBornRate),
    medianHouseholdIncome: numOrNull(row.medianHouseholdIncome),
  });
}

export function toCollectionAudit(row: CollectionAuditRow): CollectionAudit {
  const total = Number(row.totalTitles);
  const dims = parseJson<{ dimension: string; key: string; titleCount: number }[]>(row.dimensions, []);
  return Object.assign(new CollectionAudit(), {
    id: row.id,
    branch: { id: row.branchId },
    branchId: row.branchId,
    auditedOn: day(row.auditedOn),
    totalTitles: total,
    dimensions: dims.map((d) => ({
      dimension: d.dimension, key: d.key, titleCount: d.titleCount, share: total > 0 ? roundShare(d.titleCount / total) : 0, exclusive: isExclusiveDimension(d.dimension),
    })),
  });
}

export function toAccessibilityAudit(row: AccessibilityAuditRow): AccessibilityAudit {
  return Object.assign(new AccessibilityAudit(), {
    id: row.id,
    branch: { id: row.branchId },
    branchId: row.branchId,
    auditedOn: day(row.auditedOn),
    features: parseJson<{ feature: AccessibilityFeature; available: boolean; notes: string | null }[]>(row.features, []),
    score: roundShare(Number(row.score)),
  });
}

export function checkYear(name: string, year: number | null | undefined): void {
  if (year === null || year === undefined) return;
  if (!Number.isInteger(year) || year < LIMITS.minYear || year > LIMITS.maxYear) {
    throw badUserInput(`\`${name}\` must be a year between ${LIMITS.minYear} and ${LIMITS.maxYear}`, { argumentName: name });
  }
}

/**
 * Community profiles, audits and the participant aggregates: validation,
 * authorization and the policy (./policy.ts) on every read path. Per-branch
 * fields go through per-request DataLoaders; answer sheets are only ever
 * counted by the database.
 */
export class DiversityService {
  constructor(private readonly ctx: DiversityContext) {}

  private get em(): EntityManager {
    return this.ctx.db.manager;
  }

  private get viewer(): Viewer {
    return this.ctx.viewer;
  }

  get minCell(): number {
    return this.ctx.settings.privacyMinCell;
  }

  // ------------------------------------------------------------------ public records

  async profile(id: string): Promise<CommunityProfile | null> {
    if (!isId(id) || !DiversityPolicy.canReadRecord(this.viewer)) return null;
    const row = await this.ctx.loaders
      .get<string, CommunityProfileRow | null>('profileById', async (ids) => byKey(ids, await this.em.findBy(CommunityProfileRow, { id: In([...ids]) }), (r) => r.id))
      .load(id);
    return row && toProfile(row);
  }

  async collectionAudit(id: string): Promise<CollectionAudit | null> {
    if (!isId(id) || !DiversityPolicy.canReadRecord(this.viewer)) return null;
    const row = await this.ctx.loaders
      .get<string, CollectionAuditRow | null>('collectionAuditById', async (ids) => byKey(ids, await this.em.findBy(CollectionAuditRow, { id: In([...ids]) }), (r) => r.id))
      .load(id);
    return row && toCollectionAudit(row);
  }

  async accessibilityAudit(id: string): Promise<AccessibilityAudit | null> {
    if (!isId(id) || !DiversityPolicy.canReadRecord(this.viewer)) return null;
    const row = await this.ctx.loaders
      .get<string, AccessibilityAuditRow | null>('accessibilityAuditById', async (ids) => byKey(ids, await this.em.findBy(AccessibilityAuditRow, { id: In([...ids]) }), (r) => r.id))
      .load(id);
    return row && toAccessibilityAudit(row);
  }

  /** Every profile of a branch, oldest year first; one statement for all branches of a request. */
  profileRows(branchId: string): Promise<CommunityProfileRow[]> {
    return this.ctx.loaders
      .get<string, CommunityProfileRow[]>('profilesOfBranch', async (ids) =>
        groupByKey(ids, await this.em.find(CommunityProfileRow, { where: { branchId: In([...ids]) }, order: { year: 'ASC' } }), (r) => r.branchId))
      .load(branchId);
  }

  async profilesOf(branchId: string): Promise<CommunityProfile[]> {
    if (!DiversityPolicy.canReadRecord(this.viewer)) return [];
    return (await this.profileRows(branchId)).map(toProfile);
  }

  /** Branch.communityProfile: the year's profile, or the latest one when no year is given. */
  async profileOf(branchId: string, year: number | null | undefined): Promise<CommunityProfile | null> {
    checkYear('year', year);
    if (!DiversityPolicy.canReadRecord(this.viewer)) return null;
    const rows = await this.profileRows(branchId);
    const row = year === null || year === undefined ? rows.at(-1) : rows.find((r) => Number(r.year) === year);
    return row ? toProfile(row) : null;
  }

  /** Branch.demographicChange: per dimension and key listed in both years' profiles; empty when either is missing. */
  async demographicChange(branchId: string, fromYear: number, toYear: number): Promise<ShareChange[]> {
    checkYear('fromYear', fromYear);
    checkYear('toYear', toYear);
    if (!DiversityPolicy.canReadRecord(this.viewer)) return [];
    const rows = await this.profileRows(branchId);
    const a = rows.find((r) => Number(r.year) === fromYear);
    const b = rows.find((r) => Number(r.year) === toYear);
    return a && b ? shareChanges(breakdownsOf(a), breakdownsOf(b)) : [];
  }

  /** The most recent audit (by auditedOn, then by when it was recorded) of each branch, in one statement. */
  private async latestAudit<T extends CollectionAuditRow | AccessibilityAuditRow>(entity: new () => T, table: string, branchId: string): Promise<T | null> {
    return this.ctx.loaders
      .get<string, T | null>(`latest:${table}`, async (ids) => {
        const rows = await this.em.createQueryBuilder(entity, 'a')
          .where('a.branchId IN (:...latestBranches)', { latestBranches: [...ids] })
          .andWhere(`a.auditedOn = (SELECT MAX(m.auditedOn) FROM ${table} m WHERE m.branchId = a.branchId)`)
          .orderBy('a.recordedAt', 'ASC').addOrderBy('a.id', 'ASC')
          .getMany();
        return byKey(ids, rows, (r) => r.branchId);
      })
      .load(branchId);
  }

  async latestCollectionAudit(branchId: string): Promise<CollectionAudit | null> {
    if (!DiversityPolicy.canReadRecord(this.viewer)) return null;
    const row = await this.latestAudit(CollectionAuditRow, 'collection_audit', branchId);
    return row && toCollectionAudit(row);
  }

  async latestAccessibilityAudit(branchId: string): Promise<AccessibilityAudit | null> {
    if (!DiversityPolicy.canReadRecord(this.viewer)) return null;
    const row = await this.latestAudit(AccessibilityAuditRow, 'accessibility_audit', branchId);
    return row && toAccessibilityAudit(row);
  }

  // ------------------------------------------------------------------ writes

  /** The branch id's form now; its existence is asked of the libraries subgraph (refs.verify) once the rest of the input is valid. */
  private branchIdOf(refs: ReferenceCheck, raw: string): string {
    return refs.branch('branchId', raw) ?? raw.trim();
  }

  /** Asks the owners about the references, after the rest of the input was found valid; false when something is not found. */
  private async referencesExist(refs: ReferenceCheck, check: InputCheck): Promise<boolean> {
    await refs.verify();
    return check.ok;
  }

  /** A breakdown of a profile: known keys, once each, a count or a share (or both); missing shares from the counts. */
  private breakdown(check: InputCheck, field: string, dimension: DemographicDimension, list: ShareInput[] | null | undefined, population: number | null, required: boolean): StoredShare[] {
    if (!list || list.length === 0) {
      if (required) check.fail(field, UserErrorCode.REQUIRED, `${field} needs at least one entry`);
      return [];
    }
    if (list.length > MAX_SHARES) {
      check.fail(field, UserErrorCode.INVALID, `${field} takes at most ${MAX_SHARES} entries`);
      return [];
    }
    const seen = new Set<string>();
    const out: { key: string; label: string | null; count: number | null; share: number | null; marginOfError: number | null; countMarginOfError: number | null }[] = [];
    list.forEach((s, i) => {
      const at = (f: string) => [field, String(i), f];
      const rawKey = check.text(at('key'), s.key, { required: true, max: 40 });
      const key = rawKey === null ? null : normalizeKey(dimension, rawKey);
      if (rawKey !== null && key === null) check.fail(at('key'), UserErrorCode.INVALID, `key must be one of ${keyList(dimension)}`);
      if (key !== null && seen.has(key)) check.fail(at('key'), UserErrorCode.INVALID, `${key} is listed twice`);
      if (key !== null) seen.add(key);
      const label = check.text(at('label'), s.label, { max: 200 });
      const count = check.int(at('count'), s.count, { min: 0, max: MAX_POPULATION });
      if (count !== null && population !== null && count > population) check.fail(at('count'), UserErrorCode.INVALID, 'count must not exceed the population');
      const share = check.share(at('share'), s.share);
      if ((s.count === null || s.count === undefined) && (s.share === null || s.share === undefined)) check.fail(at('share'), UserErrorCode.REQUIRED, 'give a count or a share');
      const marginOfError = check.share(at('marginOfError'), s.marginOfError);
      const countMarginOfError = check.int(at('countMarginOfError'), s.countMarginOfError, { min: 0, max: MAX_POPULATION });
      if (key !== null) out.push({ key, label: label ?? labelOf(dimension, key), count, share, marginOfError, countMarginOfError });
    });
    const counted = out.reduce((sum, s) => sum + (s.count ?? 0), 0);
    const result = out.map((s) => ({ ...s, share: s.share ?? (counted > 0 ? roundShare((s.count ?? 0) / counted) : 0) }));
    if (result.reduce((sum, s) => sum + s.share, 0) > 1.005) check.fail(field, UserErrorCode.INVALID, `the shares of ${field} add up to more than 1`);
    return result;
  }

  /** Replaces the branch's profile for the year, or creates it. STAFF of the branch and ADMIN. */
  async upsertProfile(input: UpsertCommunityProfileInput): Promise<Result<CommunityProfile>> {
    DiversityPolicy.requireRecorder(this.viewer, input.branchId.trim());
    const check = new InputCheck();
    const refs = new ReferenceCheck(this.ctx, check);
    const branchId = this.branchIdOf(refs, input.branchId);
    const year = check.int('year', input.year, { required: true, min: LIMITS.minYear, max: LIMITS.maxYear });
    const source = check.text('source', input.source, { required: true, max: 200 });
    const population = check.int('population', input.population, { required: true, min: 0, max: MAX_POPULATION });
    const ageBands = this.breakdown(check, 'ageBands', DemographicDimension.AGE_BAND, input.ageBands, population, true);
    const race = this.breakdown(check, 'raceEthnicity', DemographicDimension.RACE_ETHNICITY, input.raceEthnicity, population, false);
    const languages = this.breakdown(check, 'languagesSpokenAtHome', DemographicDimension.LANGUAGE, input.languagesSpokenAtHome, population, false);
    const row = Object.assign(new CommunityProfileRow(), {
      id: profileId(branchId, year ?? 0),
      branchId,
      year: year ?? 0,
      source: source ?? '',
      population: population ?? 0,
      populationMarginOfError: check.int('populationMarginOfError', input.populationMarginOfError, { min: 0, max: MAX_POPULATION }),
      ageBands: JSON.stringify(ageBands),
      raceEthnicity: JSON.stringify(race),
      languages: JSON.stringify(languages),
      disabilityRate: check.share('disabilityRate', input.disabilityRate),
      povertyRate: check.share('povertyRate', input.povertyRate),
      broadbandRate: check.share('broadbandRate', input.broadbandRate),
      foreignBornRate: check.share('foreignBornRate', input.foreignBornRate),
      medianHouseholdIncome: check.int('medianHouseholdIncome', input.medianHouseholdIncome, { min: 0, max: 100_000_000 }),
      updatedAt: new Date(),
    });
    if (!check.ok || !(await this.referencesExist(refs, check))) return failed(check.errors);
    await this.ctx.db.transaction((em) => em.upsert(CommunityProfileRow, row, { conflictPaths: ['branchId', 'year'] }));
    this.ctx.log.info({ profileId: row.id, branchId, year }, 'community profile recorded');
    return succeeded(toProfile(row));
  }

  /** Stores one anonymous answer sheet: the day only, no time, no person, no address. Anyone may submit. */
  async submitDemographics(input: ParticipantDemographicsInput): Promise<Result<true>> {
    const check = new InputCheck();
    const refs = new ReferenceCheck(this.ctx, check);
    const branchId = this.branchIdOf(refs, input.branchId);
    const on = check.date('on', input.on, { required: true });
    if (on !== null && Date.parse(`${on}T00:00:00Z`) > Date.now() + DAY_MS) check.fail('on', UserErrorCode.INVALID, 'on must not be in the future');
    const one = (field: string, dimension: DemographicDimension, value: string | null | undefined, path: (string | number)[] = [field]) => {
      const raw = check.text(path, value, { max: 60 });
      if (raw === null) return null;
      const key = normalizeKey(dimension, raw);
      if (key === null) check.fail(path, UserErrorCode.INVALID, `${field} must be one of ${keyList(dimension)}`);
      return key;
    };
    const ageBand = one('ageBand', DemographicDimension.AGE_BAND, input.ageBand);
    const races: string[] = [];
    if (input.raceEthnicity && input.raceEthnicity.length > 10) check.fail('raceEthnicity', UserErrorCode.INVALID, 'raceEthnicity takes at most 10 entries');
    else (input.raceEthnicity ?? []).forEach((r, i) => {
      const key = one('raceEthnicity', DemographicDimension.RACE_ETHNICITY, r, ['raceEthnicity', i]);
      if (key !== null) races.push(key);
    });
    const language = one('languageSpokenAtHome', DemographicDimension.LANGUAGE, input.languageSpokenAtHome);
    if (!check.ok || !(await this.referencesExist(refs, check))) return failed(check.errors);
    // One client cannot pad a small cell up to the threshold (RULES.md §3).
    const refused = await surveySubmissionRefused(this.ctx, 'answer-sheet', this.ctx.settings.surveyRatePerHour);
    if (refused) {
      check.fail(null, UserErrorCode.LIMIT_REACHED, refused);
      return failed(check.errors);
    }
    const row = Object.assign(new ParticipantResponseRow(), {
      id: randomUUID(),
      branchId,
      activityOn: on!,
      serviceArea: input.serviceArea ?? null,
      ageBand,
      raceEthnicity: raceEthnicityCategory(races),
      homeLanguage: language,
      recordKey: newRecordKey(),
    });
    // Nothing about the sheet is logged.
    await this.ctx.db.transaction((em) => em.insert(ParticipantResponseRow, row));
    return succeeded(true);
  }

  async recordCollectionAudit(input: RecordCollectionAuditInput): Promise<Result<CollectionAudit>> {
    DiversityPolicy.requireRecorder(this.viewer, input.branchId.trim());
    const check = new InputCheck();
    const refs = new ReferenceCheck(this.ctx, check);
    const branchId = this.branchIdOf(refs, input.branchId);
    const auditedOn = check.date('auditedOn', input.auditedOn, { required: true });
    const totalTitles = check.int('totalTitles', input.totalTitles, { required: true, min: 0, max: MAX_POPULATION });
    const dims: { dimension: string; key: string; titleCount: number }[] = [];
    if (input.dimensions.length > MAX_COLLECTION_SHARES) check.fail('dimensions', UserErrorCode.INVALID, `dimensions takes at most ${MAX_COLLECTION_SHARES} entries`);
    else {
      const seen = new Set<string>();
      input.dimensions.forEach((d, i) => {
        const at = (f: string) => ['dimensions', String(i), f];
        const dimension = check.text(at('dimension'), d.dimension, { required: true, max: 40 });
        const key = check.text(at('key'), d.key, { required: true, max: 100 });
        const titleCount = check.int(at('titleCount'), d.titleCount, { required: true, min: 0, max: MAX_POPULATION });
        if (titleCount !== null && totalTitles !== null && titleCount > totalTitles) check.fail(at('titleCount'), UserErrorCode.INVALID, 'titleCount must not exceed totalTitles');
        if (dimension === null || key === null || titleCount === null) return;
        const id = `${dimension.toLowerCase()}\u0000${key.toLowerCase()}`;
        if (seen.has(id)) check.fail(at('key'), UserErrorCode.INVALID, `${dimension} / ${key} is listed twice`);
        seen.add(id);
        dims.push({ dimension, key, titleCount });
      });
      // A title has one format and one main language: those dimensions cannot hold more titles than the collection.
      if (totalTitles !== null) {
        for (const over of overfullDimensions(dims, totalTitles)) {
          check.fail('dimensions', UserErrorCode.INVALID, `the ${over.dimension} counts add up to ${over.sum}, more than totalTitles (${totalTitles}); each title has one ${over.dimension.toLowerCase()}, so they may add up to at most totalTitles`);
        }
      }
    }
    if (!check.ok || !(await this.referencesExist(refs, check))) return failed(check.errors);
    const row = Object.assign(new CollectionAuditRow(), {
      id: randomUUID(), branchId, auditedOn: auditedOn!, totalTitles: totalTitles!, dimensions: JSON.stringify(dims), recordedAt: new Date(),
    });
    await this.ctx.db.transaction((em) => em.insert(CollectionAuditRow, row));
    this.ctx.log.info({ auditId: row.id, branchId }, 'collection audit recorded');
    return succeeded(toCollectionAudit(row));
  }

  async recordAccessibilityAudit(input: RecordAccessibilityAuditInput): Promise<Result<AccessibilityAudit>> {
    DiversityPolicy.requireRecorder(this.viewer, input.branchId.trim());
    const check = new InputCheck();
    const refs = new ReferenceCheck(this.ctx, check);
    const branchId = this.branchIdOf(refs, input.branchId);
    const auditedOn = check.date('auditedOn', input.auditedOn, { required: true });
    if (input.features.length === 0) check.fail('features', UserErrorCode.REQUIRED, 'features needs at least one audited feature');
    const seen = new Set<string>();
    const features = input.features.map((f, i) => {
      if (seen.has(f.feature)) check.fail(['features', String(i), 'feature'], UserErrorCode.INVALID, `${f.feature} is listed twice`);
      seen.add(f.feature);
      return { feature: f.feature, available: f.available, notes: check.text(['features', String(i), 'notes'], f.notes, { max: 1000, multiline: true }) };
    });
    if (!check.ok || !(await this.referencesExist(refs, check))) return failed(check.errors);
    const row = Object.assign(new AccessibilityAuditRow(), {
      id: randomUUID(), branchId, auditedOn: auditedOn!, features: JSON.stringify(features),
      score: features.filter((f) => f.available).length / features.length, recordedAt: new Date(),
    });
    await this.ctx.db.transaction((em) => em.insert(AccessibilityAuditRow, row));
    this.ctx.log.info({ auditId: row.id, branchId }, 'accessibility audit recorded');
    return succeeded(toAccessibilityAudit(row));
  }
}
