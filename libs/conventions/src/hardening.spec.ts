import { Kind } from 'graphql';
import { CURRENCIES, DateScalar, DateTimeScalar, InputCheck, isCalendarDay } from './index';

const check = () => new InputCheck();
const codes = (c: InputCheck) => c.errors.map((e) => e.code);

describe('RULES.md §4: every string is valid Unicode', () => {
  test.each([
    ['a lone high surrogate', 'Broken \uD800 subject'],
    ['a lone low surrogate', 'Broken \uDC00 subject'],
    ['a low surrogate before a high one', '\uDC00\uD800'],
  ])('%s in text is INVALID', (_name, value) => {
    const c = check();
    expect(c.text('subject', value, { required: true, max: 200 })).toBeNull();
    expect(codes(c)).toEqual(['INVALID']);
  });

  test('a surrogate pair (an emoji) is fine and counts as one character', () => {
    const c = check();
    expect(c.text('subject', '📚'.repeat(3), { required: true, max: 3 })).toBe('📚📚📚');
    expect(c.ok).toBe(true);
  });

  test('regression: a lone surrogate in an email is INVALID, not a URIError from the validator', () => {
    const c = check();
    expect(() => c.email('contact', 'reader\uD800@example.org')).not.toThrow();
    expect(codes(c)).toEqual(['INVALID']);
    const d = check();
    expect(() => d.url('website', 'https://example.org/\uDFFF')).not.toThrow();
    expect(codes(d)).toEqual(['INVALID']);
  });
});

describe('RULES.md §4: text that looks empty is empty', () => {
  test.each([
    ['zero-width space, non-joiner and joiner', '\u200B\u200C\u200D'],
    ['word joiner and BOM', '\u2060\uFEFF'],
    ['soft hyphens', '\u00AD\u00AD'],
    ['Hangul filler', '\u3164'],
    ['braille blank', '\u2800\u2800'],
    ['variation selector between spaces', ' \uFE0F '],
  ])('%s only: INVALID', (_name, value) => {
    const c = check();
    expect(c.text('subject', value, { required: true, max: 200 })).toBeNull();
    expect(codes(c)).toEqual(['INVALID']);
    expect(c.errors[0].message).toMatch(/invisible/);
  });

  test('visible text with a zero-width joiner inside (an emoji sequence) is kept', () => {
    const c = check();
    expect(c.text('subject', 'Family 👩\u200D👩\u200D👧 day', { required: true, max: 200 })).toBe('Family 👩\u200D👩\u200D👧 day');
    expect(c.ok).toBe(true);
  });
});

describe('RULES.md §4: bidirectional overrides are rejected', () => {
  test.each(['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'])('U+%s', (ch) => {
    const c = check();
    expect(c.text('subject', `Late fee ${ch}txe.exe`, { required: true, max: 200 })).toBeNull();
    expect(codes(c)).toEqual(['INVALID']);
  });

  test('right-to-left text and the plain marks (LRM, RLM) are fine', () => {
    const c = check();
    expect(c.text('subject', 'שלום \u200Fעולם\u200E مرحبا', { required: true, max: 200 })).not.toBeNull();
    expect(c.ok).toBe(true);
  });
});

describe('RULES.md §4: dates and times exist on the calendar', () => {
  test('isCalendarDay', () => {
    expect(isCalendarDay(2026, 2, 28)).toBe(true);
    expect(isCalendarDay(2024, 2, 29)).toBe(true);
    expect(isCalendarDay(2026, 2, 29)).toBe(false);
    expect(isCalendarDay(2026, 2, 30)).toBe(false);
    expect(isCalendarDay(2026, 4, 31)).toBe(false);
    expect(isCalendarDay(2026, 13, 1)).toBe(false);
    expect(isCalendarDay(2026, 0, 1)).toBe(false);
    expect(isCalendarDay(1900, 2, 29)).toBe(false);
    expect(isCalendarDay(2000, 2, 29)).toBe(true);
  });

  test.each([
    '2026-02-30T10:00:00Z', // regression: stored as March 2
    '2026-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T23:60:00Z',
    '2026-03-01T23:59:60Z',
    '2026-03-01T10:00:00+24:00',
    '2026-03-01T10:00:00+05:60',
  ])('DateTime %s is refused, as a variable and as a literal', (value) => {
    expect(() => DateTimeScalar.parseValue(value)).toThrow(TypeError);
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value })).toThrow(TypeError);
  });

  test.each(['2026-03-01T10:00:00Z', '2024-02-29T23:59:59.999Z', '2026-03-01T10:00+05:30', '2026-12-31T00:00:00-08:00'])('DateTime %s is accepted', (value) => {
    expect(DateTimeScalar.parseValue(value)).toEqual(new Date(value));
  });

  test.each(['2026-02-30', '2026-02-29', '2026-00-10', '2026-1-01'])('Date %s is refused (scalar and InputCheck)', (value) => {
    expect(() => DateScalar.parseValue(value)).toThrow(TypeError);
    const c = check();
    expect(c.date('day', value)).toBeNull();
    expect(codes(c)).toEqual(['INVALID']);
  });
});

describe('RULES.md §4: currencies are real ISO-4217 codes', () => {
  test.each(['USD', 'eur', 'CAD', 'MXN', 'JPY'])('%s is accepted', (currency) => {
    const c = check();
    expect(c.money('amount', { amount: '10.00', currency })).toEqual({ amount: '10.00', currency: currency.toUpperCase() });
  });

  test.each(['ABC', 'XYZ', 'QQQ', 'US', 'USDD', 'U$D'])('%s is INVALID', (currency) => {
    const c = check();
    expect(c.money('amount', { amount: '10.00', currency })).toBeNull();
    expect(c.errors).toEqual([expect.objectContaining({ field: ['input', 'amount', 'currency'], code: 'INVALID' })]);
  });

  test('the list is the maintained one that ships with Node (ICU), not a hand-written one', () => {
    expect(CURRENCIES.size).toBeGreaterThan(150);
    expect(CURRENCIES.has('USD')).toBe(true);
  });
});
