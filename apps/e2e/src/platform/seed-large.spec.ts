import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { type SubgraphName } from '@ceg/config';
import { openSubgraphDatabase, subgraphDefinitionOf } from '@ceg/kit';
import { type Database, dropMysqlDatabase } from '@ceg/persistence';
import { testDatabase } from '@ceg/testing';

/**
 * `npm run seed:large`: the generator writes the sizes asked for, the same
 * rows for the same options, consistent data (registrations within
 * capacity, one live registration per patron and session, every row in a
 * branch of the consortium), and refuses a database that is not empty.
 */
const root = join(__dirname, '../../../..');
const built = ['libraries', 'feedback', 'programs'].every((n) => existsSync(join(root, `apps/${n}/dist/index.js`)));
const SEEDED: SubgraphName[] = ['libraries', 'feedback', 'programs'];

(built ? describe : describe.skip)('npm run seed:large', () => {
  const db = testDatabase();
  const dirs: string[] = [];
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    for (const p of prefixes) for (const name of SEEDED) await dropMysqlDatabase(db.url(p), name).catch(() => undefined);
  });

  /** A target of its own: a SQLite folder, or a MySQL prefix. */
  const target = (): { args: string[]; env: Record<string, string> } => {
    if (db.dialect === 'mysql') {
      const prefix = `ceg_seed_${randomBytes(4).toString('hex')}`;
      prefixes.push(prefix);
      return { args: ['--database', db.url(prefix)], env: { DATABASE_URL: db.url(prefix) } };
    }
    const dir = mkdtempSync(join(tmpdir(), 'ceg-seed-large-'));
    dirs.push(dir);
    return { args: ['--data-dir', dir], env: { DATA_DIR: dir, DATABASE_URL: '' } };
  };
  const OPTIONS = ['--branches', '30', '--systems', '4', '--years', '3', '--feedback', '3000', '--sessions', '400', '--registrations', '5000', '--answer-sheets', '900', '--seed', '7', '--now', '2026-06-01'];
  const seed = (args: string[]) => spawnSync(process.execPath, ['tools/seed-large.mjs', '--no-build', ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const open = (name: SubgraphName, env: Record<string, string>) => openSubgraphDatabase(subgraphDefinitionOf(require(`@ceg/${name}`) as Record<string, unknown>, name), env);
  const withDb = async <T>(name: SubgraphName, env: Record<string, string>, fn: (d: Database) => Promise<T>): Promise<T> => {
    const d = await open(name, env);
    try {
      return await fn(d);
    } finally {
      await d.close();
    }
  };
  const one = async (d: Database, sql: string) => Number(Object.values((await d.ds.query(sql))[0])[0]);

  let first: { args: string[]; env: Record<string, string> };

  test('writes the sizes asked for, consistently', async () => {
    first = target();
    const r = seed([...first.args, ...OPTIONS]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/done: [\d,]+ rows/);
    await withDb('libraries', first.env, async (d) => {
      expect(await one(d, 'SELECT COUNT(*) FROM consortium')).toBe(1);
      expect(await one(d, 'SELECT COUNT(*) FROM library_system')).toBe(4);
      expect(await one(d, 'SELECT COUNT(*) FROM branch')).toBe(30);
    });
    const branchIds = await withDb('libraries', first.env, async (d) => (await d.ds.query('SELECT id FROM branch')).map((b: { id: string }) => b.id));
    await withDb('feedback', first.env, async (d) => {
      expect(await one(d, 'SELECT COUNT(*) FROM feedback')).toBe(3000);
      expect(await one(d, `SELECT COUNT(*) FROM feedback WHERE branchId NOT IN (${branchIds.map((id: string) => `'${id}'`).join(',')})`)).toBe(0);
      // Three years up to --now, nothing after it.
      expect(await one(d, "SELECT COUNT(*) FROM feedback WHERE submittedAt < '2023-06-01' OR submittedAt >= '2026-06-01'")).toBe(0);
      // The aggregates' daily rollup is filled: every item counted once, in its branch.
      expect(await one(d, 'SELECT SUM(n) FROM feedback_daily')).toBe(3000);
      expect(await one(d, 'SELECT COUNT(*) FROM (SELECT branchId, SUM(n) AS n FROM feedback_daily GROUP BY branchId) r JOIN (SELECT branchId, COUNT(*) AS n FROM feedback GROUP BY branchId) f ON f.branchId = r.branchId AND f.n = r.n')).toBe(30);
      // And the monthly one: a row per branch and month, the same items (none is MERGED).
      expect(await one(d, 'SELECT SUM(n) FROM feedback_monthly')).toBe(3000);
      expect(await one(d, 'SELECT COUNT(*) FROM (SELECT branchId, month, SUM(n) AS n FROM feedback_daily GROUP BY branchId, month) r JOIN feedback_monthly m ON m.branchId = r.branchId AND m.month = r.month AND m.n = r.n'))
        .toBe(await one(d, 'SELECT COUNT(*) FROM feedback_monthly'));
    });
    await withDb('programs', first.env, async (d) => {
      expect(await one(d, 'SELECT COUNT(*) FROM program_session')).toBe(400);
      expect(await one(d, 'SELECT COUNT(*) FROM registration')).toBe(5000);
      expect(await one(d, 'SELECT COUNT(*) FROM outcome_response')).toBe(900);
      // Seats: never more held than the capacity.
      expect(await one(d, `SELECT COUNT(*) FROM (SELECT s.id FROM program_session s JOIN registration r ON r.sessionId = s.id
        WHERE s.capacity IS NOT NULL AND r.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW') GROUP BY s.id, s.capacity HAVING COUNT(*) > s.capacity) x`)).toBe(0);
      // A waitlist only where the seats are taken, numbered from 1.
      expect(await one(d, "SELECT COUNT(*) FROM registration WHERE status = 'WAITLISTED' AND (waitlistPosition IS NULL OR waitlistPosition < 1)")).toBe(0);
      expect(await one(d, 'SELECT COUNT(*) FROM registration r JOIN program_session s ON s.id = r.sessionId WHERE r.programId <> s.programId OR r.branchId <> s.branchId')).toBe(0);
    });
  }, 120_000);

  test('the same options give the same rows', async () => {
    const second = target();
    expect(seed([...second.args, ...OPTIONS]).status).toBe(0);
    const digest = (env: Record<string, string>) =>
      withDb('programs', env, async (d) => JSON.stringify(await d.ds.query("SELECT id, sessionId, patronId, status, waitlistPosition FROM registration WHERE id LIKE '%0' ORDER BY id")));
    const fb = (env: Record<string, string>) => withDb('feedback', env, async (d) => JSON.stringify(await d.ds.query("SELECT id, branchId, status, rating FROM feedback WHERE id LIKE '%7' ORDER BY id")));
    expect(await digest(second.env)).toBe(await digest(first.env));
    expect(await fb(second.env)).toBe(await fb(first.env));
  }, 120_000);

  test('a database that already has rows is refused, and nothing is written', async () => {
    const r = seed([...first.args, ...OPTIONS]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/already has rows/);
    await withDb('libraries', first.env, async (d) => expect(await one(d, 'SELECT COUNT(*) FROM branch')).toBe(30));
  }, 60_000);
});
