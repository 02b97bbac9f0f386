import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** Session series (RFC 5545 recurrence rules) and the series and recurrence id of each occurrence. */
export class Series1764720000000 implements MigrationInterface {
  name = 'Series1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'session_series',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'programId', type: 'varchar', length: '36' },
        { name: 'branchId', type: 'varchar', length: '36' },
        { name: 'recurrence', type: 'varchar', length: '500' },
        { name: 'timeZone', type: 'varchar', length: '64' },
        { name: 'startsAt', type: 'datetime', precision: 3 },
        { name: 'endsAt', type: 'datetime', precision: 3 },
        { name: 'exceptDates', type: 'text' },
        { name: 'location', type: 'varchar', length: '200', isNullable: true },
        { name: 'capacity', type: 'int', isNullable: true },
        { name: 'status', type: 'varchar', length: '20' },
        { name: 'createdAt', type: 'datetime', precision: 3 },
        { name: 'updatedAt', type: 'datetime', precision: 3 },
      ],
      indices: [new TableIndex({ name: 'IDX_series_program', columnNames: ['programId', 'startsAt'] })],
    }));
    await q.addColumns('program_session', [
      new TableColumn({ name: 'seriesId', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'recurrenceId', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await q.createIndex('program_session', new TableIndex({ name: 'IDX_session_series', columnNames: ['seriesId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('program_session', 'IDX_session_series');
    await q.dropColumn('program_session', 'recurrenceId');
    await q.dropColumn('program_session', 'seriesId');
    await q.dropTable('session_series');
  }
}
