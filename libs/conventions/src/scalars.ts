import { GraphQLScalarType, Kind } from 'graphql';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
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

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
    throw new TypeError('DateTime must be an ISO-8601 instant with a time zone, such as 2026-03-01T17:00:00Z');
  }
  const d = new Date(value);
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
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])) return value as string;
  }
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
