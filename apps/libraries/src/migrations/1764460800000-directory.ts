import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string) => ({ name, type: 'varchar', length: '36' });
const createdAt = { name: 'createdAt', type: 'datetime', precision: 3 };

/** The directory: consortia, library systems, branches. */
export class Directory1764460800000 implements MigrationInterface {
  name = 'Directory1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'consortium',
      columns: [
        id,
        { name: 'code', type: 'varchar', length: '32' },
        { name: 'name', type: 'varchar', length: '200' },
        { name: 'region', type: 'varchar', length: '200', isNullable: true },
        createdAt,
      ],
      indices: [new TableIndex({ name: 'UQ_consortium_code', columnNames: ['code'], isUnique: true })],
    }));
    await q.createTable(new Table({
      name: 'library_system',
      columns: [id, ref('consortiumId'), { name: 'code', type: 'varchar', length: '32' }, { name: 'name', type: 'varchar', length: '200' }, createdAt],
      indices: [
        new TableIndex({ name: 'UQ_library_system_code', columnNames: ['code'], isUnique: true }),
        new TableIndex({ name: 'IDX_library_system_consortium', columnNames: ['consortiumId'] }),
      ],
      foreignKeys: [new TableForeignKey({ columnNames: ['consortiumId'], referencedTableName: 'consortium', referencedColumnNames: ['id'] })],
    }));
    await q.createTable(new Table({
      name: 'branch',
      columns: [
        id,
        ref('systemId'),
        ref('consortiumId'),
        { name: 'code', type: 'varchar', length: '32' },
        { name: 'name', type: 'varchar', length: '200' },
        { name: 'addressLine1', type: 'varchar', length: '200', isNullable: true },
        { name: 'addressLine2', type: 'varchar', length: '200', isNullable: true },
        { name: 'city', type: 'varchar', length: '120', isNullable: true },
        { name: 'region', type: 'varchar', length: '120', isNullable: true },
        { name: 'postalCode', type: 'varchar', length: '20', isNullable: true },
        { name: 'country', type: 'varchar', length: '2', isNullable: true },
        { name: 'latitude', type: 'double', isNullable: true },
        { name: 'longitude', type: 'double', isNullable: true },
        { name: 'servicePopulation', type: 'int', isNullable: true },
        { name: 'openedOn', type: 'date', isNullable: true },
        createdAt,
      ],
      indices: [
        new TableIndex({ name: 'UQ_branch_code', columnNames: ['code'], isUnique: true }),
        new TableIndex({ name: 'IDX_branch_system', columnNames: ['systemId'] }),
        new TableIndex({ name: 'IDX_branch_consortium', columnNames: ['consortiumId'] }),
        new TableIndex({ name: 'IDX_branch_location', columnNames: ['latitude', 'longitude'] }),
      ],
      foreignKeys: [
        new TableForeignKey({ columnNames: ['systemId'], referencedTableName: 'library_system', referencedColumnNames: ['id'] }),
        new TableForeignKey({ columnNames: ['consortiumId'], referencedTableName: 'consortium', referencedColumnNames: ['id'] }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('branch');
    await q.dropTable('library_system');
    await q.dropTable('consortium');
  }
}
