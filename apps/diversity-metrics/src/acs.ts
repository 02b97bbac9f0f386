/**
 * Reading American Community Survey (ACS) tables as data.census.gov
 * downloads them ("Download Table Data" → CSV: the file `…-Data.csv`), one
 * row per geography:
 *
 *   GEO_ID,NAME,B03002_001E,B03002_001M,B03002_002E,…
 *   Geography,Geographic Area Name,Estimate!!Total:,Margin of Error!!Total:,…
 *   1400000US41051000100,"Census Tract 1; Multnomah County; Oregon",4519,387,…
 *
 * The first row holds the Census variable ids (`<table>_<line>E` the
 * estimate, `…M` its margin of error at 90% confidence), the second the
 * labels. Categories are found by their labels (which stay put when a year
 * renumbers the lines); a file without the label row (an API extract saved
 * as CSV) is read by the line numbers in `FALLBACK_LABELS`.
 *
 * Pure: no database, no GraphQL.
 */
import { roundShare } from '@ceg/conventions';
import { DemographicDimension } from './types';
import { labelOf } from './vocabulary';

export type AcsTable = 'S0101' | 'B03002' | 'C16001';
export const ACS_TABLES: AcsTable[] = ['S0101', 'B03002', 'C16001'];

/** Which breakdown of a profile each table fills. */
export const TABLE_DIMENSION: Record<AcsTable, DemographicDimension> = {
  S0101: DemographicDimension.AGE_BAND,
  B03002: DemographicDimension.RACE_ETHNICITY,
  C16001: DemographicDimension.LANGUAGE,
};

/** A label as a path of lower-case parts, without the colons 2020+ labels end their parts with. */
export const labelPath = (label: string): string[] => label.split('!!').map((p) => p.trim().replace(/:$/, '').trim().toLowerCase());

/** S0101 (2017 and later): the age groups of the whole population that make each band. */
export const S0101_GROUPS: Record<string, string[]> = {
  UNDER_5: ['under 5 years'],
  '5_TO_17': ['5 to 14 years', '15 to 17 years'],
  '18_TO_24': ['18 to 24 years'],
  '25_TO_44': ['25 to 29 years', '30 to 34 years', '35 to 39 years', '40 to 44 years'],
  '45_TO_64': ['45 to 49 years', '50 to 54 years', '55 to 59 years', '60 to 64 years'],
  '65_AND_OVER': ['65 years and over'],
};

/** B03002: the category under the total that is each key. */
export const B03002_GROUPS: Record<string, string[]> = {
  HISPANIC_LATINO: ['hispanic or latino'],
  WHITE: ['not hispanic or latino/white alone'],
  BLACK: ['not hispanic or latino/black or african american alone'],
  AMERICAN_INDIAN_ALASKA_NATIVE: ['not hispanic or latino/american indian and alaska native alone'],
  ASIAN: ['not hispanic or latino/asian alone'],
  NATIVE_HAWAIIAN_PACIFIC_ISLANDER: ['not hispanic or latino/native hawaiian and other pacific islander alone'],
  SOME_OTHER_RACE: ['not hispanic or latino/some other race alone'],
  TWO_OR_MORE: ['not hispanic or latino/two or more races'],
};

/**
 * C16001: each language group directly under the total goes to one key by
 * its name (first match). A group no rule matches stops the import of the
 * file, so that a new layout is never mapped by guess.
 */
export const C16001_RULES: [RegExp, string][] = [
  [/^speak only english$/, 'ENGLISH_ONLY'],
  [/^spanish( or spanish creole)?$/, 'SPANISH'],
  [/french|haitian|cajun|german|west germanic|russian|polish|slavic|indo-european/, 'OTHER_INDO_EUROPEAN'],
  [/korean|chinese|mandarin|cantonese|vietnamese|tagalog|filipino|asian and pacific island/, 'ASIAN_PACIFIC_ISLAND'],
  [/arabic|other and unspecified/, 'OTHER'],
];

/**
 * Labels by variable id for files without the label row: S0101 as published
 * for 2017 and later, B03002 (unchanged since 2010), C16001 as published for
 * 2016–2022 (the 2023 tables are said to renumber C16001's lines; with the
 * label row, which data.census.gov always writes, the numbering does not
 * matter).
 */
export const FALLBACK_LABELS: Record<string, string> = {
  S0101_C01_001E: 'Estimate!!Total!!Total population',
  S0101_C01_002E: 'Estimate!!Total!!Total population!!AGE!!Under 5 years',
  S0101_C01_007E: 'Estimate!!Total!!Total population!!AGE!!25 to 29 years',
  S0101_C01_008E: 'Estimate!!Total!!Total population!!AGE!!30 to 34 years',
  S0101_C01_009E: 'Estimate!!Total!!Total population!!AGE!!35 to 39 years',
  S0101_C01_010E: 'Estimate!!Total!!Total population!!AGE!!40 to 44 years',
  S0101_C01_011E: 'Estimate!!Total!!Total population!!AGE!!45 to 49 years',
  S0101_C01_012E: 'Estimate!!Total!!Total population!!AGE!!50 to 54 years',
  S0101_C01_013E: 'Estimate!!Total!!Total population!!AGE!!55 to 59 years',
  S0101_C01_014E: 'Estimate!!Total!!Total population!!AGE!!60 to 64 years',
  S0101_C01_020E: 'Estimate!!Total!!Total population!!SELECTED AGE CATEGORIES!!5 to 14 years',
  S0101_C01_021E: 'Estimate!!Total!!Total population!!SELECTED AGE CATEGORIES!!15 to 17 years',
  S0101_C01_023E: 'Estimate!!Total!!Total population!!SELECTED AGE CATEGORIES!!18 to 24 years',
  S0101_C01_030E: 'Estimate!!Total!!Total population!!SELECTED AGE CATEGORIES!!65 years and over',
  B03002_001E: 'Estimate!!Total',
  B03002_003E: 'Estimate!!Total!!Not Hispanic or Latino!!White alone',
  B03002_004E: 'Estimate!!Total!!Not Hispanic or Latino!!Black or African American alone',
  B03002_005E: 'Estimate!!Total!!Not Hispanic or Latino!!American Indian and Alaska Native alone',
  B03002_006E: 'Estimate!!Total!!Not Hispanic or Latino!!Asian alone',
  B03002_007E: 'Estimate!!Total!!Not Hispanic or Latino!!Native Hawaiian and Other Pacific Islander alone',
  B03002_008E: 'Estimate!!Total!!Not Hispanic or Latino!!Some other race alone',
  B03002_009E: 'Estimate!!Total!!Not Hispanic or Latino!!Two or more races',
  B03002_012E: 'Estimate!!Total!!Hispanic or Latino',
  C16001_001E: 'Estimate!!Total',
  C16001_002E: 'Estimate!!Total!!Speak only English',
  C16001_003E: 'Estimate!!Total!!Spanish',
  C16001_006E: 'Estimate!!Total!!French, Haitian, or Cajun',
  C16001_009E: 'Estimate!!Total!!German or other West Germanic languages',
  C16001_012E: 'Estimate!!Total!!Russian, Polish, or other Slavic languages',
  C16001_015E: 'Estimate!!Total!!Other Indo-European languages',
  C16001_018E: 'Estimate!!Total!!Korean',
  C16001_021E: 'Estimate!!Total!!Chinese (incl. Mandarin, Cantonese)',
  C16001_024E: 'Estimate!!Total!!Vietnamese',
  C16001_027E: 'Estimate!!Total!!Tagalog (incl. Filipino)',
  C16001_030E: 'Estimate!!Total!!Other Asian and Pacific Island languages',
  C16001_033E: 'Estimate!!Total!!Arabic',
  C16001_036E: 'Estimate!!Total!!Other and unspecified languages',
};

/** An estimate column and its margin of error column (headers as in the file). */
export interface AcsColumn {
  estimate: string;
  moe: string;
  label: string;
}

export interface AcsLayout {
  table: AcsTable;
  dimension: DemographicDimension;
  total: AcsColumn;
  /** Per key, in the vocabulary's order: the columns whose estimates add up to it. */
  categories: { key: string; columns: AcsColumn[] }[];
  /** The file's geography columns. */
  geoId: string | null;
  name: string | null;
}

/** Which table a file is, and where its columns are; or what is wrong with it. */
export function acsLayout(ids: string[], labels: string[] | null): { layout: AcsLayout | null; error: string | null } {
  const tables = ACS_TABLES.filter((t) => ids.some((h) => h.toUpperCase().startsWith(`${t}_`)));
  if (tables.length !== 1) {
    return { layout: null, error: tables.length === 0
      ? 'The file is not an ACS table download this import reads: its first row has no S0101_…, B03002_… or C16001_… variable ids'
      : `The file mixes the tables ${tables.join(', ')}; import one table per file` };
  }
  const table = tables[0];
  const estimates: AcsColumn[] = [];
  const byUpper = new Map(ids.map((h) => [h.toUpperCase(), h]));
  ids.forEach((id, i) => {
    const m = id.toUpperCase().match(/^([A-Z]\d{4,5}[A-Z]?(?:_C\d{2})?_\d{3})E$/);
    if (!m || !id.toUpperCase().startsWith(`${table}_`)) return;
    const label = labels ? labels[i] ?? '' : FALLBACK_LABELS[id.toUpperCase()] ?? '';
    if (!label) return;
    estimates.push({ estimate: id, moe: byUpper.get(`${m[1]}M`) ?? '', label });
  });
  const find = (path: string[]) => estimates.find((c) => {
    const p = labelPath(c.label);
    return p.length === path.length && p.every((x, i) => x === path[i]);
  });
  const geoId = ids.find((h) => h.toUpperCase() === 'GEO_ID') ?? null;
  const name = ids.find((h) => h.toUpperCase() === 'NAME') ?? null;
  if (!geoId && !name) return { layout: null, error: 'The file has neither a GEO_ID nor a NAME column: which geography a row is cannot be told' };

  let total: AcsColumn | undefined;
  const categories: { key: string; columns: AcsColumn[] }[] = [];
  const missing: string[] = [];
  const need = (key: string, parts: (string[] | undefined)[], names: string[]) => {
    const cols = parts.map((p, i) => {
      const c = p ? find(p) : undefined;
      if (!c) missing.push(`"${names[i]}"`);
      return c;
    });
    if (cols.every(Boolean)) categories.push({ key, columns: cols as AcsColumn[] });
  };
  if (table === 'S0101') {
    total = find(['estimate', 'total', 'total population']);
    // The age groups are listed under AGE, the combined ones under SELECTED AGE CATEGORIES.
    const group = (g: string) => estimates.find((c) => {
      const p = labelPath(c.label);
      return p.length === 5 && p[0] === 'estimate' && p[1] === 'total' && p[2] === 'total population' && (p[3] === 'age' || p[3] === 'selected age categories') && p[4] === g;
    });
    for (const [key, groups] of Object.entries(S0101_GROUPS)) {
      const cols = groups.map((g) => {
        const c = group(g);
        if (!c) missing.push(`"${g}"`);
        return c;
      });
      if (cols.every(Boolean)) categories.push({ key, columns: cols as AcsColumn[] });
    }
  } else if (table === 'B03002') {
    total = find(['estimate', 'total']);
    for (const [key, paths] of Object.entries(B03002_GROUPS)) need(key, paths.map((p) => ['estimate', 'total', ...p.split('/')]), paths);
  } else {
    total = find(['estimate', 'total']);
    const groups = new Map<string, AcsColumn[]>();
    for (const c of estimates) {
      const p = labelPath(c.label);
      if (p.length !== 3 || p[0] !== 'estimate' || p[1] !== 'total') continue;
      const rule = C16001_RULES.find(([re]) => re.test(p[2]));
      if (!rule) return { layout: null, error: `C16001's category "${c.label}" (${c.estimate}) is not in the language mapping (README.md, Import); nothing was read` };
      groups.set(rule[1], [...(groups.get(rule[1]) ?? []), c]);
    }
    for (const key of ['ENGLISH_ONLY', 'SPANISH', 'OTHER_INDO_EUROPEAN', 'ASIAN_PACIFIC_ISLAND', 'OTHER']) {
      const cols = groups.get(key);
      if (cols) categories.push({ key, columns: cols });
      else missing.push(`a ${key} language group`);
    }
  }
  if (!total) missing.unshift('"Total"');
  if (missing.length) {
    return { layout: null, error: `The ${table} file lacks the estimates ${missing.join(', ')}${labels ? '' : ' (without the label row, the columns are found by the variable ids in README.md, Import)'}` };
  }
  const noMoe = [total!, ...categories.flatMap((c) => c.columns)].filter((c) => !c.moe).map((c) => c.estimate.replace(/E$/i, 'M'));
  if (noMoe.length) return { layout: null, error: `The file lacks the margin of error columns ${noMoe.join(', ')}; download the table with its margins of error` };
  return { layout: { table, dimension: TABLE_DIMENSION[table], total: total!, categories, geoId, name }, error: null };
}

/** Whether the second row of a file is data.census.gov's row of labels (rather than a geography). */
export const isLabelRow = (cells: string[]): boolean => cells.some((c) => c.includes('!!')) || cells.some((c) => /^geography$/i.test(c.trim()));

// ------------------------------------------------------------------ cells

/**
 * The Census Bureau's annotations of an estimate (the "-", "N", "(X)"
 * symbols data.census.gov writes in the cell or in an annotation column
 * `…EA`; the meanings are the Census Bureau's "Explanation of Symbols"):
 * none is a number of residents, so a row with one in a figure the profile
 * needs is rejected, with what the symbol means. The numeric codes API
 * files write instead (-666666666 …) are accepted but not verified.
 */
export const ESTIMATE_ANNOTATIONS: Record<string, string> = {
  '-': 'no or too few sample observations to compute an estimate',
  '-666666666': 'no or too few sample observations to compute an estimate',
  N: 'the estimate cannot be displayed for this geography: too few sample cases',
  '-999999999': 'the estimate cannot be displayed for this geography: too few sample cases',
  '(X)': 'the estimate is not applicable or not available',
  '-888888888': 'the estimate is not applicable or not available',
  '*****': 'a margin-of-error symbol, not an estimate',
  '**': 'a margin-of-error symbol, not an estimate',
  '***': 'a margin-of-error symbol, not an estimate',
};

/**
 * Margin-of-error annotations: "*****" (code -555555555) marks an estimate
 * the Census Bureau controls to its official population figures, which has
 * no sampling error (kept as 0); "**" (-222222222: too few observations to
 * compute a standard error), "***" (-333333333: a median in an open-ended
 * interval) and "(X)" (-888888888: not applicable) leave the margin unknown
 * (null); the estimate itself is kept.
 */
export const MOE_ANNOTATIONS: Record<string, 0 | null> = {
  '*****': 0, '-555555555': 0, '**': null, '-222222222': null, '***': null, '-333333333': null, '(X)': null, '-888888888': null, '': null,
};

export type EstimateCell = { ok: true; value: number } | { ok: false; message: string };
export type MoeCell = { ok: true; value: number | null } | { ok: false; message: string };

const number = (raw: string) => raw.trim().replace(/,/g, '');

export function readEstimate(raw: string, annotation = ''): EstimateCell {
  const s = number(raw);
  const note = annotation.trim();
  if (note && ESTIMATE_ANNOTATIONS[note]) return { ok: false, message: `The estimate is annotated "${note}": ${ESTIMATE_ANNOTATIONS[note]}` };
  if (s === '') return { ok: false, message: 'The estimate is empty' };
  if (ESTIMATE_ANNOTATIONS[s]) return { ok: false, message: `"${s}" is not an estimate: ${ESTIMATE_ANNOTATIONS[s]}` };
  if (!/^\d{1,10}$/.test(s)) return { ok: false, message: `"${raw.trim().slice(0, 40)}" is not a number of residents (a whole number ≥ 0)` };
  return { ok: true, value: Number(s) };
}

export function readMoe(raw: string, annotation = ''): MoeCell {
  const s = number(raw).replace(/^(\+\/-|±)\s*/, '');
  const note = annotation.trim();
  if (note in MOE_ANNOTATIONS && note !== '') return { ok: true, value: MOE_ANNOTATIONS[note] };
  if (s in MOE_ANNOTATIONS) return { ok: true, value: MOE_ANNOTATIONS[s] };
  if (!/^\d{1,10}$/.test(s)) return { ok: false, message: `"${raw.trim().slice(0, 40)}" is not a margin of error (a whole number ≥ 0, or one of the Census symbols *****, **, ***, (X))` };
  return { ok: true, value: Number(s) };
}

// ------------------------------------------------------------------ the Census Bureau's formulas

/** The margin of error of a sum of estimates: the square root of the sum of their squared margins (ACS General Handbook, ch. 8). Null when any is unknown. */
export function sumMoe(moes: (number | null)[]): number | null {
  if (moes.some((m) => m === null)) return null;
  return moes.length === 1 ? moes[0] : Math.sqrt(moes.reduce<number>((s, m) => s + m! * m!, 0));
}

/**
 * The margin of error of a proportion p = X / Y where X is a subset of Y
 * (ACS General Handbook, ch. 8): sqrt(MOE_X² − p²·MOE_Y²) / Y, or, when
 * the value under the root is negative, the ratio formula
 * sqrt(MOE_X² + p²·MOE_Y²) / Y. Null when either margin is unknown or Y is 0.
 */
export function proportionMoe(x: number, moeX: number | null, y: number, moeY: number | null): number | null {
  if (moeX === null || moeY === null || y <= 0) return null;
  const p = x / y;
  const under = moeX * moeX - p * p * moeY * moeY;
  return Math.sqrt(under >= 0 ? under : moeX * moeX + p * p * moeY * moeY) / y;
}

export interface AcsShare {
  key: string;
  label: string | null;
  count: number;
  share: number;
  marginOfError: number | null;
  countMarginOfError: number | null;
}

/** One geography's breakdown: the total and each key's count, share and margins of error. */
export function acsShares(dimension: DemographicDimension, total: number, totalMoe: number | null, parts: { key: string; values: number[]; moes: (number | null)[] }[]): AcsShare[] {
  return parts.map(({ key, values, moes }) => {
    const count = values.reduce((s, v) => s + v, 0);
    const countMoe = sumMoe(moes);
    const moe = proportionMoe(count, countMoe, total, totalMoe);
    return {
      key,
      label: labelOf(dimension, key),
      count,
      share: total > 0 ? roundShare(count / total) : 0,
      marginOfError: moe === null ? null : roundShare(moe),
      countMarginOfError: countMoe === null ? null : Math.round(countMoe),
    };
  });
}
