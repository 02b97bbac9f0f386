import { checkFirst, decodeCursor, encodeCursor, toConnection } from './connections';
import { DateScalar, DateTimeScalar } from './scalars';
import { InputCheck } from './validation';

describe('InputCheck', () => {
  test('trims strings and names the field of each problem', () => {
    const c = new InputCheck();
    expect(c.text('subject', '  Hello  ', { required: true, max: 200 })).toBe('Hello');
    expect(c.text('subject', '', { required: true, max: 200 })).toBeNull();
    expect(c.text('body', 'x'.repeat(5001), { required: true, max: 5000, multiline: true })).toBeNull();
    expect(c.errors).toEqual([
      { field: ['input', 'subject'], code: 'REQUIRED', message: expect.any(String) },
      { field: ['input', 'body'], code: 'TOO_LONG', message: expect.any(String) },
    ]);
  });

  test('control characters other than newline and tab are rejected; CRLF becomes LF', () => {
    const c = new InputCheck();
    expect(c.text('body', 'line one\r\nline\ttwo', { max: 100, multiline: true })).toBe('line one\nline\ttwo');
    expect(c.ok).toBe(true);
    expect(c.text('body', 'bell\u0007', { max: 100, multiline: true })).toBeNull();
    expect(c.text('title', 'two\nlines', { max: 100 })).toBeNull();
    expect(c.errors.map((e) => e.code)).toEqual(['INVALID', 'INVALID']);
  });

  test('length counts characters, not UTF-16 units', () => {
    const c = new InputCheck();
    expect(c.text('t', '📚'.repeat(10), { max: 10 })).toBe('📚'.repeat(10));
    expect(c.ok).toBe(true);
  });

  test('ints, ranges, emails, URLs, dates, tags and money', () => {
    const c = new InputCheck();
    expect(c.int('rating', 5, { min: 1, max: 5 })).toBe(5);
    expect(c.int('rating', 6, { min: 1, max: 5 })).toBeNull();
    expect(c.int('rating', 2.5, { min: 1, max: 5 })).toBeNull();
    expect(c.email('email', 'reader@example.org')).toBe('reader@example.org');
    expect(c.email('email', 'not-an-email')).toBeNull();
    expect(c.url('website', 'https://library.example.org/about')).toBe('https://library.example.org/about');
    expect(c.url('website', 'javascript:alert(1)')).toBeNull();
    expect(c.date('on', '2024-02-29')).toBe('2024-02-29');
    expect(c.date('on', '2023-02-29')).toBeNull();
    expect(c.date('on', '2101-01-01')).toBeNull();
    expect(c.share('share', 1)).toBe(1);
    expect(c.share('share', 1.01)).toBeNull();
    expect(c.tags('tags', ['a', ' a ', 'b'])).toEqual(['a', 'b']);
    expect(c.tags('tags', Array.from({ length: 11 }, (_, i) => `t${i}`))).toEqual([]);
    expect(c.tags('tags', ['x'.repeat(41)])).toEqual([]);
    expect(c.money('value', { amount: '1250.5', currency: 'usd' })).toEqual({ amount: '1250.50', currency: 'USD' });
    expect(c.money('value', { amount: '1.234', currency: 'USD' })).toBeNull();
    expect(c.money('value', { amount: '10', currency: 'DOLLARS' })).toBeNull();
    expect(c.errors.map((e) => e.field!.join('.'))).toEqual([
      'input.rating', 'input.rating', 'input.email', 'input.website', 'input.on', 'input.on', 'input.share',
      'input.tags', 'input.tags.0', 'input.value.amount', 'input.value.currency',
    ]);
  });
});

describe('connections', () => {
  test('first must be 1..100', () => {
    expect(checkFirst(undefined)).toBe(20);
    expect(checkFirst(1)).toBe(1);
    expect(checkFirst(100)).toBe(100);
    for (const bad of [0, 101, -5, 1.5]) expect(() => checkFirst(bad)).toThrow(/between 1 and 100/);
  });

  test('cursors are opaque and checked', () => {
    const c = encodeCursor(['2026-01-01T00:00:00.000Z', 'id-1']);
    expect(c).not.toContain('id-1');
    expect(decodeCursor(c, 2)).toEqual(['2026-01-01T00:00:00.000Z', 'id-1']);
    expect(() => decodeCursor(c, 1)).toThrow();
    expect(() => decodeCursor('garbage!', 2)).toThrow();
    expect(decodeCursor(null, 2)).toBeNull();
  });

  test('a page fetched with first + 1 rows knows whether there is a next page; totalCount runs only when read', async () => {
    const count = jest.fn(async () => 42);
    const conn = toConnection([1, 2, 3], 2, (n) => `c${n}`, count);
    expect(conn.nodes).toEqual([1, 2]);
    expect(conn.pageInfo).toMatchObject({ hasNextPage: true, startCursor: 'c1', endCursor: 'c2' });
    expect(count).not.toHaveBeenCalled();
    expect(await conn.totalCount).toBe(42);
    expect(await conn.totalCount).toBe(42);
    expect(count).toHaveBeenCalledTimes(1);
  });
});

describe('scalars', () => {
  test('DateTime is always UTC with milliseconds', () => {
    expect(DateTimeScalar.serialize(new Date('2026-03-01T18:00:00+01:00'))).toBe('2026-03-01T17:00:00.000Z');
    expect(DateTimeScalar.serialize('2026-03-01 17:00:00.000')).toBe('2026-03-01T17:00:00.000Z');
    expect(() => DateTimeScalar.parseValue('2026-03-01')).toThrow();
    expect((DateTimeScalar.parseValue('2026-03-01T17:00:00Z') as Date).toISOString()).toBe('2026-03-01T17:00:00.000Z');
  });

  test('Date is a calendar date', () => {
    expect(DateScalar.parseValue('2026-03-01')).toBe('2026-03-01');
    expect(() => DateScalar.parseValue('2026-13-01')).toThrow();
    expect(DateScalar.serialize(new Date('2026-03-01T00:00:00Z'))).toBe('2026-03-01');
  });
});
