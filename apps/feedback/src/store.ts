import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { FeedbackModerationRow, FeedbackRow, type ModerationStateValue } from './entities';
import { applyRollupChanges, lockItem } from './rollup';

/**
 * The writes that add a feedback item or change what the aggregates count
 * (status, timestamps, branch, category, channel, sentiment, language,
 * rating, moderation state). `submitFeedback` and the import both write
 * through these, so that what is kept alongside an item (the moderation
 * record, the aggregates' daily rollup: rollup.ts) is kept the same way for
 * both.
 */

/** Stores a new item; one the screen held gets its moderation record ("Automatic screen", at its submission time). */
export async function insertFeedbackItems(em: EntityManager, rows: FeedbackRow[], chunk = 100): Promise<void> {
  // Without reading defaults back into the objects: TypeORM matches the rows it reads back to the objects by
  // position, which mixes up the values of a multi-row insert (the moderation state of one item on another).
  for (let i = 0; i < rows.length; i += chunk) await em.createQueryBuilder().insert().into(FeedbackRow).values(rows.slice(i, i + chunk)).updateEntity(false).execute();
  await applyRollupChanges(em, rows.map((after) => ({ before: null, after })));
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
  // The rollup moves the item's contribution as it is now (read again under its row lock), not as it was read before.
  const current = (await lockItem(em, from.id)) ?? from;
  await em.update(FeedbackRow, { id: from.id }, set);
  await applyRollupChanges(em, [{ before: current, after: { ...current, ...set } }]);
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
