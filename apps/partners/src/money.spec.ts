import { asBigInt, formatCents, fromHundredths, toCents, toHundredths } from './money';

describe('money arithmetic', () => {
  it('parses decimal strings with up to two decimals into cents', () => {
    expect(toCents('1250')).toBe(125000n);
    expect(toCents('1250.5')).toBe(125050n);
    expect(toCents('0.07')).toBe(7n);
    expect(toCents('9999999999999.99')).toBe(999999999999999n);
    expect(toCents('-3.10')).toBe(-310n);
    expect(toCents('1.234')).toBeNull();
    expect(toCents('1e3')).toBeNull();
    expect(toCents('12,50')).toBeNull();
    expect(toCents('')).toBeNull();
  });

  it('formats cents exactly, also beyond double precision', () => {
    expect(formatCents(125050n)).toBe('1250.50');
    expect(formatCents(7n)).toBe('0.07');
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(-310n)).toBe('-3.10');
    expect(formatCents(123456789012345678n)).toBe('1234567890123456.78');
  });

  it('reads database integers from numbers, strings and MySQL decimal sums', () => {
    expect(asBigInt(42)).toBe(42n);
    expect(asBigInt('9007199254740993')).toBe(9007199254740993n);
    expect(asBigInt('125050.0000')).toBe(125050n);
    expect(asBigInt(null)).toBe(0n);
  });

  it('sums 0.10 + 0.20 exactly', () => {
    expect(formatCents(toCents('0.10')! + toCents('0.20')!)).toBe('0.30');
  });

  it('keeps hours in hundredths', () => {
    expect(toHundredths(2.5)).toBe(250);
    expect(toHundredths(0.01)).toBe(1);
    expect(toHundredths(1.005)).toBeNull();
    expect(fromHundredths('1234')).toBe(12.34);
  });
});
