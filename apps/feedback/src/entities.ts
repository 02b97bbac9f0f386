import { SubmissionSlotRow } from '@ceg/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type FeedbackStatusValue = 'RECEIVED' | 'ACKNOWLEDGED' | 'IN_PROGRESS' | 'RESOLVED' | 'DECLINED';

/** Where an item stands on the public board (RULES.md §8); see ModerationState. */
export type ModerationStateValue = 'PUBLISHED' | 'HELD' | 'HIDDEN' | 'MERGED' | 'NOT_PUBLIC';

@Entity('feedback')
@Index('IDX_feedback_branch_submitted', ['branchId', 'submittedAt'])
@Index('IDX_feedback_public_submitted', ['isPublic', 'submittedAt'])
@Index('IDX_feedback_submitted', ['submittedAt'])
@Index('IDX_feedback_votes', ['voteCount', 'submittedAt'])
@Index('IDX_feedback_program', ['relatedProgramId', 'submittedAt'])
@Index('IDX_feedback_discussion', ['discussionId'])
@Index('IDX_feedback_submitter', ['submitterSub', 'submittedAt'])
@Index('IDX_feedback_rate', ['rateKey', 'submittedAt'])
@Index('IDX_feedback_moderation', ['moderationState', 'branchId', 'submittedAt'])
@Index('IDX_feedback_merged_into', ['mergedIntoId'])
// MySQL/MariaDB: a FULLTEXT index; SQLite: the FTS5 table feedback_fts (migrations, search.ts).
@Index('IDX_feedback_search', ['searchText'], { fulltext: true })
@Index('UQ_feedback_idempotency', ['idempotencyScope', 'idempotencyKey'], { unique: true })
export class FeedbackRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'varchar', length: 32 }) channel: string;
  @Column({ type: 'varchar', length: 32 }) category: string;
  @Column({ type: 'varchar', length: 200 }) subject: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'int', nullable: true }) rating: number | null;
  @Column({ type: 'varchar', length: 35 }) language: string;
  @Column({ type: 'varchar', length: 16 }) sentiment: string;
  @Column({ type: 'varchar', length: 16 }) status: FeedbackStatusValue;
  @Column({ type: 'boolean' }) isPublic: boolean;
  @Column({ type: 'int', default: 0 }) voteCount: number;
  /** JSON array of strings. */
  @Column({ type: 'text' }) tags: string;
  @Column({ type: 'datetime', precision: 3 }) submittedAt: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) acknowledgedAt: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) contactName: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) contactEmail: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) contactPhone: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) relatedProgramId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) discussionId: string | null;
  /** The submitting person's token `sub` (null when anonymous). */
  @Column({ type: 'varchar', length: 200, nullable: true }) submitterSub: string | null;
  /** Who the anonymous-submission rate limit counts against. */
  @Column({ type: 'varchar', length: 220 }) rateKey: string;
  @Column({ type: 'varchar', length: 220, nullable: true }) idempotencyScope: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) idempotencyKey: string | null;
  /** PUBLISHED only when `isPublic` and the screen or staff let it on the board. */
  @Column({ type: 'varchar', length: 16, default: 'PUBLISHED' }) moderationState: ModerationStateValue;
  /** What the automatic screen found, comma-separated ScreenFlag values ('' for nothing). */
  @Column({ type: 'varchar', length: 100, default: '' }) screenFlags: string;
  /** The item this one was merged into (moderationState MERGED). */
  @Column({ type: 'varchar', length: 36, nullable: true }) mergedIntoId: string | null;
  /** Subject, body and tags folded for search (search.ts `searchDocument`). */
  @Column({ type: 'text' }) searchText: string;
}

/** The moderation record: every screen hold and staff action, who did it and when (RULES.md §8). */
@Entity('feedback_moderation')
@Index('IDX_feedback_moderation_feedback', ['feedbackId', 'createdAt'])
export class FeedbackModerationRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) feedbackId: string;
  /** HELD, HIDDEN, SHOWN, MERGED, MERGE_TARGET, DECLINED (ModerationActionKind). */
  @Column({ type: 'varchar', length: 16 }) action: string;
  @Column({ type: 'varchar', length: 16 }) fromState: string;
  @Column({ type: 'varchar', length: 16 }) toState: string;
  @Column({ type: 'text' }) reason: string;
  /** The acting person's token `sub`; null for the automatic screen. */
  @Column({ type: 'varchar', length: 200, nullable: true }) actorSub: string | null;
  @Column({ type: 'varchar', length: 200 }) actorName: string;
  /** The other item of a merge. */
  @Column({ type: 'varchar', length: 36, nullable: true }) relatedFeedbackId: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('feedback_response')
@Index('IDX_feedback_response_feedback', ['feedbackId', 'createdAt'])
export class FeedbackResponseRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) feedbackId: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 16 }) visibility: 'PUBLIC' | 'INTERNAL';
  @Column({ type: 'varchar', length: 200 }) authorName: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) authorSub: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('feedback_vote')
export class FeedbackVoteRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) feedbackId: string;
  @PrimaryColumn({ type: 'varchar', length: 200 }) patronId: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('community_discussion')
@Index('IDX_community_discussion_branch', ['branchId', 'heldAt'])
export class CommunityDiscussionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'varchar', length: 32 }) format: string;
  @Column({ type: 'datetime', precision: 3 }) heldAt: Date;
  @Column({ type: 'int' }) attendeeCount: number;
  @Column({ type: 'text', nullable: true }) summary: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('needs_assessment')
@Index('IDX_needs_assessment_branch', ['branchId', 'conductedOn'])
export class NeedsAssessmentRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'varchar', length: 32 }) method: string;
  @Column({ type: 'date' }) conductedOn: string;
  @Column({ type: 'int' }) respondentCount: number;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('need_finding')
@Index('IDX_need_finding_assessment', ['assessmentId', 'position'])
export class NeedFindingRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) assessmentId: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'varchar', length: 200 }) need: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) serviceArea: string | null;
  @Column({ type: 'varchar', length: 8 }) priority: string;
  @Column({ type: 'text', nullable: true }) evidence: string | null;
}

/**
 * The daily rollup of feedback items (`feedback_daily`): one row per branch,
 * UTC day of `submittedAt` and combination of every value an aggregate can
 * group or filter by (category, channel, status, sentiment, language,
 * isPublic, moderationState), holding additive sums of the items with those
 * values. Written in the same transaction as every write that changes an
 * item's contribution (rollup.ts `applyRollup`), filled from the items by the migration
 * and the seeds (rollup.ts `rebuildRollupSql`). Aggregates read it for whole UTC days
 * (aggregates.ts).
 *
 * `month` (the first day of `day`'s month) is stored next to `day` and comes
 * second in the primary key, so that grouping by branch and month (or branch,
 * month and day) reads the key in order and needs no temporary table on
 * MySQL/MariaDB.
 *
 * Adding a measure: add its additive column here and in rollup.ts (ROLLUP_COLUMNS, with how one
 * item contributes and how the fill sums the items), and its sum in
 * aggregates.ts (SUMS: from the items and from this table).
 */
@Entity('feedback_daily')
export class FeedbackDailyRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) branchId: string;
  @PrimaryColumn({ type: 'date' }) month: string;
  @PrimaryColumn({ type: 'date' }) day: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) category: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) channel: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) status: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) sentiment: string;
  @PrimaryColumn({ type: 'varchar', length: 35 }) language: string;
  @PrimaryColumn({ type: 'boolean' }) isPublic: boolean;
  @PrimaryColumn({ type: 'varchar', length: 16 }) moderationState: string;
  /** Items. */
  @Column({ type: 'int' }) n: number;
  @Column({ type: 'int' }) ratingSum: number;
  /** Items with a rating. */
  @Column({ type: 'int' }) ratingN: number;
  /** Milliseconds from submission to acknowledgement, summed over the acknowledged items. */
  @Column({ type: 'bigint' }) ackMs: number;
  @Column({ type: 'int' }) ackN: number;
  /** Milliseconds from submission to resolution, summed over the resolved items. */
  @Column({ type: 'bigint' }) resMs: number;
  @Column({ type: 'int' }) resN: number;
}

/**
 * The monthly rollup of feedback items (`feedback_monthly`): one row per
 * branch and UTC month of `submittedAt` (`month`, its first day), holding the
 * additive sums of the items that are not MERGED, with the counts by status
 * as columns (the key has no status). At a large consortium's density the
 * daily rollup holds about one row per item; this one holds a row per branch
 * and month whatever the density. Kept in the same transaction and by the same
 * code as the daily rollup (rollup.ts `applyRollupChanges`), filled from the
 * daily rollup by the migration, the seeds and rebuildRollup (rollup.ts
 * `fillMonthlyRollup`). Aggregates read it for whole UTC months when nothing
 * but the range and the branches narrows the items and they group by branch
 * and months, quarters or years at most (aggregates.ts).
 *
 * Adding a measure: its column here and in rollup.ts (MONTHLY_COLUMNS).
 */
@Entity('feedback_monthly')
export class FeedbackMonthlyRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) branchId: string;
  @PrimaryColumn({ type: 'date' }) month: string;
  /** Items (not MERGED). */
  @Column({ type: 'int' }) n: number;
  /** Items RECEIVED, ACKNOWLEDGED or IN_PROGRESS. */
  @Column({ type: 'int' }) openN: number;
  @Column({ type: 'int' }) resolvedN: number;
  @Column({ type: 'int' }) declinedN: number;
  @Column({ type: 'int' }) ratingSum: number;
  @Column({ type: 'int' }) ratingN: number;
  @Column({ type: 'bigint' }) ackMs: number;
  @Column({ type: 'int' }) ackN: number;
  @Column({ type: 'bigint' }) resMs: number;
  @Column({ type: 'int' }) resN: number;
}

export const ENTITIES = [FeedbackRow, FeedbackResponseRow, FeedbackVoteRow, FeedbackModerationRow, CommunityDiscussionRow, NeedsAssessmentRow, NeedFindingRow, SubmissionSlotRow, FeedbackDailyRow, FeedbackMonthlyRow];
