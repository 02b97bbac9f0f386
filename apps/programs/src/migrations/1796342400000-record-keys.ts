import { CELL_KEY_RANGE } from '@ceg/conventions';
import { randomIntSql } from '@ceg/persistence';
import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Outcome survey responses carry a random record key (the cell-key method
 * of libs/conventions/src/privacy.ts): the column, and a key for every
 * response already stored.
 */
export class RecordKeys1796342400000 implements MigrationInterface {
  name = 'ProgramsRecordKeys1796342400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('outcome_response', new TableColumn({ name: 'recordKey', type: 'int', default: 0 }));
    const dialect = q.connection.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
    await q.query(`UPDATE outcome_response SET recordKey = ${randomIntSql(dialect, CELL_KEY_RANGE)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('outcome_response', 'recordKey');
  }
}
