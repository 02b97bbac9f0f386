import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** PLS fidelity: hybrid programs and their virtual attendance, and the branches that share a system-level program. */
export class Pls1796500000000 implements MigrationInterface {
  name = 'ProgramsPls1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('program', new TableColumn({ name: 'hybrid', type: 'int', default: 0 }));
    await q.addColumn('program_session', new TableColumn({ name: 'virtualAttendance', type: 'int', isNullable: true }));
    await q.createTable(new Table({
      name: 'program_offering',
      columns: [
        { name: 'programId', type: 'varchar', length: '36', isPrimary: true },
        { name: 'branchId', type: 'varchar', length: '36', isPrimary: true },
      ],
      indices: [new TableIndex({ name: 'IDX_offering_branch', columnNames: ['branchId'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('program_offering');
    await q.dropColumn('program_session', 'virtualAttendance');
    await q.dropColumn('program', 'hybrid');
  }
}
