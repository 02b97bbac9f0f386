import type { Viewer } from '@ceg/auth';
import type { CommunityDiscussionRow, FeedbackResponseRow, FeedbackRow, NeedFindingRow, NeedsAssessmentRow } from './entities';
import { canSeeContact, canSeeInternal } from './policy';
import {
  CommunityDiscussion, Feedback, type FeedbackCategory, type FeedbackChannel, FeedbackResponse, type FeedbackStatus, NeedFinding, NeedsAssessment, type Sentiment,
} from './types';

const parseTags = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/** A stored row as the viewer sees it: contact and INTERNAL responses only where the policy allows. */
export function toFeedback(row: FeedbackRow, viewer: Viewer): Feedback {
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
  });
}

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

