import type { Role, Viewer } from '@ceg/auth';
import { aggregateBranches, aggregateScope, requireRole } from './authz';

const viewer = (roles: Role[], branchIds: string[] = [], sub: string | null = 'u1'): Viewer => ({ sub, roles: new Set(roles), branchIds, name: null });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('roles and aggregate scope', () => {
  test('requireRole: UNAUTHENTICATED when anonymous, FORBIDDEN without the role', () => {
    expect(codeOf(() => requireRole(viewer([], [], null), 'STAFF'))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireRole(viewer(['PATRON']), 'STAFF'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireRole(viewer(['STAFF']), 'STAFF', 'ADMIN'))).toBe('OK');
  });

  test('aggregateScope: every branch for ANALYST and ADMIN, their own for STAFF, nobody else', () => {
    expect(aggregateScope(viewer(['ADMIN']))).toBeNull();
    expect(aggregateScope(viewer(['ANALYST']))).toBeNull();
    expect(aggregateScope(viewer(['ANALYST', 'STAFF'], ['b1']))).toBeNull();
    expect(aggregateScope(viewer(['STAFF'], ['b1', 'b2']))).toEqual(['b1', 'b2']);
    expect(codeOf(() => aggregateScope(viewer(['PATRON'])))).toBe('FORBIDDEN');
    expect(codeOf(() => aggregateScope(viewer([], [], null)))).toBe('UNAUTHENTICATED');
  });

  test('aggregateBranches: the parent\'s branches, narrowed by the filter and the scope', () => {
    const staff = viewer(['STAFF'], ['b1', 'b2']);
    const admin = viewer(['ADMIN']);
    expect(aggregateBranches(admin, null)).toBeNull();
    expect(aggregateBranches(admin, ['b1', 'b1', 'b3'])).toEqual(['b1', 'b3']);
    expect(aggregateBranches(admin, ['b1', 'b3'], ['b3', 'b9'])).toEqual(['b3']);
    expect(aggregateBranches(admin, null, ['b9'])).toEqual(['b9']);
    expect(aggregateBranches(staff, null)).toEqual(['b1', 'b2']);
    expect(aggregateBranches(staff, ['b2', 'b3'])).toEqual(['b2']);
    expect(aggregateBranches(staff, null, ['b1', 'b3'])).toEqual(['b1']);
    expect(aggregateBranches(staff, ['b1'], [])).toEqual([]);
    // A parent's list from @requires is not capped; a client's is.
    const many = Array.from({ length: 150 }, (_, i) => `b${i}`);
    expect(aggregateBranches(admin, many)).toHaveLength(150);
    expect(codeOf(() => aggregateBranches(admin, null, many))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => aggregateBranches(viewer(['PATRON']), ['b1']))).toBe('FORBIDDEN');
  });
});
