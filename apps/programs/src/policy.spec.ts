import type { Role, Viewer } from '@ceg/auth';
import { canTransition, ProgramPolicy } from './policy';
import { ProgramStatus } from './types';

const viewer = (roles: Role[], sub: string | null = 'u1', branchIds: string[] = []): Viewer => ({ sub, roles: new Set(roles), branchIds, name: null });
const anonymous = viewer([], null);
const patron = viewer(['PATRON'], 'p1');
const staffA = viewer(['STAFF'], 's1', ['A']);
const staffB = viewer(['STAFF'], 's2', ['B']);
const analyst = viewer(['ANALYST']);
const admin = viewer(['ADMIN']);

describe('ProgramPolicy', () => {
  test('published programs are public; the rest only for staff of the branch, analysts and admins', () => {
    const pub = { branchId: 'A', status: 'PUBLISHED' };
    for (const v of [anonymous, patron, staffA, staffB, analyst, admin]) expect(ProgramPolicy.canSeeProgram(v, pub)).toBe(true);
    for (const status of ['DRAFT', 'CANCELLED', 'ARCHIVED']) {
      const p = { branchId: 'A', status };
      expect([anonymous, patron, staffA, staffB, analyst, admin].map((v) => ProgramPolicy.canSeeProgram(v, p))).toEqual([false, false, true, false, true, true]);
    }
  });

  test('the SQL condition says the same', () => {
    expect(ProgramPolicy.programCondition(admin, 'p')).toBeNull();
    expect(ProgramPolicy.programCondition(analyst, 'p')).toBeNull();
    expect(ProgramPolicy.programCondition(patron, 'p')!.sql).toBe('p.status = :visiblePublished');
    expect(ProgramPolicy.programCondition(staffA, 'p')).toEqual({
      sql: '(p.status = :visiblePublished OR p.branchId IN (:...visibleOwnBranches))',
      params: { visiblePublished: 'PUBLISHED', visibleOwnBranches: ['A'] },
    });
  });

  test('registrations: the patron, staff of the branch, admins', () => {
    const r = { branchId: 'A', patron: 'p1' };
    expect([anonymous, patron, viewer(['PATRON'], 'p2'), staffA, staffB, analyst, admin].map((v) => ProgramPolicy.canSeeRegistration(v, r)))
      .toEqual([false, true, false, true, false, false, true]);
  });

  test('aggregate scope: all for analysts and admins, own branches for staff', () => {
    expect(ProgramPolicy.aggregateScope(admin)).toBeNull();
    expect(ProgramPolicy.aggregateScope(analyst)).toBeNull();
    expect(ProgramPolicy.aggregateScope(staffA)).toEqual(['A']);
  });

  test('life cycle', () => {
    expect(canTransition(ProgramStatus.DRAFT, ProgramStatus.PUBLISHED)).toBe(true);
    expect(canTransition(ProgramStatus.PUBLISHED, ProgramStatus.ARCHIVED)).toBe(true);
    expect(canTransition(ProgramStatus.CANCELLED, ProgramStatus.ARCHIVED)).toBe(true);
    expect(canTransition(ProgramStatus.ARCHIVED, ProgramStatus.PUBLISHED)).toBe(false);
    expect(canTransition(ProgramStatus.PUBLISHED, ProgramStatus.DRAFT)).toBe(false);
    expect(canTransition(ProgramStatus.CANCELLED, ProgramStatus.PUBLISHED)).toBe(false);
    expect(canTransition(ProgramStatus.ARCHIVED, ProgramStatus.ARCHIVED)).toBe(true);
  });
});
