/**
 * The one visibility policy of the partners domain (RULES.md §2). Every read
 * path — single fetch, lists, totalCount, aggregates, entity references,
 * Partner.partnerships, Branch.partnerships, Program.partnerships — asks
 * these functions, in SQL (`partnershipScopeSql`) or in memory
 * (`canReadPartnership`); both derive from `seesAllPartnerships`, so they
 * cannot disagree.
 *
 * - Partners: everyone.
 * - ACTIVE partnerships: everyone. PROPOSED, ON_HOLD and ENDED ones: STAFF
 *   (any branch), ANALYST, ADMIN.
 * - Partner contacts, contributions and the sums derived from them
 *   (contributedValue, volunteerHours): STAFF, ANALYST, ADMIN; empty for
 *   everyone else.
 * - Writes: creating a partner needs STAFF or ADMIN; creating a partnership,
 *   changing its status, linking programs and recording contributions need
 *   ADMIN or STAFF of one of the partnership's branches.
 * - Aggregates: STAFF (their own branches), ANALYST and ADMIN (all).
 */
import { isAdmin, isAnalyst, isStaff, type Viewer } from '@ceg/auth';
import { aggregateScope, requireRole } from '@ceg/kit';
import type { PartnershipStatusValue } from './entities';

export const PUBLIC_STATUS: PartnershipStatusValue = 'ACTIVE';

/** STAFF of any branch, ANALYST and ADMIN: every partnership, contacts and contributions. */
export const isInsider = (v: Viewer): boolean => isStaff(v) || isAnalyst(v) || isAdmin(v);

export const seesAllPartnerships = isInsider;
export const canSeeContacts = isInsider;
export const canSeeContributions = isInsider;

export function canReadPartnership(v: Viewer, p: { status: string }): boolean {
  return p.status === PUBLIC_STATUS || seesAllPartnerships(v);
}

/** The same rule as a WHERE condition on a partnership alias (null: no condition). */
export function partnershipScopeSql(v: Viewer, alias: string): { sql: string; params: Record<string, unknown> } | null {
  if (seesAllPartnerships(v)) return null;
  return { sql: `${alias}.status = :vsPublicStatus`, params: { vsPublicStatus: PUBLIC_STATUS } };
}

/** Creating partners: STAFF and ADMIN. Throws UNAUTHENTICATED / FORBIDDEN otherwise. */
export function requirePartnerWriter(v: Viewer): void {
  requireRole(v, 'STAFF', 'ADMIN');
}

/** Managing a partnership (create, status, programs, contributions): ADMIN, or STAFF of one of its branches. */
export function canManagePartnership(v: Viewer, branchIds: readonly string[]): boolean {
  return isAdmin(v) || (isStaff(v) && branchIds.some((b) => v.branchIds.includes(b)));
}

/** Which branches a viewer's aggregates cover: the graph's one rule (libs/kit). */
export { aggregateScope };

/** PartnershipStatus transitions: PROPOSED → ACTIVE | ENDED; ACTIVE → ON_HOLD | ENDED; ON_HOLD → ACTIVE | ENDED; ENDED is final. */
export const PARTNERSHIP_TRANSITIONS: Record<PartnershipStatusValue, PartnershipStatusValue[]> = {
  PROPOSED: ['ACTIVE', 'ENDED'],
  ACTIVE: ['ON_HOLD', 'ENDED'],
  ON_HOLD: ['ACTIVE', 'ENDED'],
  ENDED: [],
};

export const canTransition = (from: PartnershipStatusValue, to: PartnershipStatusValue): boolean => PARTNERSHIP_TRANSITIONS[from].includes(to);

/** What one partner or partnership may hold. */
export const MAX_CONTACTS = 20;
export const MAX_GOALS = 20;
export const MAX_HOURS = 100_000;
/** A phone number as people write them. */
export const PHONE = /^[+0-9 ().\-/x]{3,40}$/i;
