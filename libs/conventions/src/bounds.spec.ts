import { checkAggregateSpan, checkGroupBy, filterIds, MAX_AGGREGATE_DAYS, MAX_DAY_BUCKET_DAYS, NO_MATCH, orNoMatch, spanDays } from './bounds';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as { extensions?: { code?: string; argumentName?: string } }).extensions;
  }
};

describe('aggregate bounds', () => {
  test('the range: 10 years (with their leap days), 1 year with DAY buckets', () => {
    const tenYears = spanDays(new Date('2015-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    expect(tenYears).toBe(MAX_AGGREGATE_DAYS);
    expect(code(() => checkAggregateSpan(tenYears, { argumentName: 'from' }))).toBe('OK');
    expect(code(() => checkAggregateSpan(tenYears + 1, { argumentName: 'from' }))).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    expect(code(() => checkAggregateSpan(MAX_DAY_BUCKET_DAYS, { dayBuckets: true, argumentName: 'from' }))).toBe('OK');
    expect(code(() => checkAggregateSpan(MAX_DAY_BUCKET_DAYS + 1, { argumentName: 'from' }))).toBe('OK');
    expect(code(() => checkAggregateSpan(MAX_DAY_BUCKET_DAYS + 1, { dayBuckets: true, argumentName: 'from', dayArgumentName: 'interval' })))
      .toEqual({ code: 'BAD_USER_INPUT', argumentName: 'interval' });
    expect(() => checkAggregateSpan(4000, { argumentName: 'from' })).toThrow(/at most 10 years/);
    expect(() => checkAggregateSpan(400, { dayBuckets: true, argumentName: 'from' })).toThrow(/1 year with DAY buckets/);
  });

  test('id lists: at most 100, an empty one matches nothing', () => {
    expect(filterIds(['a'], 'branchIds')).toEqual(['a']);
    expect(filterIds([], 'branchIds')).toEqual([NO_MATCH]);
    expect(code(() => filterIds(Array.from({ length: 101 }, (_, i) => `b${i}`), 'branchIds'))).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'filter.branchIds' });
    expect(orNoMatch([])).toEqual([NO_MATCH]);
    expect(orNoMatch(['X'])).toEqual(['X']);
  });

  test('groupBy: at most 3 dimensions', () => {
    expect(code(() => checkGroupBy([1, 2, 3]))).toBe('OK');
    expect(code(() => checkGroupBy([1, 2, 3, 4]))).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'groupBy' });
  });
});
