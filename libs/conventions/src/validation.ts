import isEmail from 'validator/lib/isEmail';
import isURL from 'validator/lib/isURL';
import { parseCalendarDate } from './scalars';
import { UserError, UserErrorCode, userError } from './types';

// Control characters other than tab and newline (RULES.md §4).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const DECIMAL = /^-?\d{1,13}(\.\d{1,2})?$/;
/** A UTF-16 surrogate without its partner: not a Unicode character (RULES.md §4). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Characters that show nothing: white space, default-ignorable code points
 * (zero-width space and joiners, word joiner, soft hyphen, BOM, variation
 * selectors, Hangul fillers, invisible operators …), other format characters,
 * and the blank braille pattern. Text made only of these looks empty.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\u2800]*$/u;
/** Bidirectional embeddings, overrides and isolates (LRE … RLO, LRI … PDI): they reorder what readers see ("Trojan Source"). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** ISO-4217 codes of the currencies in use, from the ICU data that ships with Node (kept current with each Node release). */
export const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const LIMITS = {
  subject: 200,
  body: 5000,
  title: 200,
  description: 10_000,
  tags: 10,
  tag: 40,
  shortText: 200,
  minYear: 1900,
  maxYear: 2100,
} as const;

type Path = string | (string | number)[];

interface TextOptions {
  required?: boolean;
  min?: number;
  max: number;
  /** Newlines and tabs are kept; otherwise they are refused too. */
  multiline?: boolean;
}

/**
 * Checks a mutation's input and collects `UserError`s that name the field.
 * Every check returns the cleaned value (trimmed strings), so that a service
 * validates everything first and writes only when `ok`.
 */
/** A validator's answer; a validator that throws (validator's isEmail throws URIError on some input) says no. */
function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

export class InputCheck {
  readonly errors: UserError[] = [];

  constructor(private readonly root: string[] = ['input']) {}

  get ok(): boolean {
    return this.errors.length === 0;
  }

  private path(field: Path): string[] {
    return [...this.root, ...(Array.isArray(field) ? field : [field]).map(String)];
  }

  fail(field: Path | null, code: UserErrorCode, message: string): void {
    this.errors.push(userError(field === null ? null : this.path(field), code, message));
  }

  text(field: Path, value: string | null | undefined, opts: TextOptions): string | null {
    const name = this.label(field);
    if (value === null || value === undefined) {
      if (opts.required) this.fail(field, UserErrorCode.REQUIRED, `${name} is required`);
      return null;
    }
    const s = value.replace(/\r\n?/g, '\n').trim();
    const min = opts.min ?? (opts.required ? 1 : 0);
    if (s.length === 0 && min > 0) {
      this.fail(field, UserErrorCode.REQUIRED, `${name} must not be empty`);
      return null;
    }
    if (LONE_SURROGATE.test(s)) {
      this.fail(field, UserErrorCode.INVALID, `${name} is not valid Unicode text`);
      return null;
    }
    if (s.length > 0 && INVISIBLE_ONLY.test(s)) {
      this.fail(field, UserErrorCode.INVALID, `${name} must not be empty: it has only invisible characters`);
      return null;
    }
    if (BIDI_CONTROL.test(s)) {
      this.fail(field, UserErrorCode.INVALID, `${name} contains bidirectional override or isolate characters`);
      return null;
    }
    if (CONTROL.test(s) || (!opts.multiline && /[\n\t]/.test(s))) {
      this.fail(field, UserErrorCode.INVALID, `${name} contains control characters`);
      return null;
    }
    if ([...s].length > opts.max) {
      this.fail(field, UserErrorCode.TOO_LONG, `${name} must be at most ${opts.max} characters`);
      return null;
    }
    if (s.length < min) {
      this.fail(field, UserErrorCode.INVALID, `${name} must be at least ${min} characters`);
      return null;
    }
    return s.length === 0 ? null : s;
  }

  int(field: Path, value: number | null | undefined, opts: { min?: number; max?: number; required?: boolean } = {}): number | null {
    const name = this.label(field);
    if (value === null || value === undefined) {
      if (opts.required) this.fail(field, UserErrorCode.REQUIRED, `${name} is required`);
      return null;
    }
    if (!Number.isInteger(value) || (opts.min !== undefined && value < opts.min) || (opts.max !== undefined && value > opts.max)) {
      const range = opts.max === undefined ? `at least ${opts.min}` : `between ${opts.min ?? '-∞'} and ${opts.max}`;
      this.fail(field, UserErrorCode.INVALID, `${name} must be a whole number ${range}`);
      return null;
    }
    return value;
  }

  number(field: Path, value: number | null | undefined, opts: { min?: number; max?: number } = {}): number | null {
    if (value === null || value === undefined) return null;
    if (!Number.isFinite(value) || (opts.min !== undefined && value < opts.min) || (opts.max !== undefined && value > opts.max)) {
      this.fail(field, UserErrorCode.INVALID, `${this.label(field)} must be between ${opts.min} and ${opts.max}`);
      return null;
    }
    return value;
  }

  /** A share: 0 to 1. */
  share(field: Path, value: number | null | undefined): number | null {
    return this.number(field, value, { min: 0, max: 1 });
  }

  email(field: Path, value: string | null | undefined): string | null {
    const s = this.text(field, value, { max: 254 });
    if (s !== null && !safely(() => isEmail(s))) {
      this.fail(field, UserErrorCode.INVALID, `${this.label(field)} is not a well-formed email address`);
      return null;
    }
    return s;
  }

  url(field: Path, value: string | null | undefined): string | null {
    const s = this.text(field, value, { max: 2000 });
    if (s !== null && !safely(() => isURL(s, { protocols: ['http', 'https'], require_protocol: true }))) {
      this.fail(field, UserErrorCode.INVALID, `${this.label(field)} is not a well-formed http(s) URL`);
      return null;
    }
    return s;
  }

  /** A calendar date within 1900–2100. */
  date(field: Path, value: string | null | undefined, opts: { required?: boolean } = {}): string | null {
    if (value === null || value === undefined) {
      if (opts.required) this.fail(field, UserErrorCode.REQUIRED, `${this.label(field)} is required`);
      return null;
    }
    try {
      parseCalendarDate(value);
    } catch {
      this.fail(field, UserErrorCode.INVALID, `${this.label(field)} must be a date such as 2026-03-01`);
      return null;
    }
    const year = Number(value.slice(0, 4));
    if (year < LIMITS.minYear || year > LIMITS.maxYear) {
      this.fail(field, UserErrorCode.INVALID, `${this.label(field)} must be between ${LIMITS.minYear} and ${LIMITS.maxYear}`);
      return null;
    }
    return value;
  }

  /** An instant within 1900–2100. */
  instant(field: Path, value: Date | null | undefined, opts: { required?: boolean } = {}): Date | null {
    if (value === null || value === undefined) {
      if (opts.required) this.fail(field, UserErrorCode.REQUIRED, `${this.label(field)} is required`);
      return null;
    }
    const year = value.getUTCFullYear();
    if (year < LIMITS.minYear || year > LIMITS.maxYear) {
      this.fail(field, UserErrorCode.INVALID, `${this.label(field)} must be between ${LIMITS.minYear} and ${LIMITS.maxYear}`);
      return null;
    }
    return value;
  }

  tags(field: Path, value: string[] | null | undefined): string[] {
    if (!value) return [];
    if (value.length > LIMITS.tags) {
      this.fail(field, UserErrorCode.INVALID, `at most ${LIMITS.tags} tags`);
      return [];
    }
    const out: string[] = [];
    value.forEach((tag, i) => {
      const t = this.text([...(Array.isArray(field) ? field : [field]), i], tag, { required: true, max: LIMITS.tag });
      if (t !== null && !out.includes(t)) out.push(t);
    });
    return out;
  }

  money(field: Path, value: { amount: string; currency: string } | null | undefined): { amount: string; currency: string } | null {
    if (!value) return null;
    const base = Array.isArray(field) ? field : [field];
    const amount = String(value.amount).trim();
    const currency = String(value.currency).trim().toUpperCase();
    let ok = true;
    if (!DECIMAL.test(amount)) {
      this.fail([...base, 'amount'], UserErrorCode.INVALID, 'amount must be a decimal string with at most 2 decimals, e.g. "1250.00"');
      ok = false;
    }
    if (!CURRENCIES.has(currency)) {
      this.fail([...base, 'currency'], UserErrorCode.INVALID, 'currency must be an ISO-4217 code of a currency in use, such as USD');
      ok = false;
    }
    return ok ? { amount: Number(amount).toFixed(2), currency } : null;
  }

  /** A stable code such as RVL-CEN: letters, digits and dashes, stored upper-case. */
  code(field: Path, value: string | null | undefined, max = 32): string | null {
    const s = this.text(field, value, { required: true, max });
    if (s === null) return null;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(s)) {
      this.fail(field, UserErrorCode.INVALID, `${this.label(field)} may contain only letters, digits, "-" and "_"`);
      return null;
    }
    return s.toUpperCase();
  }

  private label(field: Path): string {
    const parts = Array.isArray(field) ? field : [field];
    return String(parts.filter((p) => typeof p === 'string').at(-1) ?? 'value');
  }
}
