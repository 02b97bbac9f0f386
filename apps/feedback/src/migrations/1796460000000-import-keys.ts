import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createImportKeyTable } from '@ceg/persistence';

/** Source ids of imported feedback items and their responses, so that importing again updates. */
export class ImportKeys1796460000000 implements MigrationInterface {
  name = 'FeedbackImportKeys1796460000000';

  async up(q: QueryRunner): Promise<void> {
    await createImportKeyTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('import_key');
  }
}
