import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, registerEnumType, Resolver } from 'type-graphql';
import {
  type CsvRow, ImportRowProblem, InputCheck, isAllDay, LIMITS, parseClock, parseCount, parseDay, pickColumn, problem, readCsv, splitStamp,
  ServiceArea, UserError, userError, UserErrorCode, wallClockInstant,
} from '@ceg/conventions';
import { checkImportInput, requireRole } from '@ceg/kit';
import { findImportKeys, importFingerprint, ImportKeyRow, isRetryableTransactionError, isUniqueViolation, lockForUpdate } from '@ceg/persistence';
import { MAX_CAPACITY } from './domain';
import { ProgramRow, SessionRow } from './entities';
import type { ProgramsContext } from './service';
import { AgeGroup, ProgramFormat, ProgramStatus, SessionStatus } from './types';
import { refreshTallies } from './tally';

/**
 * Importing past and planned events from another events system's CSV
 * export: each row becomes a session, rows with the same library and title
 * one program. The source's event ids are kept (table `import_key`), so a
 * second import of the same file updates instead of duplicating.
 */

export enum EventImportFormat {
  LIBCAL = 'LIBCAL',
  COMMUNICO = 'COMMUNICO',
}
registerEnumType(EventImportFormat, {
  name: 'EventImportFormat',
  description: 'Which system an events CSV was exported from.',
  valuesConfig: {
    LIBCAL: { description: "Springshare LibCal's event export (Events → export to CSV); columns in README.md, Import." },
    COMMUNICO: { description: "Communico Attend's event export (CSV); the column names are not verified against Communico's documentation (README.md, Import)." },
  },
});

/** The fields an events export is read into; each format names the headers accepted for each field. */
type Field =
  | 'eventId' | 'title' | 'description' | 'date' | 'startTime' | 'endTime' | 'start' | 'end' | 'library' | 'location' | 'audiences' | 'categories'
  | 'internalTags' | 'presenter' | 'organizer' | 'seats' | 'confirmedRegistrations' | 'waitlistRegistrations' | 'cancelledRegistrations'
  | 'anticipatedAttendance' | 'confirmedAttendance' | 'eventUrl' | 'eventStatus';
type ColumnTable = Partial<Record<Field, readonly string[]>>;

/**
 * LibCal's export columns, by field: the headers accepted for each, first
 * match wins. The ones marked "not verified" were not found in LibCal's
 * public documentation; a library whose export names them otherwise adds
 * its header here.
 */
export const LIBCAL_COLUMNS = {
  eventId: ['Event ID', 'ID', 'Event Id', 'EventID'], // not verified
  title: ['Title', 'Event Title'],
  description: ['Description'],
  date: ['Date', 'Event Date', 'Start Date'], // not verified
  startTime: ['Start Time'],
  endTime: ['End Time'],
  library: ['Library', 'Campus'],
  location: ['Location'],
  audiences: ['Audiences', 'Audience'],
  categories: ['Categories', 'Category'],
  internalTags: ['Internal Tags'],
  presenter: ['Presenter'],
  organizer: ['Event Organizer'],
  seats: ['Seats', 'Registration Limit', 'Max Registrations'], // not verified
  confirmedRegistrations: ['Confirmed Registrations'],
  waitlistRegistrations: ['Waiting-List Registrations'],
  cancelledRegistrations: ['Cancelled Registrations'],
  anticipatedAttendance: ['Anticipated Attendance'],
  confirmedAttendance: ['Confirmed Attendance', 'Actual Attendance'],
  eventUrl: ['Event URL'],
} as const satisfies ColumnTable;

/**
 * Communico Attend's export columns. NONE of these is verified: Communico's
 * export format is not publicly documented. The names are the best evidence
 * found — the field names of Communico's public event feed (`id`, `title`,
 * `raw_start_time` "2026-06-24 10:30:00", `raw_end_time`, `location` = the
 * branch, `venues` = the room, `agesArray`, `tagsArray`,
 * `search_tagsArray`) and the words of its staff guides (registrants,
 * waitlist, attendance) — in both the feed's spelling and the spreadsheet
 * spelling a report would likely use. A library whose export names a column
 * otherwise adds its header here (README.md, Import).
 */
export const COMMUNICO_COLUMNS = {
  eventId: ['Event ID', 'EventID', 'Event Id', 'ID', 'id'],
  title: ['Title', 'Event Title', 'Event Name', 'title'],
  description: ['Description', 'Short Description', 'description', 'Long Description', 'long_description'],
  start: ['Start', 'Start Date/Time', 'Start Date Time', 'Event Start', 'Start Time', 'raw_start_time'],
  end: ['End', 'End Date/Time', 'End Date Time', 'Event End', 'End Time', 'raw_end_time'],
  date: ['Date', 'Event Date', 'Start Date'],
  library: ['Location', 'Branch', 'Library', 'location'],
  location: ['Room', 'Venue', 'Venues', 'venues'],
  audiences: ['Ages', 'Age Group', 'Age Groups', 'Audience', 'agesArray'],
  categories: ['Event Types', 'Event Type', 'Types', 'Tags', 'tagsArray'],
  internalTags: ['Search Tags', 'search_tagsArray'],
  presenter: ['Presenter', 'Presenters'],
  seats: ['Capacity', 'Max Registrants', 'Maximum Registrants', 'Registration Limit', 'Max Attendees'],
  confirmedRegistrations: ['Registrants', 'Registered', 'Registrations', 'Total Registrants'],
  waitlistRegistrations: ['Waitlist', 'Waitlisted', 'Waiting List'],
  cancelledRegistrations: ['Cancelled Registrations', 'Cancellations'],
  confirmedAttendance: ['Attendance', 'Total Attendance', 'Attendees', 'Actual Attendance', 'Headcount'],
  eventUrl: ['URL', 'Event URL', 'Link', 'url'],
  eventStatus: ['Status', 'Event Status'],
} as const satisfies ColumnTable;

const FORMATS: Record<EventImportFormat, { source: string; columns: ColumnTable; required: Field[][] }> = {
  // Each entry of `required` is one need; any one of its fields meets it.
  LIBCAL: { source: 'LIBCAL', columns: LIBCAL_COLUMNS, required: [['eventId'], ['title'], ['date'], ['startTime'], ['endTime'], ['library']] },
  COMMUNICO: { source: 'COMMUNICO', columns: COMMUNICO_COLUMNS, required: [['eventId'], ['title'], ['start'], ['end'], ['library']] },
};

/** LibCal audiences → the PLS age group (first match per audience; several different groups make ALL_AGES; none: ALL_AGES). */
export const AUDIENCE_AGE_GROUPS: [RegExp, AgeGroup][] = [
  [/all ages|famil|everyone|general/i, AgeGroup.ALL_AGES],
  [/bab|infant|toddler|preschool|pre-k|early childhood|birth|0-5/i, AgeGroup.EARLY_CHILDHOOD],
  [/teen|young adult|high school|middle school|\bya\b|12-18/i, AgeGroup.YOUNG_ADULTS],
  [/child|kid|school age|elementary|tween|grades?\s*k|6-11/i, AgeGroup.CHILDREN],
  [/adult|senior|older|55\+|19\+/i, AgeGroup.ADULTS],
];

/** LibCal categories (then the title) → the Project Outcome service area; none matched: EDUCATION_LIFELONG_LEARNING. */
export const CATEGORY_SERVICE_AREAS: [RegExp, ServiceArea][] = [
  [/summer reading/i, ServiceArea.SUMMER_READING],
  [/story ?time|early literacy|baby|toddler|preschool|cuentos/i, ServiceArea.EARLY_CHILDHOOD_LITERACY],
  [/job|career|resume|résumé|employ/i, ServiceArea.JOB_SKILLS],
  [/business|financ|money|tax|entrepreneur/i, ServiceArea.ECONOMIC_DEVELOPMENT],
  [/health|wellness|fitness|medicare|yoga/i, ServiceArea.HEALTH],
  [/tech|computer|digital|coding|internet|3d print|maker/i, ServiceArea.DIGITAL_LEARNING],
  [/famil|game night/i, ServiceArea.FAMILY_ENGAGEMENT],
  [/civic|government|voting|voter|citizen|community/i, ServiceArea.CIVIC_COMMUNITY_ENGAGEMENT],
];
const VIRTUAL = /online|virtual|zoom|webinar|teams meeting/i;

// ------------------------------------------------------------------ GraphQL surface

@InputType({ description: "Which branch a value of the file's library column (LibCal: Library or Campus; Communico: Location or Branch) stands for." })
export class ImportBranchInput {
  @Field({ description: 'The value as it appears in the file, e.g. "Central Library" (compared without case and surrounding spaces).' }) source: string;
  @Field(() => ID, { description: 'The branch its events belong to.' }) branchId: string;
}

@InputType({ description: 'An events CSV to import: the text of the file (or of one batch of it), how to read it, and whether to write.' })
export class ImportEventsInput {
  @Field(() => EventImportFormat, { description: 'Which system exported the file.' }) format: EventImportFormat;
  @Field({ description: 'The CSV text, header row first, UTF-8; at most 900,000 characters and 5,000 rows (npm run import splits larger files into batches).' }) csv: string;
  @Field(() => Boolean, { description: 'True: check every row and say what would happen, writing nothing. Default false.', nullable: true, defaultValue: false }) dryRun?: boolean | null;
  @Field(() => [ImportBranchInput], { description: 'The branch of each value of the library column; a row whose value is not listed is rejected. At most 100.' }) branches: ImportBranchInput[];
  @Field({ description: 'The IANA time zone the file\'s dates and times are in, e.g. "America/Los_Angeles".' }) timeZone: string;
  @Field(() => Int, { description: 'Added to every line number reported, so that they are the original file\'s when it is sent in batches with its header repeated on top of each: the file line of the batch\'s first data row minus 2. Default 0.', nullable: true, defaultValue: 0 }) lineOffset?: number | null;
}

@ObjectType({ description: 'What an import did, or with dryRun would do. Rows are counted once each: created, updated, unchanged or rejected.' })
export class ImportEventsPayload {
  @Field({ description: 'True when this was a dry run (nothing was written).' }) dryRun: boolean;
  @Field({ description: 'True when the rows were written (one transaction: all or nothing). False for a dry run, or when any row was rejected or `userErrors` is not empty.' }) written: boolean;
  @Field(() => Int, { description: 'Rows that create a session (their event id was not imported before).' }) created: number;
  @Field(() => Int, { description: 'Rows that change a session imported before.' }) updated: number;
  @Field(() => Int, { description: 'Rows identical to what an earlier import wrote.' }) unchanged: number;
  @Field(() => Int, { description: 'Rows rejected (listed in `rows`).' }) rejected: number;
  @Field(() => Int, { description: 'Programs created (rows of the same library and title form one program).' }) programsCreated: number;
  @Field(() => [ImportRowProblem], { description: 'Every rejected row: its line, the column and why. A real run with any rejected row writes nothing.' }) rows: ImportRowProblem[];
  @Field(() => [UserError], { description: 'What is wrong with the input as a whole (time zone, branch list, the file\'s columns); nothing was written then.' }) userErrors: UserError[];
}

@Resolver()
export class ProgramImportResolver {
  @Mutation(() => ImportEventsPayload, { description: 'Imports programs and sessions (with attendance) from an events CSV export. ADMIN only (others FORBIDDEN). A second import of the same file changes nothing; with `dryRun` nothing is written.' })
  importEvents(@Arg('input', () => ImportEventsInput, { description: 'The file and how to read it.' }) input: ImportEventsInput, @Ctx() ctx: ProgramsContext): Promise<ImportEventsPayload> {
    return importEvents(ctx, input);
  }
}

// ------------------------------------------------------------------ reading rows

interface PlannedSession {
  line: number;
  eventId: string;
  programKey: string;
  program: Omit<ProgramRow, 'id' | 'createdAt' | 'updatedAt' | 'status'>;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  capacity: number | null;
  attendance: number | null;
  cancelled: boolean;
  sourceData: Record<string, string | number | null>;
}

const fingerprint = importFingerprint;
const stripHtml = (s: string) => s.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/[ \t]+/g, ' ').trim();
const splitList = (s: string) => s.split(/[,;|]/).map((x) => x.trim()).filter(Boolean);

function ageGroupOf(audiences: string[]): AgeGroup {
  const groups = new Set<AgeGroup>();
  for (const a of audiences) {
    const hit = AUDIENCE_AGE_GROUPS.find(([re]) => re.test(a));
    if (hit) groups.add(hit[1]);
  }
  return groups.size === 1 ? [...groups][0] : AgeGroup.ALL_AGES;
}

function serviceAreaOf(categories: string[], title: string): ServiceArea {
  for (const text of [...categories, title]) {
    const hit = CATEGORY_SERVICE_AREAS.find(([re]) => re.test(text));
    if (hit) return hit[1];
  }
  return ServiceArea.EDUCATION_LIFELONG_LEARNING;
}

function readRow(row: CsvRow, cols: Partial<Record<Field, string>>, branches: Map<string, string>, zone: string, problems: ImportRowProblem[]): PlannedSession | null {
  const before = problems.length;
  const cell = (f: Field) => (cols[f] ? row.cells[cols[f]!] ?? '' : '');
  const fail = (f: Field | null, message: string) => problems.push(problem(row.line, f ? cols[f] ?? null : null, message));
  const check = new InputCheck([]);
  const text = (f: Field, max: number, required = false, multiline = false) => {
    const v = check.text(cols[f] ?? f, cell(f), { max, required, multiline });
    for (const e of check.errors.splice(0)) fail(f, e.message);
    return v;
  };

  const eventId = text('eventId', 200, true);
  const title = text('title', LIMITS.title, true);
  const branchRaw = cell('library');
  const branchId = branches.get(branchRaw.trim().toLowerCase());
  if (!branchRaw.trim()) fail('library', 'The library is missing');
  else if (!branchId) fail('library', `"${branchRaw.slice(0, 80)}" is not one of the libraries mapped to a branch`);

  // LibCal: Date, Start Time, End Time. Communico: Start and End, each a date with a time ("2026-06-24 10:30:00"), or a time with the Date column.
  const combined = Boolean(cols.start);
  const startField: Field = combined ? 'start' : 'startTime';
  const endField: Field = combined ? 'end' : 'endTime';
  const startStamp = combined ? splitStamp(cell('start')) : null;
  const endStamp = combined ? splitStamp(cell('end')) : null;
  const dayField: Field = startStamp?.day ? 'start' : 'date';
  const dayRaw = startStamp?.day ?? cell('date');
  const startRaw = startStamp ? startStamp.time : cell('startTime');
  const endRaw = endStamp ? endStamp.time : cell('endTime');
  const day = parseDay(dayRaw);
  if (!dayRaw) fail(cols.date || !combined ? 'date' : 'start', 'The date is missing');
  else if (!day) fail(dayField, `"${dayRaw.slice(0, 40)}" is not a day on the calendar (use YYYY-MM-DD, M/D/YYYY or "March 5, 2026")`);
  const endDayRaw = endStamp?.day ?? null;
  const endDay = endDayRaw ? parseDay(endDayRaw) : day;
  if (endDayRaw && !endDay) fail(endField, `"${endDayRaw.slice(0, 40)}" is not a day on the calendar`);
  const allDay = isAllDay(startRaw);
  const start = allDay ? 0 : parseClock(startRaw);
  const end = allDay && (endRaw === '' || isAllDay(endRaw)) ? 24 * 60 : parseClock(endRaw);
  if (start === null) fail(startField, `"${startRaw.slice(0, 40)}" is not a time of day (e.g. 10:00am) or "All Day Event"`);
  if (end === null) fail(endField, `"${endRaw.slice(0, 40)}" is not a time of day (e.g. 11:30am)`);
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  if (day && endDay && start !== null && end !== null) {
    startsAt = wallClockInstant(day, start, zone);
    endsAt = end === 24 * 60 ? wallClockInstant(parseDay(new Date(Date.UTC(endDay.y, endDay.m - 1, endDay.d + 1)).toISOString().slice(0, 10))!, 0, zone) : wallClockInstant(endDay, end, zone);
    if (endsAt.getTime() <= startsAt.getTime()) fail(endField, `The event ends (${combined ? cell('end') : endRaw}) before or when it starts (${combined ? cell('start') : startRaw})`);
  }
  const cancelled = /cancel/i.test(cell('eventStatus'));

  const count = (f: Field, max = MAX_CAPACITY) => {
    const n = parseCount(cell(f));
    if (Number.isNaN(n) || (n !== null && n > max)) {
      fail(f, `"${cell(f).slice(0, 40)}" is not a whole number between 0 and ${max}`);
      return null;
    }
    return n;
  };
  const attendance = count('confirmedAttendance');
  const capacity = count('seats');
  if (capacity === 0) fail('seats', 'Seats must be at least 1 (leave it empty for no limit)');
  const sourceData = {
    confirmedRegistrations: count('confirmedRegistrations'),
    waitlistRegistrations: count('waitlistRegistrations'),
    cancelledRegistrations: count('cancelledRegistrations'),
    anticipatedAttendance: count('anticipatedAttendance'),
    eventUrl: text('eventUrl', 2000),
    presenter: text('presenter', 200),
    organizer: text('organizer', 200),
  };
  const location = text('location', LIMITS.shortText);
  const description = stripHtml(cell('description')).slice(0, LIMITS.description);
  const checkedDescription = description ? check.text(cols.description ?? 'description', description, { max: LIMITS.description, multiline: true }) : null;
  for (const e of check.errors.splice(0)) fail('description', e.message);
  const audiences = splitList(cell('audiences'));
  const categories = splitList(cell('categories'));
  const tags = [...categories, ...splitList(cell('internalTags'))]
    .map((t) => t.slice(0, LIMITS.tag))
    .filter((t, i, all) => all.indexOf(t) === i && check.text('tag', t, { max: LIMITS.tag }) !== null)
    .slice(0, LIMITS.tags);
  check.errors.splice(0);
  if (problems.length > before || !eventId || !title || !branchId || !startsAt || !endsAt) return null;
  return {
    line: row.line,
    eventId,
    programKey: `${branchId}|${title.toLowerCase()}`,
    program: {
      branchId,
      title,
      description: checkedDescription ?? title,
      serviceArea: serviceAreaOf(categories, title),
      ageGroup: ageGroupOf(audiences),
      format: VIRTUAL.test(`${location ?? ''} ${title}`) ? ProgramFormat.VIRTUAL : ProgramFormat.ONSITE,
      languages: '',
      accessibilityNotes: null,
      hybrid: 0,
      tags: JSON.stringify(tags),
    },
    startsAt,
    endsAt,
    location,
    capacity,
    attendance,
    cancelled,
    sourceData,
  };
}

// ------------------------------------------------------------------ the import

const CHUNK = 200;

function emptyPayload(dryRun: boolean, userErrors: UserError[] = [], rows: ImportRowProblem[] = []): ImportEventsPayload {
  return Object.assign(new ImportEventsPayload(), {
    dryRun, written: false, created: 0, updated: 0, unchanged: 0, rejected: new Set(rows.filter((r) => r.line !== null).map((r) => r.line)).size, programsCreated: 0, rows, userErrors,
  });
}

export async function importEvents(ctx: ProgramsContext, input: ImportEventsInput): Promise<ImportEventsPayload> {
  requireRole(ctx.viewer, 'ADMIN');
  const dryRun = input.dryRun === true;
  const check = new InputCheck();
  const checked = await checkImportInput(ctx, check, { entries: input.branches, field: 'branches', max: 100, noun: 'branches', timeZone: input.timeZone, lineOffset: input.lineOffset });
  if (!checked) return emptyPayload(dryRun, check.errors);
  const { branches, lineOffset } = checked;

  const { table, problems: fileProblems } = readCsv(input.csv, { lineOffset });
  if (!table) return emptyPayload(dryRun, [userError(['input', 'csv'], UserErrorCode.INVALID, fileProblems[0]?.message ?? 'Not a CSV file')], fileProblems);
  const format = FORMATS[input.format];
  const SOURCE = format.source;
  const cols: Partial<Record<Field, string>> = {};
  for (const f of Object.keys(format.columns) as Field[]) {
    const h = pickColumn(table.headers[0], format.columns[f]!);
    // One header, one field: a Communico file with Start Date and Start Time reads them as the date and the start.
    if (h && !Object.values(cols).includes(h)) cols[f] = h;
  }
  const missing = format.required.filter((need) => !need.some((f) => cols[f]));
  if (missing.length) {
    const names = missing.map((need) => need.flatMap((f) => format.columns[f] ?? []).join(' or ')).join('; ');
    const rows = [problem(1 + lineOffset, null, `Columns missing: ${names}`)];
    return emptyPayload(dryRun, [userError(['input', 'csv'], UserErrorCode.INVALID, `The file lacks the columns ${names}`)], rows);
  }

  const problems: ImportRowProblem[] = [];
  const planned: PlannedSession[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const p = readRow(row, cols, branches, input.timeZone, problems);
    if (!p) continue;
    const first = seen.get(p.eventId);
    if (first !== undefined) {
      problems.push(problem(row.line, cols.eventId!, `Event id ${p.eventId} is also on line ${first}`));
      continue;
    }
    seen.set(p.eventId, row.line);
    planned.push(p);
  }

  // Programs: the first row of each library and title says what the program is.
  const programs = new Map<string, PlannedSession['program']>();
  for (const p of planned) if (!programs.has(p.programKey)) programs.set(p.programKey, p.program);

  const em = ctx.db.manager;
  const programKeys = await findImportKeys(em, SOURCE, 'program', [...programs.keys()]);
  const sessionKeys = await findImportKeys(em, SOURCE, 'session', planned.map((p) => p.eventId));

  const now = new Date();
  const programIds = new Map<string, string>();
  const programWrites: { row: ProgramRow; key: ImportKeyRow; isNew: boolean }[] = [];
  for (const [key, program] of programs) {
    const existing = programKeys.get(key);
    const print = fingerprint(program);
    const id = existing?.localId ?? randomUUID();
    programIds.set(key, id);
    if (existing && existing.fingerprint === print) continue;
    programWrites.push({
      row: Object.assign(new ProgramRow(), { ...program, id, status: ProgramStatus.PUBLISHED, createdAt: now, updatedAt: now }),
      key: Object.assign(new ImportKeyRow(), { id: existing?.id ?? randomUUID(), source: SOURCE, kind: 'program', externalId: key, localId: id, fingerprint: print, sourceData: null, importedAt: now }),
      isNew: !existing,
    });
  }
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const sessionWrites: { row: SessionRow; key: ImportKeyRow; isNew: boolean }[] = [];
  for (const p of planned) {
    const existing = sessionKeys.get(p.eventId);
    const programId = programIds.get(p.programKey)!;
    const status = p.cancelled ? SessionStatus.CANCELLED : p.endsAt.getTime() < now.getTime() ? SessionStatus.COMPLETED : SessionStatus.SCHEDULED;
    const fields = { programId, branchId: p.program.branchId, startsAt: p.startsAt, endsAt: p.endsAt, location: p.location, capacity: p.capacity, status, attendance: p.attendance };
    const print = fingerprint({ ...fields, sourceData: p.sourceData });
    if (existing && existing.fingerprint === print) {
      unchanged++;
      continue;
    }
    if (existing) updated++;
    else created++;
    const id = existing?.localId ?? randomUUID();
    sessionWrites.push({
      row: Object.assign(new SessionRow(), { ...fields, id, createdAt: now, updatedAt: now }),
      key: Object.assign(new ImportKeyRow(), {
        id: existing?.id ?? randomUUID(), source: SOURCE, kind: 'session', externalId: p.eventId, localId: id, fingerprint: print, sourceData: JSON.stringify(p.sourceData), importedAt: now,
      }),
      isNew: !existing,
    });
  }

  const payload = Object.assign(emptyPayload(dryRun, [], problems), {
    created, updated, unchanged, programsCreated: programWrites.filter((w) => w.isNew).length,
  });
  if (problems.length) {
    if (!dryRun) payload.userErrors = [userError(['input', 'csv'], UserErrorCode.INVALID, `${payload.rejected} rows are rejected (see rows); nothing was written`)];
    return payload;
  }
  if (dryRun) return payload;

  try {
    await ctx.db.transaction(async (tx) => {
      const insert = async <T extends object>(entity: new () => T, rows: T[]) => {
        for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(entity, rows.slice(i, i + CHUNK) as never);
      };
      await insert(ProgramRow, programWrites.filter((w) => w.isNew).map((w) => w.row));
      for (const w of programWrites.filter((x) => !x.isNew)) {
        const { id, createdAt: _c, status: _s, ...changes } = w.row;
        await tx.update(ProgramRow, { id }, changes);
      }
      await insert(SessionRow, sessionWrites.filter((w) => w.isNew).map((w) => w.row));
      for (const w of sessionWrites.filter((x) => !x.isNew)) {
        const { id, createdAt: _c, ...changes } = w.row;
        await tx.update(SessionRow, { id }, changes);
      }
      const keys = [...programWrites, ...sessionWrites];
      await insert(ImportKeyRow, keys.filter((w) => w.isNew).map((w) => w.key));
      for (const w of keys.filter((x) => !x.isNew)) {
        await tx.update(ImportKeyRow, { id: w.key.id }, { fingerprint: w.key.fingerprint, sourceData: w.key.sourceData, importedAt: now });
      }
      // The aggregates' tallies: the sessions written, and every session of a program whose format may have changed.
      const changedPrograms = programWrites.filter((w) => !w.isNew).map((w) => w.row.id);
      const ofPrograms = changedPrograms.length
        ? await lockForUpdate(ctx.db, tx.createQueryBuilder(SessionRow, 's').select('s.id').where('s.programId IN (:...ids)', { ids: changedPrograms }).orderBy('s.id')).getMany()
        : [];
      await refreshTallies(tx, [...sessionWrites.map((w) => w.row.id), ...ofPrograms.map((r) => r.id)]);
    });
  } catch (e) {
    // Another import wrote some of these source ids since they were read: nothing of this request was written.
    // Or MySQL chose this import as a deadlock victim (two imports of one file at once, their sessions' tallies):
    // it was rolled back whole, so the answer is the same.
    if (!isUniqueViolation(e) && !isRetryableTransactionError(ctx.db.dialect, e)) throw e;
    payload.userErrors = [userError(['input', 'csv'], UserErrorCode.CONFLICT, 'Another import wrote some of these rows meanwhile; nothing of this request was written: run it again (rows written meanwhile come back unchanged)')];
    return payload;
  }
  ctx.log.info({ created, updated, unchanged, programs: payload.programsCreated }, 'events imported');
  payload.written = true;
  return payload;
}
