import { canTransition, TRANSITIONS, timestampsFor } from './workflow';

describe('feedback workflow', () => {
  it('allows exactly the contract transitions', () => {
    expect(canTransition('RECEIVED', 'ACKNOWLEDGED')).toBe(true);
    expect(canTransition('RECEIVED', 'RESOLVED')).toBe(false);
    expect(canTransition('RESOLVED', 'IN_PROGRESS')).toBe(true);
    expect(TRANSITIONS.DECLINED).toEqual([]);
  });

  it('sets acknowledgedAt once, resolvedAt on RESOLVED, and clears resolvedAt on reopen', () => {
    const t1 = new Date('2026-01-01T00:00:00Z');
    const t2 = new Date('2026-01-02T00:00:00Z');
    expect(timestampsFor({ acknowledgedAt: null, resolvedAt: null }, 'ACKNOWLEDGED', t1)).toEqual({ acknowledgedAt: t1, resolvedAt: null });
    expect(timestampsFor({ acknowledgedAt: t1, resolvedAt: null }, 'RESOLVED', t2)).toEqual({ acknowledgedAt: t1, resolvedAt: t2 });
    expect(timestampsFor({ acknowledgedAt: t1, resolvedAt: t2 }, 'IN_PROGRESS', t2)).toEqual({ acknowledgedAt: t1, resolvedAt: null });
    expect(timestampsFor({ acknowledgedAt: null, resolvedAt: null }, 'DECLINED', t1)).toEqual({ acknowledgedAt: null, resolvedAt: null });
  });
});
