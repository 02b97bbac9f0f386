import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { fillMonthlyRollup, MONTHLY_COLUMNS } from '../rollup';

/** The monthly rollup the aggregates read (rollup.ts), filled from the daily rollup a few branches per statement. */
export class MonthlyRollup1796630400000 implements MigrationInterface {
  name = 'MonthlyRollup1796630400000';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.options.type !== 'mysql' && q.connection.options.type !== 'mariadb';
    await q.createTable(new Table({
      name: 'feedback_monthly',
      columns: [
        { name: 'branchId', type: 'varchar', length: '36', isPrimary: true }, { name: 'month', type: 'date', isPrimary: true },
        ...MONTHLY_COLUMNS.map((c) => ({ name: c.name, type: c.name.endsWith('Ms') ? 'bigint' : 'int' })),
      ],
    }));
    await fillMonthlyRollup((sql, params) => q.query(sql, params), sqlite ? 'sqlite' : 'mysql');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('feedback_monthly');
  }
}
