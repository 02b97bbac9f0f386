import { ANONYMOUS, type Role, type Viewer } from '@ceg/auth';
import { aggregateScope, canRead, canSeeContact, canSeeInternal, readScope, readScopeSql } from './policy';

const viewer = (role: Role, sub: string, branchIds: string[] = []): Viewer => ({ sub, roles: new Set([role]), branchIds, name: null });
const item = (over: Partial<{ branchId: string; isPublic: boolean; submitterSub: string | null }> = {}) => ({ branchId: 'b1', isPublic: false, submitterSub: 'p1', ...over });

describe('feedback visibility policy', () => {
  it('anonymous callers read public items only', () => {
    expect(canRead(readScope(ANONYMOUS), item())).toBe(false);
    expect(canRead(readScope(ANONYMOUS), item({ isPublic: true }))).toBe(true);
    expect(readScopeSql(readScope(ANONYMOUS), 'f')).toEqual({ sql: '((f.isPublic = :vsPublic AND f.moderationState = :vsPublished))', params: { vsPublic: true, vsPublished: 'PUBLISHED' } });
    for (const moderationState of ['HELD', 'HIDDEN', 'MERGED']) expect(canRead(readScope(ANONYMOUS), { ...item({ isPublic: true }), moderationState })).toBe(false);
    expect(canRead(readScope(viewer('PATRON', 'p1')), { ...item({ isPublic: true }), moderationState: 'HIDDEN' })).toBe(true);
    expect(canRead(readScope(viewer('STAFF', 's', ['b2'])), { ...item({ isPublic: true }), moderationState: 'HELD' })).toBe(false);
  });

  it('patrons read their own items too', () => {
    expect(canRead(readScope(viewer('PATRON', 'p1')), item())).toBe(true);
    expect(canRead(readScope(viewer('PATRON', 'p2')), item())).toBe(false);
    expect(canSeeContact(viewer('PATRON', 'p1'), item())).toBe(true);
    expect(canSeeContact(viewer('PATRON', 'p2'), item({ isPublic: true }))).toBe(false);
  });

  it('staff read all of their branches; analysts everything; admins everything and personal data', () => {
    expect(canRead(readScope(viewer('STAFF', 's', ['b1'])), item())).toBe(true);
    expect(canRead(readScope(viewer('STAFF', 's', ['b2'])), item())).toBe(false);
    expect(canRead(readScope(viewer('ANALYST', 'a')), item())).toBe(true);
    expect(readScopeSql(readScope(viewer('ADMIN', 'x')), 'f')).toBeNull();
    expect(canSeeContact(viewer('ANALYST', 'a'), item())).toBe(false);
    expect(canSeeContact(viewer('STAFF', 's', ['b1']), item())).toBe(true);
    expect(canSeeInternal(viewer('STAFF', 's', ['b2']), 'b1')).toBe(false);
    expect(canSeeInternal(viewer('ADMIN', 'x'), 'b1')).toBe(true);
  });

  it('aggregates: staff their branches, analysts and admins all, others refused', () => {
    expect(aggregateScope(viewer('STAFF', 's', ['b1']))).toEqual(['b1']);
    expect(aggregateScope(viewer('ANALYST', 'a'))).toBeNull();
    expect(() => aggregateScope(ANONYMOUS)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    expect(() => aggregateScope(viewer('PATRON', 'p'))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
  });
});
