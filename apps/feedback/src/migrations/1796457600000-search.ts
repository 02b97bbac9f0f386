import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchDocument } from '../search';

const BATCH = 500;

/**
 * Search through an index (search.ts): the folded `searchText` column, filled
 * for the existing items, and its index — SQLite: the FTS5 table
 * `feedback_fts` (tokenizer unicode61 with diacritics removed) kept in step by
 * triggers; MySQL/MariaDB: the FULLTEXT index `IDX_feedback_search`, created
 * without stop words so that "the", "de" or "la" can be searched for.
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
        await q.query('UPDATE feedback SET searchText = ? WHERE id = ?', [searchDocument(r.subject, r.body, tags), r.id]);
      }
      if (rows.length < BATCH) break;
    }
    if (sqlite) {
      await q.query(`CREATE VIRTUAL TABLE feedback_fts USING fts5(feedbackId UNINDEXED, searchText, tokenize = 'unicode61 remove_diacritics 2')`);
      await q.query('INSERT INTO feedback_fts (feedbackId, searchText) SELECT id, searchText FROM feedback');
      await q.query('CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback BEGIN INSERT INTO feedback_fts (feedbackId, searchText) VALUES (new.id, new.searchText); END');
      await q.query(`CREATE TRIGGER feedback_fts_update AFTER UPDATE OF searchText ON feedback BEGIN
        DELETE FROM feedback_fts WHERE feedbackId = old.id; INSERT INTO feedback_fts (feedbackId, searchText) VALUES (new.id, new.searchText); END`);
      await q.query('CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback BEGIN DELETE FROM feedback_fts WHERE feedbackId = old.id; END');
    } else {
      await q.query('SET SESSION innodb_ft_enable_stopword = OFF');
      try {
        await q.query('CREATE FULLTEXT INDEX `IDX_feedback_search` ON `feedback` (`searchText`)');
      } finally {
        await q.query('SET SESSION innodb_ft_enable_stopword = ON');
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.options.type !== 'mysql' && q.connection.options.type !== 'mariadb';
    if (sqlite) {
      for (const t of ['feedback_fts_insert', 'feedback_fts_update', 'feedback_fts_delete']) await q.query(`DROP TRIGGER IF EXISTS ${t}`);
      await q.query('DROP TABLE IF EXISTS feedback_fts');
    } else {
      await q.query('DROP INDEX `IDX_feedback_search` ON `feedback`');
    }
    await q.dropColumn('feedback', 'searchText');
  }
}
