import type { Role, Viewer } from '@ceg/auth';
import { ANONYMOUS } from '@ceg/auth';
import { aggregateScope, canManagePartnership, canReadPartnership, canSeeContributions, canTransition, partnershipScopeSql } from './policy';

const viewer = (role: Role, branchIds: string[] = []): Viewer => ({ sub: `t-${role}`, roles: new Set([role]), branchIds, name: null });

describe('partners visibility policy', () => {
  it('shows ACTIVE partnerships to everyone and the others to STAFF, ANALYST and ADMIN', () => {
    for (const v of [ANONYMOUS, viewer('PATRON')]) {
      expect(canReadPartnership(v, { status: 'ACTIVE' })).toBe(true);
      expect(canReadPartnership(v, { status: 'PROPOSED' })).toBe(false);
      expect(partnershipScopeSql(v, 'p')).toEqual({ sql: 'p.status = :vsPublicStatus', params: { vsPublicStatus: 'ACTIVE' } });
      expect(canSeeContributions(v)).toBe(false);
    }
    for (const v of [viewer('STAFF', ['b1']), viewer('ANALYST'), viewer('ADMIN')]) {
      expect(canReadPartnership(v, { status: 'ENDED' })).toBe(true);
      expect(partnershipScopeSql(v, 'p')).toBeNull();
      expect(canSeeContributions(v)).toBe(true);
    }
  });

  it('lets ADMIN and STAFF of an included branch manage a partnership', () => {
    expect(canManagePartnership(viewer('ADMIN'), ['b1'])).toBe(true);
    expect(canManagePartnership(viewer('STAFF', ['b1']), ['b2', 'b1'])).toBe(true);
    expect(canManagePartnership(viewer('STAFF', ['b3']), ['b2', 'b1'])).toBe(false);
    expect(canManagePartnership(viewer('ANALYST'), ['b1'])).toBe(false);
  });

  it('scopes aggregates and refuses PATRON and anonymous callers', () => {
    expect(aggregateScope(viewer('ANALYST'))).toBeNull();
    expect(aggregateScope(viewer('STAFF', ['b1']))).toEqual(['b1']);
    expect(() => aggregateScope(viewer('PATRON'))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
    expect(() => aggregateScope(ANONYMOUS)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
  });

  it('allows only the documented status transitions', () => {
    expect(canTransition('PROPOSED', 'ACTIVE')).toBe(true);
    expect(canTransition('PROPOSED', 'ON_HOLD')).toBe(false);
    expect(canTransition('ACTIVE', 'ON_HOLD')).toBe(true);
    expect(canTransition('ON_HOLD', 'ACTIVE')).toBe(true);
    expect(canTransition('ACTIVE', 'ACTIVE')).toBe(false);
    expect(canTransition('ENDED', 'ACTIVE')).toBe(false);
  });
});
