import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { isKeySum, rebuildTallies, TALLY_MEASURES } from '../tally';

const id = (name: string, isPrimary = false) => ({ name, type: 'varchar', length: '36', isPrimary });
const measures = () => TALLY_MEASURES.map((m) => ({ name: m.name, type: isKeySum(m.name) ? 'bigint' : 'int', default: 0 }));

/** The per-session tallies and their monthly sums that the program aggregates read (tally.ts), filled from the rows already stored. */
export class Tallies1796600000000 implements MigrationInterface {
  name = 'ProgramsTallies1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'session_tally',
      columns: [id('sessionId', true), id('branchId'), id('programId'), { name: 'startsAt', type: 'datetime', precision: 3 }, ...measures()],
      indices: [
        new TableIndex({ name: 'IDX_tally_branch_start', columnNames: ['branchId', 'startsAt'] }),
        new TableIndex({ name: 'IDX_tally_start', columnNames: ['startsAt'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'program_monthly',
      columns: [id('branchId', true), { name: 'month', type: 'date', isPrimary: true }, id('programId', true), ...measures()],
    }));
    await rebuildTallies(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('program_monthly');
    await q.dropTable('session_tally');
  }
}
