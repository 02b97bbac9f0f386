import { GraphQLScalarType, Kind } from 'graphql';

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toInstant(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string') {
    // Database drivers hand back "YYYY-MM-DD HH:MM:SS[.fff]" in UTC.
    const s = /^\d{4}-\d{2}-\d{2} \d/.test(value) && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
    const d = new Date(s);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new TypeError('DateTime must be an ISO-8601 instant such as 2026-03-01T17:00:00Z');
}

/** True when year-month-day is a day of the (proleptic Gregorian) calendar: no 2026-02-30, no month 13. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return month >= 1 && month <= 12 && day >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function parseInstant(value: unknown): Date {
  const m = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (!m) {
    throw new TypeError('DateTime must be an ISO-8601 instant with a time zone, such as 2026-03-01T17:00:00Z');
  }
  // Every part must exist: JavaScript's Date would quietly roll 2026-02-30 over to March 2, and 24:00 to the next day.
  const [hour, minute, second, offH, offM] = [m[4], m[5], m[6] ?? '0', m[7] ?? '0', m[8] ?? '0'].map(Number);
  if (!isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) || hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) {
    throw new TypeError(`Invalid DateTime: ${value} is not a time on the calendar`);
  }
  const d = new Date(value as string);
  if (Number.isNaN(d.getTime())) throw new TypeError(`Invalid DateTime: ${value}`);
  return d;
}

/** ISO-8601 instant, always returned in UTC with milliseconds. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 instant, always returned in UTC: 2026-03-01T17:00:00.000Z',
  serialize: (value) => toInstant(value).toISOString(),
  parseValue: parseInstant,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be a string');
    return parseInstant(ast.value);
  },
});

/** Checks a calendar date "YYYY-MM-DD" and returns it unchanged (dates travel as strings). */
export function parseCalendarDate(value: unknown): string {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (m && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return value as string;
  throw new TypeError('Date must be an ISO-8601 calendar date such as 2026-03-01');
}

/** ISO-8601 calendar date, carried as a "YYYY-MM-DD" string. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'ISO-8601 calendar date: 2026-03-01',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string') return parseCalendarDate(value.slice(0, 10));
    throw new TypeError('Date must be a calendar date');
  },
  parseValue: parseCalendarDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Date must be a string');
    return parseCalendarDate(ast.value);
  },
});
