import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createImportKeyTable } from '@ceg/persistence';

/** Source ids of imported programs and sessions (LibCal event ids), so that importing again updates. */
export class ImportKeys1796450000000 implements MigrationInterface {
  name = 'ProgramsImportKeys1796450000000';

  async up(q: QueryRunner): Promise<void> {
    await createImportKeyTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('import_key');
  }
}
