import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createFullTextIndex, dropFullTextIndex } from '@ceg/persistence';
import { FEEDBACK_SEARCH, feedbackSearchText } from '../search';

const BATCH = 500;

/**
 * Search through an index (libs/persistence fulltext.ts): the folded
 * `searchText` column, filled for the existing items, and its index — SQLite:
 * the FTS5 table `feedback_fts` kept in step by triggers; MySQL/MariaDB: the
 * FULLTEXT index `IDX_feedback_search`, without stop words.
 */
export class Search1796457600000 implements MigrationInterface {
  name = 'Search1796457600000';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.options.type !== 'mysql' && q.connection.options.type !== 'mariadb';
    await q.query(sqlite ? `ALTER TABLE "feedback" ADD COLUMN "searchText" text NOT NULL DEFAULT ('')` : 'ALTER TABLE `feedback` ADD COLUMN `searchText` text NOT NULL');
    for (let offset = 0; ; offset += BATCH) {
      const rows: { id: string; subject: string; body: string; tags: string }[] = await q.query(`SELECT id, subject, body, tags FROM feedback ORDER BY id LIMIT ${BATCH} OFFSET ${offset}`);
      for (const r of rows) {
        let tags: string[] = [];
        try {
          tags = (JSON.parse(r.tags) as unknown[]).map(String);
        } catch {
          tags = [];
        }
        await q.query('UPDATE feedback SET searchText = ? WHERE id = ?', [feedbackSearchText(r.subject, r.body, tags), r.id]);
      }
      if (rows.length < BATCH) break;
    }
    await createFullTextIndex(q, FEEDBACK_SEARCH);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropFullTextIndex(q, FEEDBACK_SEARCH);
    await q.dropColumn('feedback', 'searchText');
  }
}
