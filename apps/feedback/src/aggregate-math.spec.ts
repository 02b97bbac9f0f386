import { addSums, aggregateRange, emptySums, measuresOf, sumsOf } from './aggregates';

describe('aggregate arithmetic', () => {
  it('sums groups into exact totals and averages', () => {
    const a = sumsOf({ n: 2, openN: 1, resolvedN: 1, declinedN: 0, ratingSum: 8, ratingN: 2, ackSum: 10, ackN: 2, resSum: 48, resN: 1 });
    const b = sumsOf({ n: '2', openN: '0', resolvedN: '1', declinedN: '1', ratingSum: '2', ratingN: '1', ackSum: null, ackN: 0, resSum: null, resN: 0 });
    const m = measuresOf(addSums(addSums(emptySums(), a), b));
    expect(m).toEqual({
      count: 4, openCount: 1, resolvedCount: 2, declinedCount: 1, averageRating: 3.333, averageHoursToAcknowledge: 5, averageHoursToResolve: 48, resolutionRate: 0.5,
    });
    expect(measuresOf(emptySums())).toMatchObject({ count: 0, averageRating: null, resolutionRate: null });
  });

  it('bounds the range: 10 years, 1 year for DAY buckets', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const r = aggregateRange(null, 10, now);
    expect(r.to.getTime() - r.from.getTime()).toBeLessThanOrEqual(10 * 366 * 86_400_000);
    expect(() => aggregateRange({ submittedFrom: new Date('2015-01-01T00:00:00Z') }, 10, now)).toThrow(/at most 10 years/);
    expect(() => aggregateRange({ submittedFrom: new Date('2025-01-01T00:00:00Z') }, 1, now)).toThrow(/1 year/);
    expect(() => aggregateRange({ submittedFrom: new Date('2026-02-01T00:00:00Z'), submittedTo: new Date('2026-01-01T00:00:00Z') }, 10, now)).toThrow();
  });
});
