import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Community profiles keep the margin of error of their population (the
 * shares' margins of error live in the breakdowns' JSON with each share).
 */
export class MarginsOfError1796520000000 implements MigrationInterface {
  name = 'MarginsOfError1796520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('community_profile', new TableColumn({ name: 'populationMarginOfError', type: 'int', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('community_profile', 'populationMarginOfError');
  }
}
