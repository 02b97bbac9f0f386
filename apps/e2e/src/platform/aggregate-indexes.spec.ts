import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { type SubgraphName } from '@ceg/config';
import { openSubgraphDatabase, subgraphDefinitionOf } from '@ceg/kit';
import { type Database, dropMysqlDatabase } from '@ceg/persistence';
import { testDatabase } from '@ceg/testing';

/**
 * The composite indexes the aggregates and lists rely on, checked with
 * EXPLAIN on MySQL/MariaDB over a generated consortium (npm run seed:large,
 * 60 branches): the row filters of a branch's or a few branches' aggregate
 * (branch and time range) and of the per-session counts read an index range,
 * never the whole table. A consortium-wide aggregate reads every row of the
 * consortium and is not checked here (see the README's performance section).
 */
const root = join(__dirname, '../../../..');
const db = testDatabase();
const built = ['libraries', 'feedback', 'programs'].every((n) => existsSync(join(root, `apps/${n}/dist/index.js`)));

(db.dialect === 'mysql' && built ? describe : describe.skip)('aggregate indexes (EXPLAIN, MySQL/MariaDB)', () => {
  const prefix = `ceg_idx_${randomBytes(4).toString('hex')}`;
  const env = { DATABASE_URL: db.url(prefix), DB_STATEMENT_TIMEOUT_MS: '0' };
  const open = (name: SubgraphName) => openSubgraphDatabase(subgraphDefinitionOf(require(`@ceg/${name}`) as Record<string, unknown>, name), env);
  let feedback: Database;
  let programs: Database;
  let branches: string[];
  let sessions: string[];

  beforeAll(async () => {
    const r = spawnSync(process.execPath, ['tools/seed-large.mjs', '--no-build', '--database', db.url(prefix), '--branches', '60', '--systems', '6', '--years', '3',
      '--feedback', '30000', '--sessions', '6000', '--registrations', '40000', '--answer-sheets', '8000', '--now', '2026-06-01'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    if (r.status !== 0) throw new Error(r.stderr);
    const libraries = await open('libraries');
    branches = (await libraries.ds.query('SELECT id FROM branch ORDER BY code')).map((b: { id: string }) => b.id);
    await libraries.close();
    feedback = await open('feedback');
    programs = await open('programs');
    await feedback.ds.query('ANALYZE TABLE feedback');
    await programs.ds.query('ANALYZE TABLE program_session, registration, outcome_response');
    sessions = (await programs.ds.query('SELECT id FROM program_session WHERE branchId = ? ORDER BY startsAt LIMIT 20', [branches[0]])).map((s: { id: string }) => s.id);
  }, 180_000);

  afterAll(async () => {
    await feedback?.close();
    await programs?.close();
    for (const name of ['libraries', 'feedback', 'programs', 'partners', 'diversity-metrics']) await dropMysqlDatabase(db.url(prefix), name).catch(() => undefined);
  });

  /** The plan of the statement's access to `table`: its type and key. */
  async function plan(d: Database, sql: string, params: unknown[], table: string) {
    const rows: { table: string; type: string; key: string | null }[] = await d.ds.query(`EXPLAIN ${sql}`, params);
    const row = rows.find((x) => x.table === table);
    return { type: row?.type, key: row?.key };
  }

  test('a branch\'s feedback aggregate reads (branchId, submittedAt)', async () => {
    const p = await plan(feedback, "SELECT DATE_FORMAT(f.submittedAt, '%Y-%m-01') AS k0, COUNT(*) AS n FROM feedback f WHERE f.branchId IN (?) AND f.submittedAt >= ? AND f.submittedAt < ? GROUP BY k0",
      [[branches[0]], new Date('2025-06-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z')], 'f');
    expect(p).toEqual({ type: 'range', key: 'IDX_feedback_branch_submitted' });
  });

  test('a few branches\' feedback over a year reads (branchId, submittedAt)', async () => {
    const p = await plan(feedback, 'SELECT f.branchId AS k0, COUNT(*) AS n FROM feedback f WHERE f.branchId IN (?) AND f.submittedAt >= ? AND f.submittedAt < ? GROUP BY k0',
      [branches.slice(0, 3), new Date('2025-06-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z')], 'f');
    expect(p).toEqual({ type: 'range', key: 'IDX_feedback_branch_submitted' });
  });

  test('a consortium\'s feedback by branch and month reads the daily rollup\'s key in order, without a temporary table', async () => {
    await feedback.ds.query('ANALYZE TABLE feedback_daily');
    const rows: { table: string; key: string | null; Extra: string }[] = await feedback.ds.query(
      "EXPLAIN SELECT f.branchId AS k0, DATE_FORMAT(f.month, '%Y-%m-%d') AS k1, SUM(f.n) AS n FROM feedback_daily f WHERE f.moderationState <> 'MERGED' AND f.branchId IN (?) AND f.day >= ? AND f.day < ? GROUP BY f.branchId, f.month ORDER BY k0 ASC",
      [branches, '2023-06-01', '2026-06-01']);
    expect(rows).toHaveLength(1);
    expect(rows[0].key).toBe('PRIMARY');
    expect(rows[0].Extra).not.toMatch(/temporary|filesort/i);
  });

  test('a consortium\'s feedback by branch and month over whole months reads the monthly rollup\'s key in order, without a temporary table', async () => {
    await feedback.ds.query('ANALYZE TABLE feedback_monthly');
    const rows: { table: string; key: string | null; Extra: string }[] = await feedback.ds.query(
      "EXPLAIN SELECT f.branchId AS k0, DATE_FORMAT(f.month, '%Y-%m-%d') AS k1, SUM(f.n) AS n FROM feedback_monthly f WHERE 1 = 1 AND f.branchId IN (?) AND f.month >= ? AND f.month < ? GROUP BY f.branchId, f.month ORDER BY k0 ASC",
      [branches, '2023-06-01', '2026-06-01']);
    expect(rows).toHaveLength(1);
    expect(rows[0].key).toBe('PRIMARY');
    expect(rows[0].Extra).not.toMatch(/temporary|filesort/i);
  });

  test('a branch\'s program aggregate reads its sessions by (branchId, startsAt)', async () => {
    const p = await plan(programs, "SELECT COUNT(*) FROM program_session s WHERE s.status <> 'CANCELLED' AND s.startsAt >= ? AND s.startsAt < ? AND s.branchId IN (?)",
      [new Date('2025-06-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'), [branches[0]]], 's');
    expect(p).toEqual({ type: 'range', key: 'IDX_session_branch_start' });
  });

  test('per-session counts read registrations by (sessionId, status) and answer sheets by (sessionId, surveyType)', async () => {
    expect(await plan(programs, "SELECT r.sessionId, SUM(CASE WHEN r.status <> 'CANCELLED' THEN 1 ELSE 0 END) FROM registration r WHERE r.sessionId IN (?) GROUP BY r.sessionId", [sessions], 'r'))
      .toEqual({ type: 'range', key: 'IDX_registration_session_status' });
    expect(await plan(programs, "SELECT o.sessionId, AVG(o.knowledge) FROM outcome_response o WHERE o.surveyType = 'IMMEDIATE' AND o.sessionId IN (?) GROUP BY o.sessionId", [sessions], 'o'))
      .toEqual({ type: 'range', key: 'IDX_outcome_session' });
  });
});
