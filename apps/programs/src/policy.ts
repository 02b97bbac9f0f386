import { isAdmin, isAnalyst, isStaffOf, type Viewer } from '@ceg/auth';
import { aggregateScope } from '@ceg/kit';
import { ProgramStatus } from './domain';

export { canTransition, LIVE, PROGRAM_TRANSITIONS, SEAT_HOLDING } from './domain';

/**
 * The programs visibility policy (RULES.md §2), in one place. Every read
 * path — single fetch, lists, counts, aggregates, entity references — asks
 * it, either as a predicate on a loaded row or as a SQL condition.
 *
 * - PUBLISHED programs and their sessions: everyone.
 * - DRAFT, CANCELLED, ARCHIVED programs and their sessions: STAFF of the
 *   program's branch, ANALYST, ADMIN.
 * - Registrations: the patron (own), STAFF of the branch, ADMIN.
 */
export const ProgramPolicy = {
  /** Every program, whatever its status. */
  seesAllPrograms: (v: Viewer) => isAdmin(v) || isAnalyst(v),

  canSeeProgram(v: Viewer, p: { branchId: string; status: string }): boolean {
    return p.status === ProgramStatus.PUBLISHED || ProgramPolicy.seesAllPrograms(v) || isStaffOf(v, p.branchId);
  },

  /**
   * SQL condition on a program alias, with its parameters; null when the
   * viewer sees everything.
   */
  programCondition(v: Viewer, alias: string): { sql: string; params: Record<string, unknown> } | null {
    if (ProgramPolicy.seesAllPrograms(v)) return null;
    const own = v.roles.has('STAFF') ? [...v.branchIds] : [];
    if (own.length === 0) return { sql: `${alias}.status = :visiblePublished`, params: { visiblePublished: ProgramStatus.PUBLISHED } };
    return {
      sql: `(${alias}.status = :visiblePublished OR ${alias}.branchId IN (:...visibleOwnBranches))`,
      params: { visiblePublished: ProgramStatus.PUBLISHED, visibleOwnBranches: own },
    };
  },

  /** Writes to programs, sessions and attendance. */
  canManageBranch: (v: Viewer, branchId: string) => isAdmin(v) || isStaffOf(v, branchId),

  /** Reading a registration, its patronId and a session's registrations. */
  canSeeRegistration(v: Viewer, r: { branchId: string; patron: string }): boolean {
    return isAdmin(v) || isStaffOf(v, r.branchId) || (v.sub !== null && v.roles.has('PATRON') && v.sub === r.patron);
  },

  /** Cancelling: the patron (own), STAFF of the branch (any in branch), ADMIN. */
  canCancelRegistration: (v: Viewer, r: { branchId: string; patron: string }) => ProgramPolicy.canSeeRegistration(v, r),

  /** Aggregates: the graph's one rule (libs/kit): every branch for ANALYST and ADMIN, their own for STAFF. */
  aggregateScope,
};
