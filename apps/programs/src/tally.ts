import type { EntityManager } from 'typeorm';
import type { Dialect } from '@ceg/persistence';
import { OUTCOME_COLUMNS, outcomeSelects } from './outcomes';
import { TALLY_COLUMN_NAMES } from './tally-columns';
import { ProgramFormat, RegistrationStatus, SessionStatus, SurveyType } from './types';

// The tables and why they exist: SessionTallyRow and ProgramMonthlyRow in entities.ts.

/**
 * What one held (not cancelled) session adds to a program aggregate, as SQL
 * over the session (alias s), its program (p), its registration counts (rc)
 * and its immediate survey counts with their record-key sums (oc). The names
 * are the columns of `session_tally` and `program_monthly` and the raw names
 * ProgramAggregates.measures reads.
 */
export const TALLY_MEASURES: readonly { name: string; sql: string }[] = [
  { name: 'sessionCount', sql: '1' },
  { name: 'attendance', sql: 'COALESCE(s.attendance, 0)' },
  { name: 'attendedSessions', sql: 'CASE WHEN s.attendance IS NOT NULL THEN 1 ELSE 0 END' },
  { name: 'capacity', sql: 'COALESCE(s.capacity, 0)' },
  { name: 'registrationCount', sql: 'COALESCE(rc.live, 0)' },
  { name: 'heldWithCapacity', sql: 'CASE WHEN s.capacity IS NOT NULL THEN COALESCE(rc.held, 0) ELSE 0 END' },
  { name: 'attendedRegs', sql: 'COALESCE(rc.attended, 0)' },
  { name: 'noShowRegs', sql: 'COALESCE(rc.noShow, 0)' },
  { name: 'recordedViews', sql: `CASE WHEN p.format = '${ProgramFormat.RECORDED}' THEN COALESCE(s.attendance, 0) ELSE 0 END` },
  {
    name: 'virtualAttendance',
    sql: `CASE WHEN p.format = '${ProgramFormat.VIRTUAL}' THEN COALESCE(s.attendance, 0) WHEN p.hybrid = 1 THEN COALESCE(s.virtualAttendance, 0) ELSE 0 END`,
  },
  // Survey counts and the sums of their record keys (the cell-key method of libs/conventions/src/privacy.ts): additive, so a sum of tallies perturbs exactly as a recount would.
  ...OUTCOME_COLUMNS.map((c) => ({ name: c, sql: `COALESCE(oc.${c}, 0)` })),
];

export { isKeySum } from './tally-columns';

// The entities declare the columns by name (tally-columns.ts); the two lists must agree.
if (TALLY_MEASURES.map((m) => m.name).join() !== TALLY_COLUMN_NAMES.join()) throw new Error('tally.ts and tally-columns.ts name different columns');

const q = (dialect: Dialect, name: string) => (dialect === 'sqlite' ? `"${name}"` : `\`${name}\``);
const dialectOf = (em: EntityManager): Dialect => (['mysql', 'mariadb'].includes(em.connection.options.type) ? 'mysql' : 'sqlite');
const monthOf = (dialect: Dialect, column: string) => (dialect === 'sqlite' ? `strftime('%Y-%m-01', ${column})` : `DATE_FORMAT(${column}, '%Y-%m-01')`);

/**
 * SELECT of the tally rows of held sessions: all of them, or those whose id
 * is one of `ids` placeholders (the statement then takes the ids three times).
 */
function tallySelect(dialect: Dialect, ids: number | null): string {
  const inIds = (col: string) => (ids === null ? '' : ` AND ${col} IN (${Array.from({ length: ids }, () => '?').join(', ')})`);
  const regs = `SELECT r.sessionId AS sessionId,
      SUM(CASE WHEN r.status <> '${RegistrationStatus.CANCELLED}' THEN 1 ELSE 0 END) AS live,
      SUM(CASE WHEN r.status IN ('${RegistrationStatus.CONFIRMED}', '${RegistrationStatus.ATTENDED}') THEN 1 ELSE 0 END) AS held,
      SUM(CASE WHEN r.status = '${RegistrationStatus.ATTENDED}' THEN 1 ELSE 0 END) AS attended,
      SUM(CASE WHEN r.status = '${RegistrationStatus.NO_SHOW}' THEN 1 ELSE 0 END) AS noShow
    FROM registration r WHERE 1 = 1${inIds('r.sessionId')} GROUP BY r.sessionId`;
  const sheets = `SELECT o.sessionId AS sessionId, ${outcomeSelects('o').join(', ')}
    FROM outcome_response o WHERE o.surveyType = '${SurveyType.IMMEDIATE}'${inIds('o.sessionId')} GROUP BY o.sessionId`;
  return `SELECT s.id, s.branchId, s.programId, s.startsAt, ${TALLY_MEASURES.map((m) => `${m.sql} AS ${q(dialect, m.name)}`).join(', ')}
    FROM program_session s
    INNER JOIN program p ON p.id = s.programId
    LEFT JOIN (${regs}) rc ON rc.sessionId = s.id
    LEFT JOIN (${sheets}) oc ON oc.sessionId = s.id
    WHERE s.status <> '${SessionStatus.CANCELLED}'${inIds('s.id')}`;
}

const TALLY_COLUMNS = ['sessionId', 'branchId', 'programId', 'startsAt', ...TALLY_MEASURES.map((m) => m.name)];

/** SQL that fills `session_tally` from the sessions, registrations and answer sheets (the table must be empty): migration, seeds, `npm run seed:large`. */
export function rebuildTalliesSql(dialect: Dialect): string {
  return `INSERT INTO session_tally (${TALLY_COLUMNS.map((c) => q(dialect, c)).join(', ')}) ${tallySelect(dialect, null)}`;
}

/** SQL that fills `program_monthly` from `session_tally` (the table must be empty), for every branch or for `branches` placeholders. */
export function rebuildMonthlySql(dialect: Dialect, branches: number | null = null): string {
  const cols = ['branchId', 'month', 'programId', ...TALLY_MEASURES.map((m) => m.name)].map((c) => q(dialect, c));
  const month = monthOf(dialect, 't.startsAt');
  const where = branches === null ? '' : ` WHERE t.branchId IN (${Array.from({ length: branches }, () => '?').join(', ')})`;
  return `INSERT INTO program_monthly (${cols.join(', ')})
    SELECT t.branchId, ${month}, t.programId, ${TALLY_MEASURES.map((m) => `SUM(t.${q(dialect, m.name)})`).join(', ')}
    FROM session_tally t${where} GROUP BY t.branchId, ${month}, t.programId`;
}

/**
 * Empties both tables and fills them again from the rows, in the caller's
 * transaction (the migration, the demo data, tests): a chunk of sessions, or
 * of branches, a statement, so that no statement runs long on a large
 * database (each stays within the statement timeout).
 */
export async function rebuildTallies(em: EntityManager): Promise<void> {
  const dialect = dialectOf(em);
  await em.query('DELETE FROM program_monthly');
  await em.query('DELETE FROM session_tally');
  const cols = TALLY_COLUMNS.map((c) => q(dialect, c)).join(', ');
  const sessions: { id: string }[] = await em.query(`SELECT id FROM program_session WHERE status <> '${SessionStatus.CANCELLED}' ORDER BY id`);
  for (let i = 0; i < sessions.length; i += REBUILD_CHUNK) {
    const part = sessions.slice(i, i + REBUILD_CHUNK).map((r) => r.id);
    await em.query(`INSERT INTO session_tally (${cols}) ${tallySelect(dialect, part.length)}`, [...part, ...part, ...part]);
  }
  const branches: { branchId: string }[] = await em.query('SELECT DISTINCT branchId FROM session_tally ORDER BY branchId');
  for (let i = 0; i < branches.length; i += 50) {
    const part = branches.slice(i, i + 50).map((r) => r.branchId);
    await em.query(rebuildMonthlySql(dialect, part.length), part);
  }
}

const REBUILD_CHUNK = 500;

type Cell = { key: [string, string, string]; values: number[] };

/** The tallies of `ids` as (branch, month, program) cells with their measures. */
async function cellsOf(em: EntityManager, dialect: Dialect, ids: string[]): Promise<Cell[]> {
  const rows: Record<string, unknown>[] = await em.query(
    `SELECT t.branchId AS b, ${monthOf(dialect, 't.startsAt')} AS m, t.programId AS p, ${TALLY_MEASURES.map((m) => `t.${q(dialect, m.name)}`).join(', ')}
     FROM session_tally t WHERE t.sessionId IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return rows.map((r) => ({ key: [String(r.b), String(r.m).slice(0, 10), String(r.p)], values: TALLY_MEASURES.map((m) => Number(r[m.name] ?? 0)) }));
}

const CHUNK = 200;

/**
 * Brings the tallies of the given sessions up to date with their rows, and
 * moves the difference into `program_monthly`, in the caller's transaction.
 * Call it after a write that changes a session, its program's format, its
 * registrations or its answer sheets; calling it twice is harmless (the
 * second call finds nothing to change). The caller holds the sessions' rows
 * locked (MySQL: SELECT … FOR UPDATE before any plain read of the
 * transaction; SQLite: the transaction holds the write lock), so no other
 * transaction changes what is recounted here.
 */
export async function refreshTallies(em: EntityManager, sessionIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(sessionIds)].sort();
  if (!ids.length) return;
  const dialect = dialectOf(em);
  const deltas = new Map<string, Cell>();
  const add = (cells: Cell[], sign: number) => {
    for (const c of cells) {
      const id = c.key.join('\u0000');
      const d = deltas.get(id) ?? { key: c.key, values: TALLY_MEASURES.map(() => 0) };
      c.values.forEach((v, k) => (d.values[k] += sign * v));
      deltas.set(id, d);
    }
  };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    add(await cellsOf(em, dialect, part), -1);
    const marks = part.map(() => '?').join(', ');
    await em.query(`DELETE FROM session_tally WHERE sessionId IN (${marks})`, part);
    await em.query(`INSERT INTO session_tally (${TALLY_COLUMNS.map((c) => q(dialect, c)).join(', ')}) ${tallySelect(dialect, part.length)}`, [...part, ...part, ...part]);
    add(await cellsOf(em, dialect, part), 1);
  }
  await applyMonthly(em, dialect, [...deltas.values()].filter((c) => c.values.some((v) => v !== 0)));
}

/** Adds the cells' differences to `program_monthly`, in key order (concurrent writers lock them in the same order); a cell left with no session is deleted. */
async function applyMonthly(em: EntityManager, dialect: Dialect, cells: Cell[]): Promise<void> {
  cells.sort((a, b) => (a.key.join('\u0000') < b.key.join('\u0000') ? -1 : 1));
  const names = TALLY_MEASURES.map((m) => q(dialect, m.name));
  const cols = [q(dialect, 'branchId'), q(dialect, 'month'), q(dialect, 'programId'), ...names];
  const upsert = dialect === 'sqlite'
    ? `INSERT INTO program_monthly (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
       ON CONFLICT (${cols.slice(0, 3).join(', ')}) DO UPDATE SET ${names.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`
    : `INSERT INTO program_monthly (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
       ON DUPLICATE KEY UPDATE ${names.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`;
  for (const c of cells) {
    await em.query(upsert, [...c.key, ...c.values]);
    if (c.values[0] < 0) await em.query(`DELETE FROM program_monthly WHERE branchId = ? AND month = ? AND programId = ? AND sessionCount <= 0`, c.key);
  }
}

/**
 * New registrations of one session, `live` of them holding or waiting for a
 * seat and `held` of those holding one: the two counts they change, added to
 * the session's tally and to its month's cell (two statements instead of a
 * recount, for the registration burst). Falls back to a recount when the
 * session has no tally row. The caller holds the session locked.
 */
export async function addRegistrations(
  em: EntityManager, s: { id: string; branchId: string; programId: string; startsAt: Date; capacity: number | null }, live: number, held: number,
): Promise<void> {
  if (!live) return;
  const seated = s.capacity === null ? 0 : held;
  const runner = em.queryRunner;
  const set = `registrationCount = registrationCount + ${Number(live)}, heldWithCapacity = heldWithCapacity + ${Number(seated)}`;
  const updated = runner ? await runner.query(`UPDATE session_tally SET ${set} WHERE sessionId = ?`, [s.id], true) : null;
  if (!updated?.affected) {
    // Not in a transaction's runner, or a session without a tally row (which a recount writes).
    await refreshTallies(em, [s.id]);
    return;
  }
  await runner!.query(`UPDATE program_monthly SET ${set} WHERE branchId = ? AND month = ? AND programId = ?`, [s.branchId, `${s.startsAt.toISOString().slice(0, 7)}-01`, s.programId], true);
}
