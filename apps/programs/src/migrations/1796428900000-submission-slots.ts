import { createSubmissionSlotTable } from '@ceg/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The slots of the per-client submission limit (libs/persistence/src/submission-limit.ts). */
export class SubmissionSlots1796428900000 implements MigrationInterface {
  name = 'SubmissionSlots1796428900000';

  async up(q: QueryRunner): Promise<void> {
    await createSubmissionSlotTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('submission_slot');
  }
}
