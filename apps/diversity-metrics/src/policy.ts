/**
 * The diversity-metrics policy (RULES.md §2), in one place. Every read path
 * asks it: single fetch, Branch fields, entity references and the aggregates.
 *
 * - Community profiles and audits are public records: everyone reads them.
 * - Recording profiles and audits: STAFF of the branch and ADMIN.
 * - Participant answer sheets are written by anyone and never read one by one.
 * - Aggregates over answer sheets (participation, representation gaps):
 *   STAFF over their own branches, ANALYST and ADMIN over all. PATRON:
 *   FORBIDDEN; anonymous: UNAUTHENTICATED.
 */
import { isAdmin, isStaffOf, type Viewer } from '@ceg/auth';
import { forbidden } from '@ceg/conventions';
import { aggregateBranches, requireRole } from '@ceg/kit';

export const DiversityPolicy = {
  /** Profiles and audits: public. */
  canReadRecord: (_v: Viewer): boolean => true,

  /** Profiles and audits of a branch. */
  canRecord: (v: Viewer, branchId: string): boolean => isAdmin(v) || isStaffOf(v, branchId),

  /** Throws UNAUTHENTICATED / FORBIDDEN unless the viewer may record for the branch. */
  requireRecorder(v: Viewer, branchId: string): void {
    requireRole(v, 'STAFF', 'ADMIN');
    if (!DiversityPolicy.canRecord(v, branchId)) throw forbidden('Only staff of the branch and admins may record this.');
  },

  /**
   * The branches an aggregate may cover for this viewer, out of the ones
   * asked for (a branch, or a consortium's branchIds): all of them for
   * ANALYST and ADMIN, the viewer's own for STAFF. Throws for PATRON and
   * anonymous callers.
   */
  aggregateBranches(v: Viewer, asked: readonly string[]): string[] {
    return aggregateBranches(v, asked) ?? [];
  },
};
