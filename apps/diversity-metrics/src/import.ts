import { In } from 'typeorm';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ImportRowProblem, InputCheck, LIMITS, problem, readCsv, UserError, userError, UserErrorCode } from '@ceg/conventions';
import { checkImportInput, requireRole } from '@ceg/kit';
import { isUniqueViolation } from '@ceg/persistence';
import { type AcsLayout, acsLayout, type AcsShare, acsShares, isLabelRow, readEstimate, readMoe, sumMoe } from './acs';
import { CommunityProfileRow } from './entities';
import { type DiversityContext, MAX_POPULATION, profileId } from './service';
import { DemographicDimension } from './types';

/**
 * Community profiles from American Community Survey tables downloaded from
 * data.census.gov (S0101 age, B03002 race and ethnicity, C16001 language
 * spoken at home), with their margins of error. Each row of a file is one
 * geography, mapped to a branch (several geographies of one branch are
 * added up); a file fills one breakdown of each mapped
 * branch's profile for the year (S0101 and B03002 also its population) and
 * leaves the rest of the profile as it is. Importing the same file again
 * changes nothing.
 */

@InputType({ description: "Which branch's service area a geography of the file is." })
export class CommunityProfileGeographyInput {
  @Field({ description: 'The geography as in the file: its GEO_ID (e.g. "1400000US41051000100") or its NAME (e.g. "Census Tract 1; Multnomah County; Oregon"), compared without case and surrounding spaces.' }) source: string;
  @Field(() => ID, { description: 'The branch whose service area it is.' }) branchId: string;
}

@InputType({ description: 'An ACS table downloaded from data.census.gov (S0101, B03002 or C16001, the "-Data.csv" file: one row per geography, estimates and margins of error), or one batch of it.' })
export class ImportCommunityProfilesInput {
  @Field({ description: 'The CSV text: the row of variable ids first, then (as data.census.gov writes it) the row of labels, then one row per geography; at most 900,000 characters and 5,000 rows (npm run import splits larger files into batches).' }) csv: string;
  @Field(() => Boolean, { description: 'True: check every row and say what would happen, writing nothing. Default false.', nullable: true, defaultValue: false }) dryRun?: boolean | null;
  @Field(() => [CommunityProfileGeographyInput], { description: 'The branch of each geography; a row whose geography is not listed is rejected. Several geographies of one branch (the tracts of its service area) are added up into its profile; all of them must be in the same request. At most 1,000.' }) geographies: CommunityProfileGeographyInput[];
  @Field(() => Int, { description: 'The year the figures describe: the last year of a 5-year estimate (2023 for 2019-2023).' }) year: number;
  @Field({ description: 'Where the figures come from, e.g. "ACS 5-year 2019-2023", 1–200 characters; stored as the profile\'s source.' }) source: string;
  @Field(() => Int, { description: 'Added to every line number reported, so that they are the original file\'s when it is sent in batches with its header rows repeated on top of each: the file line of the batch\'s first data row minus 1, minus the header rows. Default 0.', nullable: true, defaultValue: 0 }) lineOffset?: number | null;
}

@ObjectType({ description: 'What an import of community profiles did, or with dryRun would do. Rows (geographies) are counted once each: created, updated, unchanged or rejected.' })
export class ImportCommunityProfilesPayload {
  @Field({ description: 'True when this was a dry run (nothing was written).' }) dryRun: boolean;
  @Field({ description: 'True when the rows were written (one transaction: all or nothing). False for a dry run, or when any row was rejected or `userErrors` is not empty.' }) written: boolean;
  @Field(() => String, { description: 'The ACS table the file is (S0101, B03002 or C16001); null when it could not be told.', nullable: true }) table: string | null;
  @Field(() => Int, { description: 'Rows that create the profile of their branch for the year (the rows of one branch share its outcome).' }) created: number;
  @Field(() => Int, { description: "Rows that change their branch's profile for the year." }) updated: number;
  @Field(() => Int, { description: "Rows whose figures (added up with the branch's other geographies) the branch's profile already has." }) unchanged: number;
  @Field(() => Int, { description: 'Rows rejected (listed in `rows`).' }) rejected: number;
  @Field(() => [ImportRowProblem], { description: 'Every rejected row: its line, the column (the variable id, e.g. B03002_012E) and why. A real run with any rejected row writes nothing.' }) rows: ImportRowProblem[];
  @Field(() => [UserError], { description: "What is wrong with the input as a whole (year, source, geographies, the file's table or columns); nothing was written then." }) userErrors: UserError[];
}

@Resolver()
export class CommunityProfileImportResolver {
  @Mutation(() => ImportCommunityProfilesPayload, { description: 'Imports community profiles from an American Community Survey table downloaded from data.census.gov (S0101, B03002, C16001), margins of error included. ADMIN only (others FORBIDDEN). A second import of the same file changes nothing; with `dryRun` nothing is written.' })
  importCommunityProfiles(@Arg('input', () => ImportCommunityProfilesInput, { description: 'The file and how to read it.' }) input: ImportCommunityProfilesInput, @Ctx() ctx: DiversityContext): Promise<ImportCommunityProfilesPayload> {
    return importCommunityProfiles(ctx, input);
  }
}

// ------------------------------------------------------------------ reading rows

const MAX_GEOGRAPHIES = 1000;

/** Which profile column each breakdown is stored in. */
const COLUMN: Record<DemographicDimension, 'ageBands' | 'raceEthnicity' | 'languages'> = {
  [DemographicDimension.AGE_BAND]: 'ageBands',
  [DemographicDimension.RACE_ETHNICITY]: 'raceEthnicity',
  [DemographicDimension.LANGUAGE]: 'languages',
};

/** One geography's figures, checked. */
interface PlannedRow {
  line: number;
  geography: string;
  keys: string[];
  branchId: string;
  total: number;
  totalMoe: number | null;
  parts: { key: string; values: number[]; moes: (number | null)[] }[];
}

/** A branch's service area: its geographies' figures added up (several tracts make one area). */
interface PlannedProfile {
  rows: PlannedRow[];
  branchId: string;
  total: number;
  totalMoe: number | null;
  shares: AcsShare[];
}

function readRow(
  row: { line: number; cells: Record<string, string> },
  layout: AcsLayout,
  geographies: Map<string, string>,
  problems: ImportRowProblem[],
): PlannedRow | null {
  const before = problems.length;
  const cell = (h: string) => row.cells[h] ?? '';
  const geoId = layout.geoId ? cell(layout.geoId) : '';
  const name = layout.name ? cell(layout.name) : '';
  const geoColumn = layout.geoId ?? layout.name!;
  const branchId = geographies.get(geoId.toLowerCase()) ?? geographies.get(name.toLowerCase());
  if (!geoId && !name) problems.push(problem(row.line, geoColumn, 'The geography is missing'));
  else if (!branchId) problems.push(problem(row.line, geoColumn, `"${(name || geoId).slice(0, 100)}"${name && geoId ? ` (${geoId.slice(0, 40)})` : ''} is not one of the geographies mapped to a branch`));

  const estimate = (h: string): number | null => {
    const r = readEstimate(cell(h), cell(`${h}A`));
    if (r.ok) return r.value;
    problems.push(problem(row.line, h, r.message));
    return null;
  };
  const moe = (h: string): number | null | undefined => {
    const r = readMoe(cell(h), cell(`${h}A`));
    if (r.ok) return r.value;
    problems.push(problem(row.line, h, r.message));
    return undefined;
  };
  const total = estimate(layout.total.estimate);
  const totalMoe = moe(layout.total.moe);
  const parts = layout.categories.map((c) => ({ key: c.key, values: c.columns.map((col) => estimate(col.estimate)), moes: c.columns.map((col) => moe(col.moe)) }));
  if (problems.length > before || total === null || !branchId) return null;
  if (total > MAX_POPULATION) {
    problems.push(problem(row.line, layout.total.estimate, `${total} is more residents than a service area has (at most ${MAX_POPULATION})`));
    return null;
  }
  if (total === 0) {
    problems.push(problem(row.line, layout.total.estimate, 'The total is 0: there are no residents to describe'));
    return null;
  }
  const sum = parts.reduce((s, p) => s + p.values.reduce<number>((a, v) => a + (v ?? 0), 0), 0);
  if (sum !== total) {
    problems.push(problem(row.line, layout.total.estimate, `The categories add up to ${sum}, not to the total ${total}: the shares would not add up to 1 (a figure was edited, or a column belongs to another table)`));
    return null;
  }
  return {
    line: row.line,
    geography: name || geoId,
    keys: [geoId.toLowerCase(), name.toLowerCase()].filter(Boolean),
    branchId,
    total,
    totalMoe: totalMoe ?? null,
    parts: parts.map((p) => ({ key: p.key, values: p.values as number[], moes: p.moes as (number | null)[] })),
  };
}

/**
 * The geographies of one branch added up: estimates summed, margins of
 * error combined as the square root of the sum of their squares (the ACS
 * General Handbook's approximation for aggregating areas), then the shares
 * and their margins from the sums.
 */
function serviceArea(dimension: DemographicDimension, rows: PlannedRow[]): PlannedProfile {
  const total = rows.reduce((s, r) => s + r.total, 0);
  const totalMoe = sumMoe(rows.map((r) => r.totalMoe));
  const parts = rows[0].parts.map((p, i) => ({ key: p.key, values: rows.flatMap((r) => r.parts[i].values), moes: rows.flatMap((r) => r.parts[i].moes) }));
  return { rows, branchId: rows[0].branchId, total, totalMoe: totalMoe === null ? null : Math.round(totalMoe), shares: acsShares(dimension, total, totalMoe, parts) };
}

// ------------------------------------------------------------------ the import

function emptyPayload(dryRun: boolean, table: string | null, userErrors: UserError[] = [], rows: ImportRowProblem[] = []): ImportCommunityProfilesPayload {
  return Object.assign(new ImportCommunityProfilesPayload(), {
    dryRun, written: false, table, created: 0, updated: 0, unchanged: 0, rejected: new Set(rows.filter((r) => r.line !== null).map((r) => r.line)).size, rows, userErrors,
  });
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function importCommunityProfiles(ctx: DiversityContext, input: ImportCommunityProfilesInput): Promise<ImportCommunityProfilesPayload> {
  requireRole(ctx.viewer, 'ADMIN');
  const dryRun = input.dryRun === true;
  const check = new InputCheck();
  const year = check.int('year', input.year, { required: true, min: LIMITS.minYear, max: LIMITS.maxYear });
  const source = check.text('source', input.source, { required: true, max: 200 });
  const checked = await checkImportInput(ctx, check, { entries: input.geographies, field: 'geographies', max: MAX_GEOGRAPHIES, noun: 'geographies', lineOffset: input.lineOffset });
  if (!checked) return emptyPayload(dryRun, null, check.errors);
  const { branches: geographies, lineOffset } = checked;

  const { table: csv, problems: fileProblems } = readCsv(input.csv, { lineOffset });
  if (!csv) return emptyPayload(dryRun, null, [userError(['input', 'csv'], UserErrorCode.INVALID, fileProblems[0]?.message ?? 'Not a CSV file')], fileProblems);
  const ids = csv.headers[0];
  // data.census.gov writes a row of labels under the variable ids.
  const labelled = csv.rows.length > 0 && isLabelRow(ids.map((h) => csv.rows[0].cells[h] ?? ''));
  const labels = labelled ? ids.map((h) => csv.rows[0].cells[h] ?? '') : null;
  const rows = labelled ? csv.rows.slice(1) : csv.rows;
  const { layout, error } = acsLayout(ids, labels);
  if (!layout) return emptyPayload(dryRun, null, [userError(['input', 'csv'], UserErrorCode.INVALID, error!)], [problem(1 + lineOffset, null, error!)]);

  const problems: ImportRowProblem[] = [];
  const byBranch = new Map<string, PlannedRow[]>();
  const seen = new Map<string, PlannedRow>();
  for (const row of rows) {
    const p = readRow(row, layout, geographies, problems);
    if (!p) continue;
    const first = p.keys.map((k) => seen.get(k)).find(Boolean);
    if (first) {
      problems.push(problem(row.line, layout.geoId ?? layout.name, `"${p.geography.slice(0, 100)}" is also on line ${first.line}: a geography counts once`));
      continue;
    }
    for (const k of p.keys) seen.set(k, p);
    byBranch.set(p.branchId, [...(byBranch.get(p.branchId) ?? []), p]);
  }
  const planned = [...byBranch.values()].map((r) => serviceArea(layout.dimension, r));

  const em = ctx.db.manager;
  const existing = new Map<string, CommunityProfileRow>();
  for (let i = 0; i < planned.length; i += 200) {
    const part = planned.slice(i, i + 200).map((p) => p.branchId);
    for (const r of await em.find(CommunityProfileRow, { where: { branchId: In(part), year: year! } })) existing.set(r.branchId, r);
  }

  const column = COLUMN[layout.dimension];
  // S0101 and B03002 count every resident: they set the population. C16001 counts residents 5 years and over.
  const setsPopulation = layout.dimension !== DemographicDimension.LANGUAGE;
  const now = new Date();
  const inserts: CommunityProfileRow[] = [];
  const updates: { id: string; changes: Partial<CommunityProfileRow> }[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  // Rows are counted once each: the rows of one branch share its profile's outcome.
  for (const p of planned) {
    const json = JSON.stringify(p.shares);
    const old = existing.get(p.branchId);
    const n = p.rows.length;
    if (p.total > MAX_POPULATION) {
      for (const r of p.rows) problems.push(problem(r.line, layout.total.estimate, `The geographies of this branch add up to ${p.total} residents, more than a service area has (at most ${MAX_POPULATION})`));
      continue;
    }
    if (!old) {
      if (!setsPopulation) {
        for (const r of p.rows) problems.push(problem(r.line, layout.geoId ?? layout.name, `The branch has no community profile for ${year} yet: import its S0101 (age) or B03002 (race and ethnicity) table first, which give the whole population`));
        continue;
      }
      created += n;
      inserts.push(Object.assign(new CommunityProfileRow(), {
        id: profileId(p.branchId, year!), branchId: p.branchId, year: year!, source: source!, population: p.total, populationMarginOfError: p.totalMoe,
        ageBands: '[]', raceEthnicity: '[]', languages: '[]', [column]: json,
        disabilityRate: null, povertyRate: null, broadbandRate: null, foreignBornRate: null, medianHouseholdIncome: null, updatedAt: now,
      }));
      continue;
    }
    const changes: Partial<CommunityProfileRow> = {};
    if (old.source !== source) changes.source = source!;
    if (old[column] !== json) changes[column] = json;
    if (setsPopulation && Number(old.population) !== p.total) changes.population = p.total;
    if (setsPopulation && numOrNull(old.populationMarginOfError) !== p.totalMoe) changes.populationMarginOfError = p.totalMoe;
    if (Object.keys(changes).length === 0) {
      unchanged += n;
      continue;
    }
    updated += n;
    updates.push({ id: old.id, changes: { ...changes, updatedAt: now } });
  }

  const payload = Object.assign(emptyPayload(dryRun, layout.table, [], problems), { created, updated, unchanged });
  if (problems.length) {
    if (!dryRun) payload.userErrors = [userError(['input', 'csv'], UserErrorCode.INVALID, `${payload.rejected} rows are rejected (see rows); nothing was written`)];
    return payload;
  }
  if (dryRun) return payload;
  try {
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < inserts.length; i += 200) await tx.insert(CommunityProfileRow, inserts.slice(i, i + 200));
      for (const u of updates) await tx.update(CommunityProfileRow, { id: u.id }, u.changes);
    });
  } catch (e) {
    // Another write created one of these profiles since they were read: nothing of this request was written.
    if (!isUniqueViolation(e)) throw e;
    payload.userErrors = [userError(['input', 'csv'], UserErrorCode.CONFLICT, 'A profile of these branches and year was written meanwhile; nothing was written: run the import again')];
    return payload;
  }
  ctx.log.info({ table: layout.table, year, created, updated, unchanged }, 'community profiles imported');
  payload.written = true;
  return payload;
}
