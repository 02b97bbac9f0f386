import { isAnonymous, type Role, type Viewer } from '@ceg/auth';
import { forbidden, unauthenticated } from '@ceg/conventions';

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
