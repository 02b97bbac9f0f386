import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { FeedbackModerationRow, FeedbackRow, type ModerationStateValue } from './entities';

/**
 * The writes that add a feedback item or change what the aggregates count
 * (status, timestamps, branch, category, channel, sentiment, language,
 * rating, moderation state). `submitFeedback` and the import both write
 * through these, so that anything kept alongside an item (the moderation
 * record today, any roll-up maintained per write) is kept the same way for
 * both.
 */

/** Stores a new item; one the screen held gets its moderation record ("Automatic screen", at its submission time). */
export async function insertFeedbackItems(em: EntityManager, rows: FeedbackRow[], chunk = 100): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await em.insert(FeedbackRow, rows.slice(i, i + chunk));
  const held = rows.filter((r) => r.moderationState === 'HELD');
  for (let i = 0; i < held.length; i += chunk) {
    await em.insert(FeedbackModerationRow, held.slice(i, i + chunk).map((r) => heldRecord(r.id, 'NOT_PUBLIC', r.screenFlags, r.submittedAt)));
  }
}

/**
 * Changes a stored item (the import's update of an item it imported
 * before). `from` is the item as read before; when the change holds it for
 * review, the hold is recorded as a new submission's would be.
 */
export async function updateFeedbackItem(em: EntityManager, from: FeedbackRow, changes: Partial<FeedbackRow>, at: Date): Promise<void> {
  const { id: _id, ...set } = changes;
  await em.update(FeedbackRow, { id: from.id }, set);
  if (changes.moderationState === 'HELD' && from.moderationState !== 'HELD') {
    await em.insert(FeedbackModerationRow, heldRecord(from.id, from.moderationState, changes.screenFlags ?? '', at));
  }
}

function heldRecord(feedbackId: string, fromState: ModerationStateValue, flags: string, at: Date): FeedbackModerationRow {
  return Object.assign(new FeedbackModerationRow(), {
    id: randomUUID(), feedbackId, action: 'HELD', fromState, toState: 'HELD', reason: `Held for review: ${flags.split(',').filter(Boolean).join(', ')}`,
    actorSub: null, actorName: 'Automatic screen', relatedFeedbackId: null, createdAt: at,
  });
}
