import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { outboxTable } from '@ceg/kit';

/** The notification outbox and submitters' wishes to hear about responses. */
export class Notifications1796428800000 implements MigrationInterface {
  name = 'Notifications1796428800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(outboxTable());
    await q.createTable(new Table({
      name: 'feedback_subscription',
      columns: [
        { name: 'feedbackId', type: 'varchar', length: '36', isPrimary: true }, { name: 'emailEnabled', type: 'boolean' }, { name: 'webhookEnabled', type: 'boolean' },
        { name: 'locale', type: 'varchar', length: '5' }, { name: 'createdAt', type: 'datetime', precision: 3 },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('feedback_subscription');
    await q.dropTable('notification_outbox');
  }
}
