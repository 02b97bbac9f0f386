import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { outboxTable } from '@ceg/kit';

/** The notification outbox and patrons' notification preferences. */
export class Notifications1796428800000 implements MigrationInterface {
  name = 'Notifications1796428800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(outboxTable());
    await q.createTable(new Table({
      name: 'notification_preference',
      columns: [
        { name: 'sub', type: 'varchar', length: '200', isPrimary: true }, { name: 'email', type: 'varchar', length: '254', isNullable: true },
        { name: 'emailEnabled', type: 'boolean' }, { name: 'webhookEnabled', type: 'boolean' }, { name: 'locale', type: 'varchar', length: '5' },
        { name: 'updatedAt', type: 'datetime', precision: 3 },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification_preference');
    await q.dropTable('notification_outbox');
  }
}
