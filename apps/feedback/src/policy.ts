/**
 * The one visibility policy of the feedback domain (RULES.md §2). Every read
 * path — single fetch, lists, totalCount, aggregates, entity references,
 * Branch.feedback, Program.feedback, CommunityDiscussion.feedback — asks
 * these functions, in SQL (`readScopeSql`) or in memory (`canRead`); both are
 * derived from the same `ReadScope`, so they cannot disagree.
 */
import { isAdmin, isAnalyst, isAnonymous, isPatron, isStaff, isStaffOf, type Viewer } from '@ceg/auth';
import { aggregateScope } from '@ceg/kit';

export interface ReadScope {
  /** ADMIN and ANALYST read every item. */
  all: boolean;
  /** Branches whose every item the viewer reads (STAFF's own branches). */
  branchIds: string[];
  /** The patron whose own items the viewer reads, public or not. */
  submitterSub: string | null;
}

export interface FeedbackLike {
  branchId: string;
  isPublic: boolean;
  submitterSub: string | null;
  /** Absent: published (RULES.md §8). */
  moderationState?: string;
}

/**
 * On the public board: the submitter agreed and moderation let it through
 * (not held by the screen, hidden by staff or merged into another item).
 * Everything else reads for the public exactly as if it did not exist.
 */
export function onPublicBoard(row: FeedbackLike): boolean {
  return Boolean(row.isPublic) && (row.moderationState === undefined || row.moderationState === 'PUBLISHED');
}

/** What a viewer may read: public items for everyone, plus what their role adds. */
export function readScope(v: Viewer): ReadScope {
  return {
    all: isAdmin(v) || isAnalyst(v),
    branchIds: isStaff(v) ? [...v.branchIds] : [],
    submitterSub: !isAnonymous(v) && isPatron(v) ? v.sub : null,
  };
}

export function canRead(scope: ReadScope, row: FeedbackLike): boolean {
  return scope.all || onPublicBoard(row) || scope.branchIds.includes(row.branchId) || (scope.submitterSub !== null && row.submitterSub === scope.submitterSub);
}

/** The same rule as a WHERE condition on alias `a` (null: no condition). */
export function readScopeSql(scope: ReadScope, a: string): { sql: string; params: Record<string, unknown> } | null {
  if (scope.all) return null;
  const ors = [`(${a}.isPublic = :vsPublic AND ${a}.moderationState = :vsPublished)`];
  const params: Record<string, unknown> = { vsPublic: true, vsPublished: 'PUBLISHED' };
  if (scope.branchIds.length) {
    ors.push(`${a}.branchId IN (:...vsBranchIds)`);
    params.vsBranchIds = scope.branchIds;
  }
  if (scope.submitterSub !== null) {
    ors.push(`${a}.submitterSub = :vsSub`);
    params.vsSub = scope.submitterSub;
  }
  return { sql: `(${ors.join(' OR ')})`, params };
}

/** `Feedback.contact`: STAFF of the branch, ADMIN, and the submitting patron. */
export function canSeeContact(v: Viewer, row: FeedbackLike): boolean {
  return isAdmin(v) || isStaffOf(v, row.branchId) || (!isAnonymous(v) && isPatron(v) && row.submitterSub === v.sub);
}

/** INTERNAL responses: STAFF of the branch and ADMIN. */
export function canSeeInternal(v: Viewer, branchId: string): boolean {
  return isAdmin(v) || isStaffOf(v, branchId);
}

/**
 * An item's moderation (state, what the screen found): everyone who reads it
 * for another reason than its being on the public board — the submitter,
 * STAFF of the branch, ANALYST, ADMIN.
 */
export function canSeeModeration(v: Viewer, row: FeedbackLike): boolean {
  return isAdmin(v) || isAnalyst(v) || isStaffOf(v, row.branchId) || (!isAnonymous(v) && isPatron(v) && row.submitterSub === v.sub);
}

/** Respond, change status, moderate, record discussions and assessments: STAFF of the branch and ADMIN. The moderation record too. */
export function canManage(v: Viewer, branchId: string): boolean {
  return isAdmin(v) || isStaffOf(v, branchId);
}

/** Which branches a viewer's aggregates cover: the graph's one rule (libs/kit). */
export { aggregateScope };
