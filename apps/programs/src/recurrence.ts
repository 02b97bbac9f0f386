import { Frequency, RRule } from 'rrule';
import { type InputCheck, UserErrorCode } from '@ceg/conventions';

/**
 * Session series (RFC 5545 recurrence rules) expanded into occurrences, with
 * no GraphQL and no database in it. A rule repeats wall-clock times in the
 * series' time zone ("every Tuesday at 10:30 in America/Los_Angeles" stays at
 * 10:30 across daylight-saving changes): the rule is expanded on floating
 * local times (rrule's own advice) and each occurrence is then placed in the
 * zone.
 */

/** Occurrences one series may have; more is an INVALID user error. */
export const MAX_OCCURRENCES = 500;
/** A series spans at most this many days from its first occurrence. */
export const MAX_SERIES_DAYS = 5 * 366;

const DAY_MS = 86_400_000;
const ALLOWED_FREQUENCIES = new Set([Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY]);
const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export const isTimeZone = (tz: string) => TIME_ZONES.has(tz);

/** The wall-clock time of an instant in a zone, as a "floating" Date whose UTC fields are that wall-clock time. */
export function toFloating(instant: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(instant);
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'), instant.getUTCMilliseconds()));
}

/** The instant at which a zone's clocks show a floating wall-clock time (a time skipped by DST moves forward by the gap). */
export function fromFloating(floating: Date, timeZone: string): Date {
  const offsetAt = (instant: Date) => toFloating(instant, timeZone).getTime() - instant.getTime();
  const guess = new Date(floating.getTime() - offsetAt(floating));
  const settled = new Date(floating.getTime() - offsetAt(guess));
  return settled;
}

/** A calendar date (YYYY-MM-DD) of an instant in a zone. */
export const localDate = (instant: Date, timeZone: string) => toFloating(instant, timeZone).toISOString().slice(0, 10);

export interface SeriesRule {
  /** The RRULE value, e.g. "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270526T000000Z" (an "RRULE:" prefix is accepted). */
  recurrence: string;
  timeZone: string;
  /** Start and end of the first occurrence. */
  startsAt: Date;
  endsAt: Date;
}

export interface Occurrence {
  /** The occurrence as the rule generates it (RECURRENCE-ID): stays the same when the occurrence is moved. */
  recurrenceId: Date;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Normalises and checks a recurrence rule; on error records a user error on
 * `field` and returns null. Only DAILY, WEEKLY, MONTHLY and YEARLY rules that
 * end (COUNT or UNTIL) are accepted: a rule is one line, without DTSTART
 * (the first occurrence's start is given apart).
 */
export function parseRecurrence(check: InputCheck, field: string, value: string): string | null {
  const text = value.trim().replace(/^RRULE:/i, '');
  if (!text || text.length > 500 || /[\r\n]/.test(text)) {
    check.fail(field, UserErrorCode.INVALID, 'recurrence must be one RRULE line of at most 500 characters, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10');
    return null;
  }
  if (/(^|;)\s*(DTSTART|TZID)\s*[=:]/i.test(text)) {
    check.fail(field, UserErrorCode.INVALID, 'recurrence must not carry DTSTART or TZID: give startsAt and timeZone instead');
    return null;
  }
  let options;
  try {
    options = RRule.parseString(text);
  } catch {
    options = null;
  }
  const malformed = (v: unknown) => v === undefined || (typeof v === 'number' && !Number.isFinite(v));
  if (options && Object.values(options).some((v) => malformed(v) || (Array.isArray(v) && v.some(malformed)))) options = null;
  if (!options || options.freq === undefined || !ALLOWED_FREQUENCIES.has(options.freq)) {
    check.fail(field, UserErrorCode.INVALID, 'recurrence is not an RFC 5545 RRULE with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY');
    return null;
  }
  if (!options.count && !options.until) {
    check.fail(field, UserErrorCode.REQUIRED, `recurrence must end: add COUNT (at most ${MAX_OCCURRENCES}) or UNTIL`);
    return null;
  }
  if (options.count && options.count > MAX_OCCURRENCES) {
    check.fail(field, UserErrorCode.INVALID, `a series has at most ${MAX_OCCURRENCES} occurrences`);
    return null;
  }
  try {
    return RRule.optionsToString(options).replace(/^RRULE:/, '');
  } catch {
    check.fail(field, UserErrorCode.INVALID, 'recurrence is not an RFC 5545 RRULE');
    return null;
  }
}

/**
 * Every occurrence of a checked rule, first to last, without the excepted
 * dates (calendar dates in the series' zone). Records INVALID on `field`
 * beyond MAX_OCCURRENCES or MAX_SERIES_DAYS, or when nothing is left.
 */
export function expandRule(check: InputCheck, field: string, rule: SeriesRule): Occurrence[] {
  const options = RRule.parseString(rule.recurrence);
  const dtstart = toFloating(rule.startsAt, rule.timeZone);
  const horizon = new Date(dtstart.getTime() + MAX_SERIES_DAYS * DAY_MS);
  // UNTIL is an instant (UTC); the rule runs on floating times.
  const until = options.until ? toFloating(options.until, rule.timeZone) : null;
  const floating: Date[] = [];
  let beyondHorizon = false;
  try {
    new RRule({ ...options, dtstart, until }).all((d, i) => {
      if (d.getTime() > horizon.getTime()) {
        beyondHorizon = true;
        return false;
      }
      floating.push(d);
      return i < MAX_OCCURRENCES;
    });
  } catch {
    // rrule refuses some combinations of parts only when it expands them.
    check.fail(field, UserErrorCode.INVALID, 'recurrence is not an RFC 5545 RRULE this service can expand');
    return [];
  }
  if (floating.length > MAX_OCCURRENCES) {
    check.fail(field, UserErrorCode.INVALID, `the rule gives more than ${MAX_OCCURRENCES} occurrences; a series has at most ${MAX_OCCURRENCES} (shorten UNTIL or set COUNT)`);
    return [];
  }
  if (beyondHorizon) {
    check.fail(field, UserErrorCode.INVALID, `a series spans at most ${MAX_SERIES_DAYS} days from its first occurrence`);
    return [];
  }
  const duration = rule.endsAt.getTime() - rule.startsAt.getTime();
  return floating.map((f) => {
    const startsAt = fromFloating(f, rule.timeZone);
    return { recurrenceId: startsAt, startsAt, endsAt: new Date(startsAt.getTime() + duration) };
  });
}
