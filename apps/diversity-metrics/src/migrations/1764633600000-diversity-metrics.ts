import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string) => ({ name, type: 'varchar', length: '36' });
const instant = (name: string) => ({ name, type: 'datetime', precision: 3 });
const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const rate = (name: string) => ({ name, type: 'double', isNullable: true });

/** Community profiles, anonymous participant answer sheets, collection and accessibility audits. */
export class DiversityMetrics1764633600000 implements MigrationInterface {
  name = 'DiversityMetrics1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'community_profile',
      columns: [
        id, ref('branchId'), { name: 'year', type: 'int' }, str('source', 200), { name: 'population', type: 'int' },
        { name: 'ageBands', type: 'text' }, { name: 'raceEthnicity', type: 'text' }, { name: 'languages', type: 'text' },
        rate('disabilityRate'), rate('povertyRate'), rate('broadbandRate'), rate('foreignBornRate'),
        { name: 'medianHouseholdIncome', type: 'int', isNullable: true },
        instant('updatedAt'),
      ],
      indices: [new TableIndex({ name: 'UQ_community_profile_branch_year', columnNames: ['branchId', 'year'], isUnique: true })],
    }));
    // Anonymous answer sheets: no time, no person, no creation timestamp, and
    // on SQLite no rowid (whose order would tell when a sheet arrived).
    await q.createTable(new Table({
      name: 'participant_response',
      withoutRowid: true,
      columns: [
        id, ref('branchId'), { name: 'activityOn', type: 'date' },
        str('serviceArea', 40, true), str('ageBand', 40, true), str('raceEthnicity', 40, true), str('homeLanguage', 40, true),
      ],
      indices: [new TableIndex({ name: 'IDX_participant_response_branch_on', columnNames: ['branchId', 'activityOn'] })],
    }));
    await q.createTable(new Table({
      name: 'collection_audit',
      columns: [id, ref('branchId'), { name: 'auditedOn', type: 'date' }, { name: 'totalTitles', type: 'int' }, { name: 'dimensions', type: 'text' }, instant('recordedAt')],
      indices: [new TableIndex({ name: 'IDX_collection_audit_branch_on', columnNames: ['branchId', 'auditedOn'] })],
    }));
    await q.createTable(new Table({
      name: 'accessibility_audit',
      columns: [id, ref('branchId'), { name: 'auditedOn', type: 'date' }, { name: 'features', type: 'text' }, { name: 'score', type: 'double' }, instant('recordedAt')],
      indices: [new TableIndex({ name: 'IDX_accessibility_audit_branch_on', columnNames: ['branchId', 'auditedOn'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('accessibility_audit');
    await q.dropTable('collection_audit');
    await q.dropTable('participant_response');
    await q.dropTable('community_profile');
  }
}
