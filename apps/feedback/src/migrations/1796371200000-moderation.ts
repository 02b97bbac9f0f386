import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Moderation of the public board (RULES.md §8): each item's moderation state,
 * what the automatic screen found, the item a duplicate was merged into, and
 * the record of every moderation action. Existing public items stay
 * published; non-public ones are NOT_PUBLIC.
 */
export class Moderation1796371200000 implements MigrationInterface {
  name = 'Moderation1796371200000';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.options.type !== 'mysql' && q.connection.options.type !== 'mariadb';
    if (sqlite) {
      // ADD COLUMN keeps the table (no copy), so the rows that reference it stay valid.
      await q.query(`ALTER TABLE "feedback" ADD COLUMN "moderationState" varchar(16) NOT NULL DEFAULT ('PUBLISHED')`);
      await q.query(`ALTER TABLE "feedback" ADD COLUMN "screenFlags" varchar(100) NOT NULL DEFAULT ('')`);
      await q.query(`ALTER TABLE "feedback" ADD COLUMN "mergedIntoId" varchar(36) NULL`);
    } else {
      await q.query("ALTER TABLE `feedback` ADD COLUMN `moderationState` varchar(16) NOT NULL DEFAULT 'PUBLISHED', ADD COLUMN `screenFlags` varchar(100) NOT NULL DEFAULT '', ADD COLUMN `mergedIntoId` varchar(36) NULL");
    }
    await q.query(`UPDATE feedback SET moderationState = 'NOT_PUBLIC' WHERE isPublic = ?`, [false]);
    await q.createIndex('feedback', new TableIndex({ name: 'IDX_feedback_moderation', columnNames: ['moderationState', 'branchId', 'submittedAt'] }));
    await q.createIndex('feedback', new TableIndex({ name: 'IDX_feedback_merged_into', columnNames: ['mergedIntoId'] }));
    await q.createTable(new Table({
      name: 'feedback_moderation',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'feedbackId', type: 'varchar', length: '36' },
        { name: 'action', type: 'varchar', length: '16' },
        { name: 'fromState', type: 'varchar', length: '16' },
        { name: 'toState', type: 'varchar', length: '16' },
        { name: 'reason', type: 'text' },
        { name: 'actorSub', type: 'varchar', length: '200', isNullable: true },
        { name: 'actorName', type: 'varchar', length: '200' },
        { name: 'relatedFeedbackId', type: 'varchar', length: '36', isNullable: true },
        { name: 'createdAt', type: 'datetime', precision: 3 },
      ],
      indices: [new TableIndex({ name: 'IDX_feedback_moderation_feedback', columnNames: ['feedbackId', 'createdAt'] })],
      foreignKeys: [new TableForeignKey({ columnNames: ['feedbackId'], referencedTableName: 'feedback', referencedColumnNames: ['id'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('feedback_moderation');
    await q.dropIndex('feedback', 'IDX_feedback_merged_into');
    await q.dropIndex('feedback', 'IDX_feedback_moderation');
    await q.dropColumn('feedback', 'mergedIntoId');
    await q.dropColumn('feedback', 'screenFlags');
    await q.dropColumn('feedback', 'moderationState');
  }
}
