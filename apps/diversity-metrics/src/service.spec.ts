import { aggregatePeriod, profileId } from './service';

const code = (f: () => unknown) => {
  try {
    f();
    return 'OK';
  } catch (e) {
    return (e as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('aggregatePeriod', () => {
  test('dates both inclusive, up to 10 years', () => {
    expect(aggregatePeriod('2025-01-01', '2025-01-01')).toEqual({ from: '2025-01-01', to: '2025-01-01' });
    expect(code(() => aggregatePeriod('2015-01-01', '2024-12-31'))).toBe('OK');
    expect(code(() => aggregatePeriod('2015-01-01', '2025-01-02'))).toBe('BAD_USER_INPUT');
  });

  test('to before from, or outside 1900-2100, is BAD_USER_INPUT', () => {
    expect(code(() => aggregatePeriod('2025-02-01', '2025-01-31'))).toBe('BAD_USER_INPUT');
    expect(code(() => aggregatePeriod('1899-12-31', '1900-01-05'))).toBe('BAD_USER_INPUT');
    expect(code(() => aggregatePeriod('2100-12-01', '2101-01-01'))).toBe('BAD_USER_INPUT');
  });
});

describe('profileId', () => {
  test('follows from branch and year, so replacing a profile keeps its id', () => {
    expect(profileId('b1', 2023)).toBe(profileId('b1', 2023));
    expect(profileId('b1', 2023)).not.toBe(profileId('b1', 2021));
    expect(profileId('b1', 2023)).not.toBe(profileId('b2', 2023));
    expect(profileId('b1', 2023)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
