import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '36', isNullable });
const instant = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });

/** Feedback, responses, votes, community discussions and needs assessments. */
export class Feedback1764547200000 implements MigrationInterface {
  name = 'Feedback1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'community_discussion',
      columns: [
        id, ref('branchId'), str('title', 200), str('format', 32), instant('heldAt'),
        { name: 'attendeeCount', type: 'int' },
        { name: 'summary', type: 'text', isNullable: true },
        instant('createdAt'),
      ],
      indices: [new TableIndex({ name: 'IDX_community_discussion_branch', columnNames: ['branchId', 'heldAt'] })],
    }));
    await q.createTable(new Table({
      name: 'feedback',
      columns: [
        id, ref('branchId'), str('channel', 32), str('category', 32), str('subject', 200),
        { name: 'body', type: 'text' },
        { name: 'rating', type: 'int', isNullable: true },
        str('language', 35), str('sentiment', 16), str('status', 16),
        { name: 'isPublic', type: 'boolean' },
        { name: 'voteCount', type: 'int', default: 0 },
        { name: 'tags', type: 'text' },
        instant('submittedAt'), instant('acknowledgedAt', true), instant('resolvedAt', true),
        str('contactName', 200, true), str('contactEmail', 254, true), str('contactPhone', 40, true),
        ref('relatedProgramId', true), ref('discussionId', true),
        str('submitterSub', 200, true), str('rateKey', 220), str('idempotencyScope', 220, true), str('idempotencyKey', 100, true),
      ],
      indices: [
        new TableIndex({ name: 'IDX_feedback_branch_submitted', columnNames: ['branchId', 'submittedAt'] }),
        new TableIndex({ name: 'IDX_feedback_public_submitted', columnNames: ['isPublic', 'submittedAt'] }),
        new TableIndex({ name: 'IDX_feedback_submitted', columnNames: ['submittedAt'] }),
        new TableIndex({ name: 'IDX_feedback_votes', columnNames: ['voteCount', 'submittedAt'] }),
        new TableIndex({ name: 'IDX_feedback_program', columnNames: ['relatedProgramId', 'submittedAt'] }),
        new TableIndex({ name: 'IDX_feedback_discussion', columnNames: ['discussionId'] }),
        new TableIndex({ name: 'IDX_feedback_submitter', columnNames: ['submitterSub', 'submittedAt'] }),
        new TableIndex({ name: 'IDX_feedback_rate', columnNames: ['rateKey', 'submittedAt'] }),
        new TableIndex({ name: 'UQ_feedback_idempotency', columnNames: ['idempotencyScope', 'idempotencyKey'], isUnique: true }),
      ],
      foreignKeys: [new TableForeignKey({ columnNames: ['discussionId'], referencedTableName: 'community_discussion', referencedColumnNames: ['id'] })],
    }));
    await q.createTable(new Table({
      name: 'feedback_response',
      columns: [id, ref('feedbackId'), { name: 'body', type: 'text' }, str('visibility', 16), str('authorName', 200), str('authorSub', 200, true), instant('createdAt')],
      indices: [new TableIndex({ name: 'IDX_feedback_response_feedback', columnNames: ['feedbackId', 'createdAt'] })],
      foreignKeys: [new TableForeignKey({ columnNames: ['feedbackId'], referencedTableName: 'feedback', referencedColumnNames: ['id'] })],
    }));
    // One vote per patron per item: the primary key is the unique constraint.
    await q.createTable(new Table({
      name: 'feedback_vote',
      columns: [{ ...ref('feedbackId'), isPrimary: true }, { ...str('patronId', 200), isPrimary: true }, instant('createdAt')],
      foreignKeys: [new TableForeignKey({ columnNames: ['feedbackId'], referencedTableName: 'feedback', referencedColumnNames: ['id'] })],
    }));
    await q.createTable(new Table({
      name: 'needs_assessment',
      columns: [id, ref('branchId'), str('title', 200), str('method', 32), { name: 'conductedOn', type: 'date' }, { name: 'respondentCount', type: 'int' }, instant('createdAt')],
      indices: [new TableIndex({ name: 'IDX_needs_assessment_branch', columnNames: ['branchId', 'conductedOn'] })],
    }));
    await q.createTable(new Table({
      name: 'need_finding',
      columns: [
        id, ref('assessmentId'), { name: 'position', type: 'int' }, str('need', 200), str('serviceArea', 40, true), str('priority', 8),
        { name: 'evidence', type: 'text', isNullable: true },
      ],
      indices: [new TableIndex({ name: 'IDX_need_finding_assessment', columnNames: ['assessmentId', 'position'] })],
      foreignKeys: [new TableForeignKey({ columnNames: ['assessmentId'], referencedTableName: 'needs_assessment', referencedColumnNames: ['id'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('need_finding');
    await q.dropTable('needs_assessment');
    await q.dropTable('feedback_vote');
    await q.dropTable('feedback_response');
    await q.dropTable('feedback');
    await q.dropTable('community_discussion');
  }
}
