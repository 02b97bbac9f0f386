import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

const ref = (name: string) => ({ name, type: 'varchar', length: '36' });

/** Named peer groups of branches, defined per consortium. */
export class PeerGroups1796515200000 implements MigrationInterface {
  name = 'PeerGroups1796515200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'peer_group',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        ref('consortiumId'),
        { name: 'name', type: 'varchar', length: '200' },
        { name: 'nameKey', type: 'varchar', length: '200' },
        { name: 'description', type: 'varchar', length: '2000', isNullable: true },
        { name: 'createdAt', type: 'datetime', precision: 3 },
        { name: 'updatedAt', type: 'datetime', precision: 3 },
      ],
      indices: [new TableIndex({ name: 'UQ_peer_group_name', columnNames: ['consortiumId', 'nameKey'], isUnique: true })],
      foreignKeys: [new TableForeignKey({ columnNames: ['consortiumId'], referencedTableName: 'consortium', referencedColumnNames: ['id'] })],
    }));
    await q.createTable(new Table({
      name: 'peer_group_member',
      columns: [{ ...ref('peerGroupId'), isPrimary: true }, { ...ref('branchId'), isPrimary: true }],
      indices: [new TableIndex({ name: 'IDX_peer_group_member_branch', columnNames: ['branchId'] })],
      foreignKeys: [
        new TableForeignKey({ columnNames: ['peerGroupId'], referencedTableName: 'peer_group', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        new TableForeignKey({ columnNames: ['branchId'], referencedTableName: 'branch', referencedColumnNames: ['id'] }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('peer_group_member');
    await q.dropTable('peer_group');
  }
}
