import { isAnalyst, isAnonymous, type Role, staffScope, type Viewer } from '@ceg/auth';
import { filterIds, forbidden, unauthenticated } from '@ceg/conventions';

/**
 * For operations a role may never use: anonymous callers get UNAUTHENTICATED,
 * signed-in callers without one of the roles get FORBIDDEN. Called before
 * anything is read or written.
 */
export function requireRole(viewer: Viewer, ...roles: Role[]): void {
  if (roles.some((r) => viewer.roles.has(r))) return;
  if (isAnonymous(viewer)) throw unauthenticated();
  throw forbidden(`This needs one of the roles ${roles.join(', ')}.`);
}

/**
 * Which branches a viewer's aggregates may cover (RULES.md §2): every branch
 * (null) for ANALYST and ADMIN, their own for STAFF (`staffScope`).
 * Anonymous callers get UNAUTHENTICATED, PATRON FORBIDDEN.
 */
export function aggregateScope(viewer: Viewer): string[] | null {
  requireRole(viewer, 'STAFF', 'ANALYST', 'ADMIN');
  return isAnalyst(viewer) ? null : staffScope(viewer);
}

/**
 * The branches one aggregate covers: the parent's (a branch, or a system's
 * or consortium's branchIds from @requires, not capped; null for a root
 * field), narrowed by the client's filter (at most 100 ids) and by the
 * viewer's aggregate scope. null means every branch. Checks the role first.
 */
export function aggregateBranches(
  viewer: Viewer,
  parentBranchIds: readonly string[] | null,
  clientBranchIds?: readonly string[] | null,
): string[] | null {
  const allowed = aggregateScope(viewer);
  let ids: string[] | null = parentBranchIds ? [...new Set(parentBranchIds)] : null;
  if (clientBranchIds) {
    const asked = new Set(filterIds(clientBranchIds, 'branchIds'));
    ids = ids ? ids.filter((id) => asked.has(id)) : [...asked];
  }
  if (allowed) ids = ids ? ids.filter((id) => allowed.includes(id)) : allowed;
  return ids;
}
