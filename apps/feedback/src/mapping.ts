import type { Viewer } from '@ceg/auth';
import type { CommunityDiscussionRow, FeedbackModerationRow, FeedbackResponseRow, FeedbackRow, NeedFindingRow, NeedsAssessmentRow } from './entities';
import { canSeeContact, canSeeInternal, canSeeModeration } from './policy';
import {
  CommunityDiscussion, Feedback, type FeedbackCategory, type FeedbackChannel, FeedbackModeration, FeedbackResponse, type FeedbackStatus, ModerationAction, type ModerationActionKind,
  type ModerationState, NeedFinding, NeedsAssessment, type ScreenFlag, type Sentiment,
} from './types';

const parseTags = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

export const parseFlags = (csv: string | null | undefined): ScreenFlag[] => (csv ? (csv.split(',').filter(Boolean) as ScreenFlag[]) : []);

/**
 * A stored row as the viewer sees it: contact, INTERNAL responses and
 * moderation only where the policy allows. `asSubmitter`: the payload of the
 * submission, which shows its caller the moderation state (RULES.md §8).
 */
export function toFeedback(row: FeedbackRow, viewer: Viewer, opts: { asSubmitter?: boolean } = {}): Feedback {
  const contact = canSeeContact(viewer, row);
  return Object.assign(new Feedback(), {
    id: row.id,
    branchId: row.branchId,
    channel: row.channel as FeedbackChannel,
    category: row.category as FeedbackCategory,
    subject: row.subject,
    body: row.body,
    rating: row.rating === null ? null : Number(row.rating),
    language: row.language,
    sentiment: row.sentiment as Sentiment,
    status: row.status as FeedbackStatus,
    isPublic: Boolean(row.isPublic),
    voteCount: Number(row.voteCount),
    tags: parseTags(row.tags),
    submittedAt: row.submittedAt,
    acknowledgedAt: row.acknowledgedAt,
    resolvedAt: row.resolvedAt,
    relatedProgramId: row.relatedProgramId,
    canSeeContact: contact,
    canSeeInternal: canSeeInternal(viewer, row.branchId),
    contactValue: contact && (row.contactName || row.contactEmail || row.contactPhone)
      ? { name: row.contactName, email: row.contactEmail, phone: row.contactPhone }
      : null,
    moderationState: (row.moderationState ?? (row.isPublic ? 'PUBLISHED' : 'NOT_PUBLIC')) as ModerationState,
    screenFlags: parseFlags(row.screenFlags),
    mergedIntoId: row.mergedIntoId ?? null,
    canSeeModeration: Boolean(opts.asSubmitter) || canSeeModeration(viewer, row),
  });
}

export const toModeration = (f: Feedback): FeedbackModeration =>
  Object.assign(new FeedbackModeration(), { state: f.moderationState, flags: f.screenFlags, feedbackId: f.id, branchId: f.branchId, mergedIntoId: f.mergedIntoId });

export const toModerationAction = (r: FeedbackModerationRow): ModerationAction =>
  Object.assign(new ModerationAction(), {
    id: r.id, action: r.action as ModerationActionKind, fromState: r.fromState as ModerationState, toState: r.toState as ModerationState, reason: r.reason,
    actorName: r.actorName, actorId: r.actorSub, relatedFeedbackId: r.relatedFeedbackId, createdAt: r.createdAt,
  });

export const toDiscussion = (r: CommunityDiscussionRow): CommunityDiscussion =>
  Object.assign(new CommunityDiscussion(), {
    id: r.id, branchId: r.branchId, title: r.title, format: r.format, heldAt: r.heldAt, attendeeCount: Number(r.attendeeCount), summary: r.summary,
  });

export const toAssessment = (r: NeedsAssessmentRow): NeedsAssessment =>
  Object.assign(new NeedsAssessment(), {
    id: r.id, branchId: r.branchId, title: r.title, method: r.method, conductedOn: String(r.conductedOn).slice(0, 10), respondentCount: Number(r.respondentCount),
  });

export const toFinding = (r: NeedFindingRow): NeedFinding =>
  Object.assign(new NeedFinding(), { id: r.id, need: r.need, serviceArea: r.serviceArea, priority: r.priority, evidence: r.evidence });

export const toResponse = (r: FeedbackResponseRow): FeedbackResponse =>
  Object.assign(new FeedbackResponse(), { id: r.id, body: r.body, visibility: r.visibility, authorName: r.authorName, createdAt: r.createdAt });

