import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { staffScope, type Viewer } from '@ceg/auth';
import { checkFirst, filterIds, InputCheck, orNoMatch, toConnection, UserErrorCode } from '@ceg/conventions';
import { groupByKey, requireRole, type SubgraphContext } from '@ceg/kit';
import { applyKeyset, lockForUpdate, retryingTransaction } from '@ceg/persistence';
import { FeedbackModerationRow, FeedbackRow, type ModerationStateValue } from './entities';
import { cursorOf, decodeFeedbackCursor, ORDER_KEYS } from './filters';
import type { HideFeedbackInput, MergeFeedbackInput, ShowFeedbackInput } from './inputs';
import { toFeedback, toModerationAction } from './mapping';
import { canManage } from './policy';
import { applyRollup, lockItem } from './rollup';
import { FeedbackService, type Result } from './service';
import { type Feedback, FeedbackOrder, type ModerationAction, ModerationState } from './types';

/** The moves hideFeedback and showFeedback may make (mergeFeedback: any state but NOT_PUBLIC and MERGED). */
const HIDE_FROM: readonly ModerationStateValue[] = ['PUBLISHED', 'HELD'];
const SHOW_FROM: readonly ModerationStateValue[] = ['HELD', 'HIDDEN'];
const REASON_MAX = 1000;

class Conflict extends Error {}

/**
 * Moderation of the public board (RULES.md §8): hide, show and merge for
 * STAFF of the item's branch and ADMIN, each with a reason and recorded with
 * who and when; the moderation queue; the record itself. What the public may
 * read is decided by the visibility policy (policy.ts `onPublicBoard`).
 */
export class ModerationService {
  private readonly items: FeedbackService;

  constructor(private readonly ctx: SubgraphContext) {
    this.items = new FeedbackService(ctx);
  }

  private get viewer(): Viewer {
    return this.ctx.viewer;
  }

  private record(feedbackId: string, action: string, fromState: string, toState: string, reason: string, now: Date, relatedFeedbackId: string | null = null): FeedbackModerationRow {
    return Object.assign(new FeedbackModerationRow(), {
      id: randomUUID(), feedbackId, action, fromState, toState, reason, actorSub: this.viewer.sub, actorName: this.items.authorName(), relatedFeedbackId, createdAt: now,
    });
  }

  /** hideFeedback / showFeedback: one state change, applied only if the state is still the one it was checked against. */
  async move(input: HideFeedbackInput | ShowFeedbackInput, to: 'HIDDEN' | 'PUBLISHED'): Promise<Result<Feedback>> {
    const check = new InputCheck();
    const row = await this.items.managedItem(input.feedbackId, check);
    const reason = check.text('reason', input.reason, { required: true, max: REASON_MAX, multiline: true });
    if (!check.ok || !row) return { value: null, userErrors: check.errors };
    const from = row.moderationState;
    const allowed = to === 'HIDDEN' ? HIDE_FROM : SHOW_FROM;
    if (!allowed.includes(from)) {
      const why = from === 'NOT_PUBLIC' ? 'it is not a public item' : from === 'MERGED' ? 'it was merged into another item' : `it is already ${from}`;
      check.fail('feedbackId', UserErrorCode.INVALID_TRANSITION, `A ${from} item cannot become ${to}: ${why}`);
      return { value: null, userErrors: check.errors };
    }
    const now = new Date();
    const changed = await retryingTransaction(this.ctx.db, async (em) => {
      // Read again under the row lock: the rollup moves the item's contribution as it is now.
      const current = await lockItem(em, row.id);
      if (!current || current.moderationState !== from) return false;
      await em.createQueryBuilder().update(FeedbackRow).set({ moderationState: to }).where('id = :id', { id: row.id }).execute();
      await applyRollup(em, current, { ...current, moderationState: to });
      await em.insert(FeedbackModerationRow, this.record(row.id, to === 'HIDDEN' ? 'HIDDEN' : 'SHOWN', from, to, reason!, now));
      return true;
    });
    if (!changed) {
      check.fail('feedbackId', UserErrorCode.CONFLICT, 'The item changed meanwhile; read it again and retry');
      return { value: null, userErrors: check.errors };
    }
    this.ctx.log.info({ feedbackId: row.id, from, to }, 'feedback moderated');
    return { value: toFeedback(Object.assign(row, { moderationState: to }), this.viewer), userErrors: [] };
  }

  /**
   * Merges a duplicate into a target of the same branch: the duplicate
   * becomes MERGED (off the board for good), the target gets every vote of
   * the duplicate whose patron had not voted for it (one vote per patron), and
   * its voteCount is recounted from the vote table. Both rows are locked in id
   * order first, so concurrent merges and votes serialize.
   */
  async merge(input: MergeFeedbackInput): Promise<Result<{ target: Feedback; duplicate: Feedback }>> {
    const check = new InputCheck();
    const dup = await this.items.managedItem(input.duplicateId, check, 'duplicateId');
    const target = await this.items.managedItem(input.targetId, check, 'targetId');
    const reason = check.text('reason', input.reason, { required: true, max: REASON_MAX, multiline: true });
    if (dup && target) {
      if (dup.id === target.id) check.fail('targetId', UserErrorCode.INVALID, 'An item cannot be merged into itself');
      else if (dup.branchId !== target.branchId) check.fail('targetId', UserErrorCode.INVALID, 'Only items of the same branch can be merged');
      if (dup.moderationState === 'MERGED' || dup.moderationState === 'NOT_PUBLIC') {
        check.fail('duplicateId', UserErrorCode.INVALID_TRANSITION, dup.moderationState === 'MERGED' ? 'It is already merged into another item' : 'Only public items are merged');
      }
      if (target.moderationState === 'MERGED') check.fail('targetId', UserErrorCode.INVALID, 'It was merged into another item: merge into that one');
    }
    if (!check.ok || !dup || !target) return { value: null, userErrors: check.errors };

    const now = new Date();
    try {
      await retryingTransaction(this.ctx.db, async (em) => {
        const locked = await lockForUpdate(this.ctx.db, em.createQueryBuilder(FeedbackRow, 'f').where('f.id IN (:...ids)', { ids: [dup.id, target.id] }).orderBy('f.id', 'ASC')).getMany();
        const d = locked.find((r) => r.id === dup.id);
        const t = locked.find((r) => r.id === target.id);
        if (!d || !t || d.moderationState !== dup.moderationState || t.moderationState === 'MERGED') throw new Conflict();
        await em.createQueryBuilder().update(FeedbackRow).set({ moderationState: 'MERGED', mergedIntoId: t.id }).where('id = :id', { id: d.id }).execute();
        await applyRollup(em, d, { ...d, moderationState: 'MERGED' });
        await em.query(
          `INSERT INTO feedback_vote (feedbackId, patronId, createdAt)
           SELECT ?, v.patronId, v.createdAt FROM feedback_vote v
           WHERE v.feedbackId = ? AND NOT EXISTS (SELECT 1 FROM feedback_vote w WHERE w.feedbackId = ? AND w.patronId = v.patronId)`,
          [t.id, d.id, t.id],
        );
        await em.query('UPDATE feedback SET voteCount = (SELECT COUNT(*) FROM feedback_vote WHERE feedbackId = ?) WHERE id = ?', [t.id, t.id]);
        await em.insert(FeedbackModerationRow, [
          this.record(d.id, 'MERGED', d.moderationState, 'MERGED', reason!, now, t.id),
          this.record(t.id, 'MERGE_TARGET', t.moderationState, t.moderationState, reason!, now, d.id),
        ]);
      });
    } catch (e) {
      if (!(e instanceof Conflict)) throw e;
      check.fail('duplicateId', UserErrorCode.CONFLICT, 'An item changed meanwhile; read them again and retry');
      return { value: null, userErrors: check.errors };
    }
    this.ctx.log.info({ duplicateId: dup.id, targetId: target.id }, 'feedback merged');
    const fresh = await this.ctx.db.manager.findBy(FeedbackRow, { id: In([dup.id, target.id]) });
    const of = (id: string) => toFeedback(fresh.find((r) => r.id === id)!, this.viewer);
    return { value: { target: of(target.id), duplicate: of(dup.id) }, userErrors: [] };
  }

  /**
   * The moderation queue: items of the caller's branches (STAFF; ADMIN: all)
   * in the given states (default HELD), oldest first. Other roles FORBIDDEN.
   */
  async queue(args: { branchIds?: string[] | null; states?: ModerationState[] | null; first?: number | null; after?: string | null }) {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const first = checkFirst(args.first);
    const order = FeedbackOrder.SUBMITTED_AT_ASC;
    const after = decodeFeedbackCursor(order, args.after);
    const states = args.states?.length ? args.states : [ModerationState.HELD];
    const own = staffScope(this.viewer);
    const asked = args.branchIds ? filterIds(args.branchIds, 'branchIds') : null;
    const branches = own === null ? asked : asked === null ? own : asked.filter((b) => own.includes(b));
    const base = () => {
      const qb = this.ctx.db.manager.createQueryBuilder(FeedbackRow, 'f').where('f.moderationState IN (:...qStates)', { qStates: orNoMatch(states) });
      if (branches !== null) qb.andWhere('f.branchId IN (:...qBranches)', { qBranches: orNoMatch(branches) });
      return qb;
    };
    const rows = await applyKeyset(base(), ORDER_KEYS[order], after, first + 1).getMany();
    return toConnection(rows.map((r) => toFeedback(r, this.viewer)), first, (f) => cursorOf(order, f), () => base().getCount(), after !== null);
  }

  /** The moderation record of an item, oldest first, batched: staff of its branch and ADMIN; others an empty list. */
  async actions(feedbackId: string, branchId: string): Promise<ModerationAction[]> {
    if (!canManage(this.viewer, branchId)) return [];
    const rows = await this.ctx.loaders
      .get<string, FeedbackModerationRow[]>('moderationOf', async (ids) =>
        groupByKey(ids, await this.ctx.db.manager.find(FeedbackModerationRow, { where: { feedbackId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } }), (r) => r.feedbackId))
      .load(feedbackId);
    return rows.map(toModerationAction);
  }
}
