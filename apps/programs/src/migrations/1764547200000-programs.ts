import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string) => ({ name, type: 'varchar', length: '36' });
const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const datetime = (name: string) => ({ name, type: 'datetime', precision: 3 });
const int = (name: string, type = 'int') => ({ name, type, isNullable: true });

/** Programs, sessions, registrations and anonymous outcome survey answers. */
export class Programs1764547200000 implements MigrationInterface {
  name = 'Programs1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'program',
      columns: [
        id, ref('branchId'), varchar('title', 200), { name: 'description', type: 'text' }, varchar('serviceArea', 40), varchar('ageGroup', 20),
        varchar('format', 20), varchar('languages', 400), varchar('accessibilityNotes', 2000, true), varchar('status', 20), { name: 'tags', type: 'text' },
        datetime('createdAt'), datetime('updatedAt'),
      ],
      indices: [
        new TableIndex({ name: 'IDX_program_branch_status', columnNames: ['branchId', 'status'] }),
        new TableIndex({ name: 'IDX_program_status', columnNames: ['status'] }),
        new TableIndex({ name: 'IDX_program_title', columnNames: ['title', 'id'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'program_session',
      columns: [
        id, ref('programId'), ref('branchId'), datetime('startsAt'), datetime('endsAt'), varchar('location', 200, true), int('capacity'),
        varchar('status', 20), int('attendance'), datetime('createdAt'), datetime('updatedAt'),
      ],
      indices: [
        new TableIndex({ name: 'IDX_session_program_start', columnNames: ['programId', 'startsAt'] }),
        new TableIndex({ name: 'IDX_session_branch_start', columnNames: ['branchId', 'startsAt'] }),
        new TableIndex({ name: 'IDX_session_start', columnNames: ['startsAt', 'id'] }),
      ],
      foreignKeys: [new TableForeignKey({ columnNames: ['programId'], referencedTableName: 'program', referencedColumnNames: ['id'] })],
    }));
    await q.createTable(new Table({
      name: 'registration',
      columns: [
        id, ref('sessionId'), ref('programId'), ref('branchId'), varchar('patronId', 200), varchar('status', 20), int('waitlistPosition'),
        varchar('liveKey', 240, true), datetime('registeredAt'), datetime('updatedAt'),
      ],
      indices: [
        new TableIndex({ name: 'UQ_registration_live', columnNames: ['liveKey'], isUnique: true }),
        new TableIndex({ name: 'IDX_registration_session_status', columnNames: ['sessionId', 'status'] }),
        new TableIndex({ name: 'IDX_registration_patron', columnNames: ['patronId', 'registeredAt'] }),
        new TableIndex({ name: 'IDX_registration_branch', columnNames: ['branchId'] }),
      ],
      foreignKeys: [new TableForeignKey({ columnNames: ['sessionId'], referencedTableName: 'program_session', referencedColumnNames: ['id'] })],
    }));
    await q.createTable(new Table({
      name: 'outcome_response',
      columns: [
        id, ref('sessionId'), ref('programId'), ref('branchId'), varchar('surveyType', 20),
        int('knowledge', 'smallint'), int('confidence', 'smallint'), int('application', 'smallint'), int('awareness', 'smallint'),
        { name: 'comment', type: 'text', isNullable: true }, { name: 'submittedOn', type: 'date' },
      ],
      indices: [
        new TableIndex({ name: 'IDX_outcome_session', columnNames: ['sessionId', 'surveyType'] }),
        new TableIndex({ name: 'IDX_outcome_program', columnNames: ['programId'] }),
      ],
      foreignKeys: [new TableForeignKey({ columnNames: ['sessionId'], referencedTableName: 'program_session', referencedColumnNames: ['id'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('outcome_response');
    await q.dropTable('registration');
    await q.dropTable('program_session');
    await q.dropTable('program');
  }
}
