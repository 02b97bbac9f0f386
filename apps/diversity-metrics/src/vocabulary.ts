/**
 * The keys of the demographic breakdowns, after the US Census Bureau's
 * American Community Survey (ACS) tables, so that what participants report
 * lines up with the community profiles:
 *
 * - age bands: the ACS age groups (S0101), collapsed to six bands;
 * - race and ethnicity: the OMB categories with Hispanic or Latino origin
 *   first (B03002): Hispanic or Latino of any race, then the non-Hispanic
 *   "alone" races, then two or more races; the categories do not overlap and
 *   add up to the whole population;
 * - language spoken at home: the ACS's four language groups (C16001) for the
 *   population 5 years and over, with "English only" first.
 */
import { DemographicDimension } from './types';

export interface Term {
  key: string;
  label: string;
}

export const AGE_BANDS: Term[] = [
  { key: 'UNDER_5', label: 'Under 5 years' },
  { key: '5_TO_17', label: '5 to 17 years' },
  { key: '18_TO_24', label: '18 to 24 years' },
  { key: '25_TO_44', label: '25 to 44 years' },
  { key: '45_TO_64', label: '45 to 64 years' },
  { key: '65_AND_OVER', label: '65 years and over' },
];

export const RACE_ETHNICITY: Term[] = [
  { key: 'HISPANIC_LATINO', label: 'Hispanic or Latino (of any race)' },
  { key: 'WHITE', label: 'White alone, not Hispanic or Latino' },
  { key: 'BLACK', label: 'Black or African American alone, not Hispanic or Latino' },
  { key: 'AMERICAN_INDIAN_ALASKA_NATIVE', label: 'American Indian and Alaska Native alone, not Hispanic or Latino' },
  { key: 'ASIAN', label: 'Asian alone, not Hispanic or Latino' },
  { key: 'NATIVE_HAWAIIAN_PACIFIC_ISLANDER', label: 'Native Hawaiian and Other Pacific Islander alone, not Hispanic or Latino' },
  { key: 'SOME_OTHER_RACE', label: 'Some other race alone, not Hispanic or Latino' },
  { key: 'TWO_OR_MORE', label: 'Two or more races, not Hispanic or Latino' },
];

export const LANGUAGES: Term[] = [
  { key: 'ENGLISH_ONLY', label: 'English only' },
  { key: 'SPANISH', label: 'Spanish' },
  { key: 'OTHER_INDO_EUROPEAN', label: 'Other Indo-European languages' },
  { key: 'ASIAN_PACIFIC_ISLAND', label: 'Asian and Pacific Island languages' },
  { key: 'OTHER', label: 'Other languages' },
];

export const VOCABULARY: Record<DemographicDimension, Term[]> = {
  [DemographicDimension.AGE_BAND]: AGE_BANDS,
  [DemographicDimension.RACE_ETHNICITY]: RACE_ETHNICITY,
  [DemographicDimension.LANGUAGE]: LANGUAGES,
};

export const DIMENSIONS = [DemographicDimension.AGE_BAND, DemographicDimension.RACE_ETHNICITY, DemographicDimension.LANGUAGE] as const;

/** Accepts a key in any case and with spaces or dashes for underscores; null when it is not one of the dimension's keys. */
export function normalizeKey(dimension: DemographicDimension, raw: string): string | null {
  const key = raw.trim().toUpperCase().replace(/[\s-]+/g, '_');
  return VOCABULARY[dimension].some((t) => t.key === key) ? key : null;
}

export const labelOf = (dimension: DemographicDimension, key: string): string | null => VOCABULARY[dimension].find((t) => t.key === key)?.label ?? null;

export const keyList = (dimension: DemographicDimension) => VOCABULARY[dimension].map((t) => t.key).join(', ');

/**
 * One answer sheet's race and ethnicity as one ACS category: Hispanic or
 * Latino when ticked (of any race), else the one race ticked, else two or
 * more races. Null when nothing was ticked.
 */
export function raceEthnicityCategory(keys: string[]): string | null {
  const set = new Set(keys);
  if (set.size === 0) return null;
  if (set.has('HISPANIC_LATINO')) return 'HISPANIC_LATINO';
  if (set.size > 1) return 'TWO_OR_MORE';
  return [...set][0];
}
