import 'reflect-metadata';
import { attendanceScale, demoRows } from './seed';

const NOW = new Date('2026-12-03T12:00:00Z');

describe('demo programs', () => {
  const rows = demoRows(NOW);

  test('the same clock gives the same data', () => {
    const again = demoRows(NOW);
    expect(again.sessions.length).toBe(rows.sessions.length);
    expect(again.registrations.slice(0, 50)).toEqual(rows.registrations.slice(0, 50));
    expect(again.sessions.at(-1)).toEqual(rows.sessions.at(-1));
  });

  test('two full past years and the current one, and a season ahead', () => {
    const years = new Set(rows.sessions.map((s) => s.startsAt.getUTCFullYear()));
    expect([...years].sort()).toEqual([2024, 2025, 2026, 2027]);
    const first = Math.min(...rows.sessions.map((s) => s.startsAt.getTime()));
    expect(new Date(first).toISOString() < '2024-01-15').toBe(true);
  });

  test('nobody registers after now; only sessions ahead are still scheduled', () => {
    expect(rows.registrations.filter((r) => r.registeredAt > NOW)).toEqual([]);
    expect(rows.sessions.filter((s) => s.startsAt < NOW && s.status === 'SCHEDULED')).toEqual([]);
    expect(rows.sessions.filter((s) => s.startsAt > NOW && s.attendance !== null)).toEqual([]);
  });

  test('attendance grows with the service population, less than proportionally', () => {
    expect(attendanceScale(2_900)).toBeLessThan(attendanceScale(25_000));
    expect(attendanceScale(25_000)).toBe(1);
    expect(attendanceScale(98_500)).toBeGreaterThan(1.5);
    expect(attendanceScale(98_500) / attendanceScale(2_900)).toBeLessThan(98_500 / 2_900);
  });
});
