import { parseClock, parseCount, parseDay, parseInstant, readCsv, splitStamp, wallClockInstant } from './csv-import';

describe('reading imported CSV', () => {
  it('numbers rows by the file line they start on, across quoted newlines, CRLF and a BOM', () => {
    const { table, problems } = readCsv('\uFEFFa,b\r\n1,"x\r\ny"\r\n\r\n2,z\r\n', { lineOffset: 10 });
    expect(problems).toEqual([]);
    expect(table!.rows.map((r) => [r.line, r.cells])).toEqual([[12, { a: '1', b: 'x\ny' }], [15, { a: '2', b: 'z' }]]);
  });

  it('reports an unclosed quote, a repeated header and a row longer than the header', () => {
    expect(readCsv('a,b\n1,"x\n').problems[0].message).toMatch(/Not readable as CSV/);
    expect(readCsv('a,a\n1,2\n').problems).toEqual([expect.objectContaining({ line: 1, column: 'a' })]);
    expect(readCsv('a,b\n1,2,3\n').problems).toEqual([expect.objectContaining({ line: 2 })]);
  });

  it('accepts only days and times that exist', () => {
    expect(parseDay('2025-03-04')).toEqual({ y: 2025, m: 3, d: 4 });
    expect(parseDay('3/4/2025')).toEqual({ y: 2025, m: 3, d: 4 });
    expect(parseDay('Tuesday, March 4, 2025')).toEqual({ y: 2025, m: 3, d: 4 });
    for (const bad of ['2025-02-30', '2024-13-01', '13/1/2025', 'Marsh 4, 2025', '', 'soon']) expect(parseDay(bad)).toBeNull();
    expect(parseDay('2024-02-29')).not.toBeNull();
    expect([parseClock('12:00am'), parseClock('12:30 PM'), parseClock('2pm'), parseClock('14:05'), parseClock('9:15 a.m.')]).toEqual([0, 750, 840, 845, 555]);
    for (const bad of ['13:00pm', '24:00', '10:60', '10', 'noon']) expect(parseClock(bad)).toBeNull();
    expect([parseCount(' 1,234 '), parseCount(''), parseCount('-1'), parseCount('2.5')]).toEqual([1234, null, Number.NaN, Number.NaN]);
  });

  it('reads wall-clock times in the library\'s time zone, across daylight saving changes', () => {
    const zone = 'America/Los_Angeles';
    expect(wallClockInstant({ y: 2025, m: 3, d: 8 }, 10 * 60, zone).toISOString()).toBe('2025-03-08T18:00:00.000Z');
    expect(wallClockInstant({ y: 2025, m: 3, d: 9 }, 10 * 60, zone).toISOString()).toBe('2025-03-09T17:00:00.000Z');
    expect(wallClockInstant({ y: 2025, m: 11, d: 2 }, 0, zone).toISOString()).toBe('2025-11-02T07:00:00.000Z');
    expect(wallClockInstant({ y: 2025, m: 7, d: 1 }, 9 * 60, 'UTC').toISOString()).toBe('2025-07-01T09:00:00.000Z');
  });

  it('splits cells with a day and a time, and reads instants with an offset or in the library\'s zone', () => {
    expect(splitStamp('2026-06-24 10:30:00')).toEqual({ day: '2026-06-24', time: '10:30:00' });
    expect(splitStamp('6/24/2026 2:00 PM')).toEqual({ day: '6/24/2026', time: '2:00 PM' });
    expect(splitStamp('June 24, 2026 10:30am')).toEqual({ day: 'June 24, 2026', time: '10:30am' });
    expect(splitStamp('10:30 AM')).toEqual({ day: null, time: '10:30 AM' });
    expect(splitStamp('2026-06-24')).toEqual({ day: '2026-06-24', time: 'all day' });
    const zone = 'America/Los_Angeles';
    expect(parseInstant('2025-03-04T10:15:00Z', zone)?.toISOString()).toBe('2025-03-04T10:15:00.000Z');
    expect(parseInstant('2025-03-04T10:15:00-05:00', zone)?.toISOString()).toBe('2025-03-04T15:15:00.000Z');
    expect(parseInstant('2025-03-04 10:15', zone)?.toISOString()).toBe('2025-03-04T18:15:00.000Z');
    expect(parseInstant('3/4/2025', zone)?.toISOString()).toBe('2025-03-04T08:00:00.000Z');
    for (const bad of ['2025-02-30T10:00:00Z', '2025-02-30 10:00', '2025-03-04 25:00', 'yesterday', '']) expect(parseInstant(bad, zone)).toBeNull();
  });
});
