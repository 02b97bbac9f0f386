import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Column, Entity, Index, type MigrationInterface, PrimaryColumn, type QueryRunner, Table } from 'typeorm';
import { applyKeyset, containsPattern, type Database, dateBucket, dropMysqlDatabase, hoursBetween, isUniqueViolation, likeAny, openDatabase } from './index';

@Entity('event')
class EventRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'datetime', precision: 3 }) at: Date;
  @Column({ type: 'date' }) day: string;
}

class CreateEvent1700000000000 implements MigrationInterface {
  name = 'CreateEvent1700000000000';
  async up(q: QueryRunner) {
    await q.createTable(new Table({
      name: 'event',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'name', type: 'varchar', length: '64', isUnique: true },
        { name: 'at', type: 'datetime', precision: 3 },
        { name: 'day', type: 'date' },
      ],
    }));
  }
  async down(q: QueryRunner) {
    await q.dropTable('event');
  }
}

const mysqlUrl = process.env.TEST_DATABASE_URL;
const targets: [string, string][] = [['sqlite', 'sqlite::memory:']];
if (mysqlUrl) targets.push(['mysql', `${mysqlUrl.replace(/\/$/, '')}/ceg_unit_${randomBytes(3).toString('hex')}`]);

describe.each(targets)('persistence on %s', (_dialect, url) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ service: 'unit', databaseUrl: url, entities: [EventRow], migrations: [CreateEvent1700000000000] });
    expect(await db.migrate()).toEqual(['CreateEvent1700000000000']);
    expect(await db.migrate()).toEqual([]);
    const rows = [
      ['a', 'Storytime 50% off', '2026-03-01T23:30:00.000Z', '2026-03-01'], // a Sunday
      ['b', 'Coding_club', '2026-03-02T08:00:00.000Z', '2026-03-02'], // Monday
      ['c', 'ESL conversation', '2026-05-17T12:00:00.000Z', '2026-05-17'],
      ['d', 'Job seekers', '2026-12-31T23:59:59.999Z', '2026-12-31'],
    ];
    await db.transaction((em) => em.insert(EventRow, rows.map(([id, name, at, day]) => ({ id, name, at: new Date(at), day }))));
  });
  afterAll(async () => {
    await db?.close();
    if (url.startsWith('mysql')) await dropMysqlDatabase(url, 'unit');
  });

  test('UTC round trip with milliseconds', async () => {
    const row = await db.manager.findOneByOrFail(EventRow, { id: 'd' });
    expect(row.at.toISOString()).toBe('2026-12-31T23:59:59.999Z');
    expect(row.day).toBe('2026-12-31');
  });

  test.each([
    ['DAY', ['2026-03-01', '2026-03-02', '2026-05-17', '2026-12-31']],
    ['WEEK', ['2026-02-23', '2026-03-02', '2026-05-11', '2026-12-28']],
    ['MONTH', ['2026-03-01', '2026-03-01', '2026-05-01', '2026-12-01']],
    ['QUARTER', ['2026-01-01', '2026-01-01', '2026-04-01', '2026-10-01']],
    ['YEAR', ['2026-01-01', '2026-01-01', '2026-01-01', '2026-01-01']],
  ] as const)('dateBucket %s on datetime and date columns', async (interval, expected) => {
    for (const col of ['e.at', 'e.day']) {
      const rows = await db.manager.createQueryBuilder(EventRow, 'e').select(dateBucket(db.dialect, col, interval), 'bucket').orderBy('e.id').getRawMany();
      expect(rows.map((r) => String(r.bucket))).toEqual(expected);
    }
  });

  test('hoursBetween', async () => {
    const [row] = await db.manager.query(`SELECT ${hoursBetween(db.dialect, "(SELECT at FROM event WHERE id = 'a')", "(SELECT at FROM event WHERE id = 'b')")} AS h`);
    expect(Number(row.h)).toBeCloseTo(8.5, 3);
  });

  test('search is literal: %, _ and quotes are text', async () => {
    const find = async (s: string) =>
      (await db.manager.createQueryBuilder(EventRow, 'e').where(likeAny(['e.name'], 's'), { s: containsPattern(s) }).orderBy('e.id').getMany()).map((r) => r.id);
    expect(await find('50%')).toEqual(['a']);
    expect(await find('%')).toEqual(['a']);
    expect(await find('_')).toEqual(['b']);
    expect(await find('CODING')).toEqual(['b']);
    expect(await find("' OR '1'='1")).toEqual([]);
  });

  test('keyset pagination walks every row once', async () => {
    const seen: string[] = [];
    let after: unknown[] | null = null;
    for (let i = 0; i < 5; i++) {
      const page: EventRow[] = await applyKeyset(db.manager.createQueryBuilder(EventRow, 'e'), [{ expr: 'e.at', direction: 'DESC' }, { expr: 'e.id', direction: 'DESC' }], after, 2).getMany();
      if (!page.length) break;
      seen.push(...page.map((r) => r.id));
      const last = page[page.length - 1];
      after = [last.at, last.id];
    }
    expect(seen).toEqual(['d', 'c', 'b', 'a']);
  });

  test('unique violations are recognised, and a failed transaction writes nothing', async () => {
    let caught: unknown;
    try {
      await db.transaction(async (em) => {
        await em.insert(EventRow, { id: 'e', name: 'new', at: new Date(), day: '2026-01-01' });
        await em.insert(EventRow, { id: 'f', name: 'Coding_club', at: new Date(), day: '2026-01-01' });
      });
    } catch (e) {
      caught = e;
    }
    expect(isUniqueViolation(caught)).toBe(true);
    expect(await db.manager.countBy(EventRow, { id: 'e' })).toBe(0);
  });

  test('concurrent transactions do not interfere', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      db.transaction(async (em) => {
        const n = await em.count(EventRow);
        await em.insert(EventRow, { id: `t${i}`, name: `parallel ${i} of ${n >= 0}`, at: new Date(), day: '2026-01-01' });
      })));
    expect(await db.manager.count(EventRow)).toBe(24);
  });
});
