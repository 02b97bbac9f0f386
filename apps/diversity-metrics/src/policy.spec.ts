import { ANONYMOUS, type Role, type Viewer } from '@ceg/auth';
import { DiversityPolicy } from './policy';

const viewer = (role: Role, branchIds: string[] = []): Viewer => ({ sub: `x-${role}`, roles: new Set([role]), branchIds, name: null });
const code = (f: () => unknown) => {
  try {
    f();
    return 'OK';
  } catch (e) {
    return (e as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('DiversityPolicy', () => {
  test('profiles and audits: everyone reads', () => {
    for (const v of [ANONYMOUS, viewer('PATRON'), viewer('STAFF'), viewer('ANALYST'), viewer('ADMIN')]) expect(DiversityPolicy.canReadRecord(v)).toBe(true);
  });

  test('recording: STAFF of the branch and ADMIN', () => {
    expect(code(() => DiversityPolicy.requireRecorder(viewer('STAFF', ['b1']), 'b1'))).toBe('OK');
    expect(code(() => DiversityPolicy.requireRecorder(viewer('ADMIN'), 'b1'))).toBe('OK');
    expect(code(() => DiversityPolicy.requireRecorder(viewer('STAFF', ['b2']), 'b1'))).toBe('FORBIDDEN');
    expect(code(() => DiversityPolicy.requireRecorder(viewer('ANALYST'), 'b1'))).toBe('FORBIDDEN');
    expect(code(() => DiversityPolicy.requireRecorder(viewer('PATRON'), 'b1'))).toBe('FORBIDDEN');
    expect(code(() => DiversityPolicy.requireRecorder(ANONYMOUS, 'b1'))).toBe('UNAUTHENTICATED');
  });

  test('aggregates: STAFF own branches, ANALYST and ADMIN all, never PATRON or anonymous', () => {
    expect(DiversityPolicy.aggregateBranches(viewer('STAFF', ['b1']), ['b1', 'b2', 'b1'])).toEqual(['b1']);
    expect(DiversityPolicy.aggregateBranches(viewer('ANALYST'), ['b1', 'b2'])).toEqual(['b1', 'b2']);
    expect(DiversityPolicy.aggregateBranches(viewer('ADMIN'), ['b2'])).toEqual(['b2']);
    expect(code(() => DiversityPolicy.aggregateBranches(viewer('PATRON'), ['b1']))).toBe('FORBIDDEN');
    expect(code(() => DiversityPolicy.aggregateBranches(ANONYMOUS, ['b1']))).toBe('UNAUTHENTICATED');
  });
});
