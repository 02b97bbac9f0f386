import { CELL_KEY_RANGE } from '@ceg/conventions';
import { randomIntSql } from '@ceg/persistence';
import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Answer sheets carry a random record key (the cell-key method of
 * libs/conventions/src/privacy.ts): the column, and a key for every sheet
 * already stored.
 */
export class RecordKeys1796342400000 implements MigrationInterface {
  name = 'RecordKeys1796342400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('participant_response', new TableColumn({ name: 'recordKey', type: 'int', default: 0 }));
    const dialect = q.connection.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
    await q.query(`UPDATE participant_response SET recordKey = ${randomIntSql(dialect, CELL_KEY_RANGE)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('participant_response', 'recordKey');
  }
}
