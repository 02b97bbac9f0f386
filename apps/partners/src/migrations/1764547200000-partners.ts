import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string, isPrimary = false) => ({ name, type: 'varchar', length: '36', isPrimary });
const instant = (name: string) => ({ name, type: 'datetime', precision: 3 });
const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const fk = (column: string, table: string) => new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'] });

/** Partners, their contacts, partnerships (branches, service areas, linked programs) and contributions. */
export class Partners1764547200000 implements MigrationInterface {
  name = 'Partners1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'partner',
      columns: [id, str('name', 200), str('type', 32), { name: 'description', type: 'text', isNullable: true }, str('website', 2000, true), str('serviceAreas', 1000), instant('createdAt')],
      indices: [
        new TableIndex({ name: 'IDX_partner_name', columnNames: ['name', 'id'] }),
        new TableIndex({ name: 'IDX_partner_type', columnNames: ['type', 'name'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'partner_contact',
      columns: [id, ref('partnerId'), { name: 'position', type: 'int' }, str('name', 200), str('role', 200, true), str('email', 254, true), str('phone', 40, true)],
      indices: [new TableIndex({ name: 'IDX_partner_contact_partner', columnNames: ['partnerId', 'position'] })],
      foreignKeys: [fk('partnerId', 'partner')],
    }));
    await q.createTable(new Table({
      name: 'partnership',
      columns: [
        id, ref('partnerId'), str('partnerType', 32), str('title', 200), { name: 'sharedGoals', type: 'text' }, str('status', 16), str('agreementType', 16),
        { name: 'startsOn', type: 'date', isNullable: true }, { name: 'endsOn', type: 'date', isNullable: true }, instant('createdAt'), instant('updatedAt'),
      ],
      indices: [
        new TableIndex({ name: 'IDX_partnership_created', columnNames: ['createdAt', 'id'] }),
        new TableIndex({ name: 'IDX_partnership_status', columnNames: ['status', 'createdAt'] }),
        new TableIndex({ name: 'IDX_partnership_partner', columnNames: ['partnerId', 'createdAt'] }),
        new TableIndex({ name: 'IDX_partnership_starts', columnNames: ['startsOn'] }),
      ],
      foreignKeys: [fk('partnerId', 'partner')],
    }));
    await q.createTable(new Table({
      name: 'partnership_branch',
      columns: [ref('partnershipId', true), ref('branchId', true)],
      indices: [new TableIndex({ name: 'IDX_partnership_branch_branch', columnNames: ['branchId', 'partnershipId'] })],
      foreignKeys: [fk('partnershipId', 'partnership')],
    }));
    await q.createTable(new Table({
      name: 'partnership_service_area',
      columns: [ref('partnershipId', true), { ...str('serviceArea', 40), isPrimary: true }],
      indices: [new TableIndex({ name: 'IDX_partnership_service_area_area', columnNames: ['serviceArea', 'partnershipId'] })],
      foreignKeys: [fk('partnershipId', 'partnership')],
    }));
    // The primary key makes linking a program twice a no-op, also under concurrent requests.
    await q.createTable(new Table({
      name: 'partnership_program',
      columns: [ref('partnershipId', true), ref('programId', true), instant('linkedAt')],
      indices: [new TableIndex({ name: 'IDX_partnership_program_program', columnNames: ['programId', 'partnershipId'] })],
      foreignKeys: [fk('partnershipId', 'partnership')],
    }));
    await q.createTable(new Table({
      name: 'contribution',
      columns: [
        id, ref('partnershipId'), str('kind', 16), str('direction', 16), { name: 'description', type: 'text' },
        { name: 'amountCents', type: 'bigint', isNullable: true }, str('currency', 3, true), { name: 'hoursCenti', type: 'bigint', isNullable: true },
        { name: 'contributedOn', type: 'date' }, instant('createdAt'),
      ],
      indices: [new TableIndex({ name: 'IDX_contribution_partnership', columnNames: ['partnershipId', 'contributedOn'] })],
      foreignKeys: [fk('partnershipId', 'partnership')],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['contribution', 'partnership_program', 'partnership_service_area', 'partnership_branch', 'partnership', 'partner_contact', 'partner']) await q.dropTable(t);
  }
}
