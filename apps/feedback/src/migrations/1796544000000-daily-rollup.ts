import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { ROLLUP_COLUMNS, rebuildRollupSql } from '../rollup';

const str = (name: string, length: number) => ({ name, type: 'varchar', length: String(length), isPrimary: true });

/** The daily rollup the aggregates read (rollup.ts), filled from the items already stored. */
export class DailyRollup1796544000000 implements MigrationInterface {
  name = 'DailyRollup1796544000000';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.options.type !== 'mysql' && q.connection.options.type !== 'mariadb';
    await q.createTable(new Table({
      name: 'feedback_daily',
      columns: [
        str('branchId', 36), { name: 'month', type: 'date', isPrimary: true }, { name: 'day', type: 'date', isPrimary: true },
        str('category', 32), str('channel', 32), str('status', 16), str('sentiment', 16), str('language', 35),
        { name: 'isPublic', type: 'boolean', isPrimary: true }, str('moderationState', 16),
        ...ROLLUP_COLUMNS.map((c) => ({ name: c.name, type: c.name.endsWith('Ms') ? 'bigint' : 'int' })),
      ],
    }));
    await q.query(rebuildRollupSql(sqlite ? 'sqlite' : 'mysql'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('feedback_daily');
  }
}
