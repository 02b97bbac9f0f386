import { parse } from 'csv-parse/sync';
import { Directive, Field, Int, ObjectType } from 'type-graphql';

/**
 * Reading CSV files for the import mutations: one maintained parser
 * (csv-parse), line numbers as a spreadsheet shows them, and one shape for
 * "what is wrong with which row" that every subgraph's import answers.
 */

/** The largest CSV text one import request takes (the gateway's body limit is 1 MB; the command splits larger files). */
export const MAX_IMPORT_CSV_CHARS = 900_000;
/** The most data rows one import request takes. */
export const MAX_IMPORT_ROWS = 5_000;

@Directive('@shareable')
@ObjectType({ description: 'One problem with an imported file: the row it is on (its line in the file), the column, and what is wrong.' })
export class ImportRowProblem {
  @Field(() => Int, { description: 'Line of the file the row starts on (1 is the first header line); null for a problem with the whole file.', nullable: true })
  line: number | null;
  @Field(() => String, { description: "The column's header as in the file; null when the problem is with the row or file as a whole.", nullable: true })
  column: string | null;
  @Field({ description: 'What is wrong, in words.' })
  message: string;
}

export const problem = (line: number | null, column: string | null, message: string): ImportRowProblem =>
  Object.assign(new ImportRowProblem(), { line, column, message });

/** One data row: the line it starts on and its cells by header. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

export interface CsvTable {
  /** The header row(s), in file order (data.census.gov files have a second header row of labels). */
  headers: string[][];
  rows: CsvRow[];
}

/**
 * Parses CSV text (UTF-8, with or without BOM; CRLF or LF; quoted fields may
 * span lines) into header rows and data rows numbered by the file line they
 * start on, plus `lineOffset` (the lines of the file before this text's
 * first data row, less the header rows, when a file is sent in batches).
 * Returns problems instead when the text is not CSV or the shape is wrong,
 * or has more than `maxRows` data rows (default MAX_IMPORT_ROWS).
 */
export function readCsv(text: string, opts: { headerRows?: number; lineOffset?: number; maxRows?: number } = {}): { table: CsvTable | null; problems: ImportRowProblem[] } {
  const headerRows = opts.headerRows ?? 1;
  const maxRows = opts.maxRows ?? MAX_IMPORT_ROWS;
  const offset = opts.lineOffset ?? 0;
  if (text.length > MAX_IMPORT_CSV_CHARS) {
    return { table: null, problems: [problem(null, null, `The file is longer than ${MAX_IMPORT_CSV_CHARS} characters; send it in batches (npm run import does).`)] };
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/\r\n?/g, '\n'), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    return { table: null, problems: [problem(typeof err.lines === 'number' ? err.lines + offset : null, null, `Not readable as CSV: ${String(err.message ?? e).slice(0, 200)}`)] };
  }
  if (records.length < headerRows) return { table: null, problems: [problem(null, null, `The file needs ${headerRows === 1 ? 'a header row' : `${headerRows} header rows`}`)] };
  const headers = records.slice(0, headerRows).map((r) => r.record.map((h) => h.trim()));
  const names = headers[0];
  const problems: ImportRowProblem[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    if (n && seen.has(n)) problems.push(problem(1, n, 'This column header appears twice'));
    seen.add(n);
  }
  const data = records.slice(headerRows);
  if (data.length > maxRows) problems.push(problem(null, null, `At most ${maxRows} rows per request; send the file in batches (npm run import does).`));
  const rows: CsvRow[] = [];
  for (const { record, info } of data) {
    const newlines = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlines + offset;
    if (record.length > names.length && record.slice(names.length).some((c) => c.trim() !== '')) {
      problems.push(problem(line, null, `The row has ${record.length} cells but the header has ${names.length} columns`));
      continue;
    }
    const cells: Record<string, string> = {};
    names.forEach((n, i) => {
      cells[n] = (record[i] ?? '').trim();
    });
    rows.push({ line, cells });
  }
  return { table: problems.length ? null : { headers, rows }, problems };
}

/** The first of a field's accepted headers that the file has; null when it has none. */
export function pickColumn(headers: readonly string[], accepted: readonly string[]): string | null {
  const byLower = new Map(headers.map((h) => [h.toLowerCase(), h]));
  for (const a of accepted) {
    const h = byLower.get(a.toLowerCase());
    if (h !== undefined) return h;
  }
  return null;
}

/** A whole number written as in a spreadsheet ("1,234", " 12 "); null when empty; NaN when not a whole number ≥ 0. */
export function parseCount(raw: string | undefined): number | null {
  const s = (raw ?? '').trim().replace(/,/g, '');
  if (s === '') return null;
  return /^\d{1,9}$/.test(s) ? Number(s) : Number.NaN;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A calendar day as { y, m, d } from 2026-03-05, 3/5/2026 (US order) or "Thursday, March 5, 2026"; null when not a day that exists. */
export function parseDay(raw: string): { y: number; m: number; d: number } | null {
  const s = raw.trim();
  let y: number;
  let m: number;
  let d: number;
  let match: RegExpMatchArray | null;
  if ((match = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = s.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/))) [y, m, d] = [Number(match[3]), Number(match[1]), Number(match[2])];
  else if ((match = s.match(/^(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/))) {
    const month = MONTHS.findIndex((n) => n.startsWith(match![1].toLowerCase()) && match![1].length >= 3);
    if (month < 0) return null;
    [y, m, d] = [Number(match[3]), month + 1, Number(match[2])];
  } else return null;
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d ? { y, m, d } : null;
}

/** A time of day as minutes after midnight from "10:00am", "10:00 AM", "2pm", "14:30"; null when not a time that exists. */
export function parseClock(raw: string): number | null {
  const match = raw.trim().toLowerCase().match(/^(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?$/);
  if (!match) return null;
  let h = Number(match[1]);
  const min = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3]?.replace(/\./g, '');
  if (match[2] === undefined && !half) return null;
  if (min > 59) return null;
  if (half) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half === 'pm' ? 12 : 0);
  } else if (h > 23) return null;
  return h * 60 + min;
}

const ALL_DAY = /^all[ -]day( event)?$/i;

/** Whether a cell says an event lasts all day ("All Day Event", "All day"). */
export const isAllDay = (raw: string): boolean => ALL_DAY.test(raw.trim());

/**
 * A cell holding a day and a time ("2026-06-24 10:30:00", "6/24/2026 10:30 AM",
 * "June 24, 2026 10:30am"), split into the two; a cell with only a time gives
 * `{ day: null }`, a day alone `{ time: 'all day' }`. Neither part is checked:
 * read them with parseDay and parseClock.
 */
export function splitStamp(raw: string): { day: string | null; time: string } {
  const s = raw.trim();
  const m = s.match(/^(.*?\d)(?:\s*,\s*|\s+|T)(\d{1,2}(?::\d{2}){0,2}(?:\.\d+)?\s*(?:am|pm|a\.m\.|p\.m\.)?|all[ -]day(?: event)?)$/i);
  if (m) return { day: m[1], time: m[2].replace(/\.\d+$/, '') };
  if (!s || parseClock(s) !== null || ALL_DAY.test(s)) return { day: null, time: s };
  return parseDay(s) ? { day: s, time: 'all day' } : { day: s, time: '' };
}

/**
 * An instant from a cell: ISO 8601 with its offset ("2025-03-04T10:15:00Z",
 * "2025-03-04T10:15:00-08:00"), or a day with a time, or a day alone
 * (midnight), read as wall-clock time in `zone`. Null when it is not one.
 */
export function parseInstant(raw: string, zone: string): Date | null {
  const s = raw.trim();
  const iso = s.match(/^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})$/i);
  if (iso) {
    const at = new Date(s);
    return parseDay(iso[1]) && !Number.isNaN(at.getTime()) ? at : null;
  }
  const { day: dayRaw, time } = splitStamp(s);
  const day = dayRaw === null ? null : parseDay(dayRaw);
  const minutes = time === 'all day' ? 0 : parseClock(time);
  return day && minutes !== null ? wallClockInstant(day, minutes, zone) : null;
}

/** Whether a time zone name is one the runtime knows (IANA, e.g. America/Los_Angeles). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in minutes. */
function zoneOffset(instant: number, zone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant at which a wall-clock time occurs in a time zone (the earlier one when clocks go back; shifted forward across a gap). */
export function wallClockInstant(day: { y: number; m: number; d: number }, minutes: number, zone: string): Date {
  const naive = Date.UTC(day.y, day.m - 1, day.d) + minutes * 60_000;
  let guess = naive - zoneOffset(naive, zone) * 60_000;
  guess = naive - zoneOffset(guess, zone) * 60_000;
  return new Date(guess);
}
