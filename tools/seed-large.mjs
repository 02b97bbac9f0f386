#!/usr/bin/env node
// `npm run seed:large`: a large consortium, generated deterministically and
// written with multi-row INSERTs in transactions, for measuring the graph at
// the size of a real consortium:
//
//   npm run seed:large -- --database mysql://root@127.0.0.1:3306/big            # the full size (see README)
//   npm run seed:large -- --data-dir ./data-large --scale 0.01                  # 1 % of the rows on SQLite (same 1,000 branches)
//   npm run seed:large -- --branches 1000 --systems 40 --years 10 --feedback 1000000 \
//        --sessions 200000 --registrations 2000000 --answer-sheets 500000 --seed 1 --now 2026-12-01
//
// Writes the directory (libraries: one consortium, its systems and branches),
// feedback items (feedback) and programs, sessions, registrations and outcome
// answer sheets (programs) into each subgraph's own database, migrated first
// (MySQL/MariaDB databases `<prefix>_<subgraph>`, or SQLite files in
// --data-dir). The databases must be empty. The same options (and --now)
// give the same rows, ids included. Serve it with DEMO_DATA=false so that the
// other subgraphs do not load the twelve-branch demo beside it.
import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, root } from './build.mjs';

const { values: a } = parseArgs({
  options: {
    database: { type: 'string' },
    'data-dir': { type: 'string' },
    branches: { type: 'string', default: '1000' },
    systems: { type: 'string', default: '40' },
    years: { type: 'string', default: '10' },
    feedback: { type: 'string', default: '1000000' },
    sessions: { type: 'string', default: '200000' },
    registrations: { type: 'string', default: '2000000' },
    'answer-sheets': { type: 'string', default: '500000' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    now: { type: 'string' },
    code: { type: 'string', default: 'LARGE' },
    'no-build': { type: 'boolean', default: false },
  },
});
const scale = Number(a.scale);
const count = (name) => {
  // --scale shrinks the rows, not the directory or the time span.
  const n = Math.round(Number(a[name]) * (['years', 'branches', 'systems'].includes(name) ? 1 : scale));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
  return n;
};
const BRANCHES = Math.max(1, count('branches'));
const SYSTEMS = Math.max(1, Math.min(BRANCHES, count('systems')));
const YEARS = Math.max(1, count('years'));
const FEEDBACK = count('feedback');
const SESSIONS = count('sessions');
const REGISTRATIONS = count('registrations');
const SHEETS = count('answer-sheets');
const DAY = 86_400_000;
const NOW = a.now ? new Date(`${a.now}T00:00:00Z`) : new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
if (Number.isNaN(NOW.getTime())) throw new Error('--now must be a date, e.g. 2026-12-01');
const START = new Date(Date.UTC(NOW.getUTCFullYear() - YEARS, NOW.getUTCMonth(), NOW.getUTCDate()));
const SPAN = NOW.getTime() - START.getTime();

if (!a['no-build']) build(['config', 'persistence', 'kit', 'demo-data', 'libraries', 'feedback', 'programs']);
const require = createRequire(join(root, 'package.json'));
require('reflect-metadata');
const { subgraphDefinitionOf, openSubgraphDatabase } = require(join(root, 'libs/kit/dist/index.js'));
const { SeededRandom } = require(join(root, 'libs/demo-data/dist/index.js'));

// No statement timeout for the load: building the indexes of a million rows takes longer than a request may.
const env = { DATABASE_URL: a.database ?? '', DATA_DIR: a['data-dir'] ?? join(root, 'data-large'), DB_STATEMENT_TIMEOUT_MS: '0' };
const rnd = new SeededRandom(`seed-large:${a.seed}`);

/** A UUID-shaped id from a kind number and a counter: deterministic and ascending (cheap B-tree inserts). */
const idOf = (kind, n) => {
  const hex = n.toString(16).padStart(15, '0');
  return `${kind.toString(16).padStart(8, '0')}-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.slice(10, 15).padStart(12, '0')}`;
};
const KIND = { consortium: 1, system: 2, branch: 3, feedback: 4, program: 5, session: 6, registration: 7, sheet: 8 };

// ---- writing ---------------------------------------------------------------------------------------

const say = (line) => console.log(`[seed:large ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function open(name) {
  const def = subgraphDefinitionOf(require(join(root, `apps/${name}/dist/index.js`)), name);
  const db = await openSubgraphDatabase(def, env);
  return db;
}

/**
 * Inserts rows (objects keyed by the entity's property names) into the table
 * of `entity` with multi-row INSERTs, `perStatement` rows each (within the
 * driver's limit of bound values), committing every `perTransaction`
 * statements. Values are converted by the driver as TypeORM would.
 */
async function insertAll(db, tableName, rowsIterable, total) {
  const ds = db.ds;
  const meta = ds.entityMetadatas.find((m) => m.tableName === tableName);
  if (!meta) throw new Error(`no entity for table ${tableName}`);
  const qr = ds.createQueryRunner();
  await qr.connect();
  const started = Date.now();
  let columns;
  let perStatement = 0;
  let batch = [];
  let statements = 0;
  let written = 0;
  const quote = (n) => (db.dialect === 'mysql' ? `\`${n}\`` : `"${n}"`);
  const flush = async () => {
    if (!batch.length) return;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const params = [];
    for (const row of batch) for (const c of columns) params.push(ds.driver.preparePersistentValue(row[c.propertyName] ?? null, c));
    await qr.query(`INSERT INTO ${quote(meta.tableName)} (${columns.map((c) => quote(c.databaseName)).join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`, params);
    written += batch.length;
    batch = [];
    statements += 1;
    if (statements % 20 === 0) {
      await qr.commitTransaction();
      await qr.startTransaction();
    }
    if (statements % 100 === 0) say(`  ${tableName}: ${written.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`);
  };
  // MySQL/MariaDB: the table's secondary indexes are dropped for the load and built again at the end in one
  // ALTER (sorted builds instead of a random insert into each of them per row: the difference between
  // minutes and hours once the indexes outgrow the buffer pool). Indexes that back a foreign key stay.
  let rebuild;
  if (db.dialect === 'mysql') {
    await qr.query('SET SESSION unique_checks = 0');
    const [{ 'Create Table': ddl }] = await qr.query(`SHOW CREATE TABLE ${quote(meta.tableName)}`);
    const fkColumns = [...ddl.matchAll(/FOREIGN KEY \(([^)]*)\)/g)].map((m) => m[1]);
    const keys = [...ddl.matchAll(/^\s*((?:UNIQUE )?KEY `([^`]+)` \(([^)]*)\)[^,\n]*)/gm)].filter((m) => !fkColumns.some((fk) => m[3].startsWith(fk)));
    if (keys.length) {
      await qr.query(`ALTER TABLE ${quote(meta.tableName)} ${keys.map((m) => `DROP INDEX \`${m[2]}\``).join(', ')}`);
      rebuild = `ALTER TABLE ${quote(meta.tableName)} ${keys.map((m) => `ADD ${m[1]}`).join(', ')}`;
    }
  }
  await qr.startTransaction();
  try {
    for (const row of rowsIterable) {
      if (!columns) {
        columns = meta.columns.filter((c) => c.propertyName in row);
        // MySQL takes up to 65,535 bound values in a statement, SQLite 32,766.
        perStatement = Math.max(1, Math.floor(30_000 / columns.length));
      }
      batch.push(row);
      if (batch.length >= perStatement) await flush();
    }
    await flush();
    await qr.commitTransaction();
    if (rebuild) {
      const t = Date.now();
      await qr.query(rebuild);
      say(`  ${tableName}: indexes built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      rebuild = undefined;
    }
  } catch (e) {
    await qr.rollbackTransaction().catch(() => {});
    throw e;
  } finally {
    // a failed load still leaves the table with its indexes
    if (rebuild) await qr.query(rebuild).catch(() => {});
    if (db.dialect === 'mysql') await qr.query('SET SESSION unique_checks = 1').catch(() => {});
    await qr.release();
  }
  const seconds = (Date.now() - started) / 1000;
  say(`${tableName}: ${written.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(written / Math.max(seconds, 0.001)).toLocaleString('en-US')} rows/s)`);
  timings.push({ table: tableName, rows: written, seconds });
}
const timings = [];

async function mustBeEmpty(db, tableName) {
  const quote = db.dialect === 'mysql' ? `\`${tableName}\`` : `"${tableName}"`;
  const [{ n }] = await db.ds.query(`SELECT COUNT(*) AS n FROM ${quote}`);
  if (Number(n) > 0) throw new Error(`${tableName} already has rows: seed:large writes only into empty databases (use a new --database prefix or --data-dir)`);
}

// ---- the directory ---------------------------------------------------------------------------------

const consortiumId = idOf(KIND.consortium, 1);
const systems = Array.from({ length: SYSTEMS }, (_, i) => ({ id: idOf(KIND.system, i + 1), code: `${a.code}-S${String(i + 1).padStart(3, '0')}` }));
const branches = Array.from({ length: BRANCHES }, (_, i) => {
  const system = systems[i % SYSTEMS];
  return {
    id: idOf(KIND.branch, i + 1),
    code: `${system.code}-B${String(i + 1).padStart(4, '0')}`,
    systemId: system.id,
    population: rnd.int(4_000, 120_000),
  };
});
// Busy branches get more of everything: weights by service population, drawn with a cumulative table.
const cumulative = [];
branches.reduce((s, b) => (cumulative.push(s + b.population), s + b.population), 0);
const totalPopulation = cumulative[cumulative.length - 1];
function pickBranch() {
  const r = rnd.next() * totalPopulation;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return branches[lo];
}
const CITIES = ['Riverton', 'Maple Falls', 'Harbor City', 'Cedar Creek', 'Pine Hollow', 'Lakeside', 'Stonebridge', 'Fairview', 'Oak Ridge', 'Willow Bend'];

async function seedLibraries() {
  const db = await open('libraries');
  try {
    await mustBeEmpty(db, 'branch');
    const created = START;
    await insertAll(db, 'consortium', [{ id: consortiumId, code: a.code, name: `Large Consortium (${BRANCHES} branches, seed ${a.seed})`, region: 'Generated', createdAt: created }], 1);
    await insertAll(db, 'library_system', systems.map((s, i) => ({ id: s.id, consortiumId, code: s.code, name: `Library System ${i + 1}`, createdAt: created })), systems.length);
    await insertAll(
      db,
      'branch',
      branches.map((b, i) => ({
        id: b.id,
        systemId: b.systemId,
        consortiumId,
        code: b.code,
        name: `${CITIES[i % CITIES.length]} Branch ${i + 1}`,
        addressLine1: `${100 + (i % 900)} Main Street`,
        addressLine2: null,
        city: CITIES[i % CITIES.length],
        region: 'OR',
        postalCode: String(97000 + (i % 1000)),
        country: 'US',
        latitude: 42 + (i % 500) / 100,
        longitude: -124 + Math.floor(i / 500) / 10,
        servicePopulation: b.population,
        openedOn: `19${String(50 + (i % 50)).padStart(2, '0')}-0${1 + (i % 9)}-15`,
        createdAt: created,
      })),
      branches.length,
    );
  } finally {
    await db.close();
  }
}

// ---- feedback --------------------------------------------------------------------------------------

const CHANNELS = [['ONLINE_FORM', 30], ['SUGGESTION_BOX', 20], ['EMAIL', 15], ['IN_PERSON', 15], ['PHONE', 8], ['SURVEY', 7], ['SOCIAL_MEDIA', 5]];
const CATEGORIES = ['COLLECTIONS', 'PROGRAMS', 'FACILITIES', 'SERVICES', 'STAFF', 'ACCESSIBILITY', 'TECHNOLOGY', 'HOURS', 'SAFETY', 'OTHER'];
const SUBJECTS = {
  COLLECTIONS: 'More books in Spanish', PROGRAMS: 'Evening programs for adults', FACILITIES: 'The study rooms are too cold', SERVICES: 'Longer loan periods',
  STAFF: 'Thank you to the reference desk', ACCESSIBILITY: 'Automatic door at the side entrance', TECHNOLOGY: 'Faster public computers', HOURS: 'Open on Sunday mornings',
  SAFETY: 'Lighting in the parking lot', OTHER: 'A suggestion for the library',
};

// The folded search text the feedback subgraph writes with each item (when it has search), so that seeded items are found.
let searchDocument = () => undefined;
try {
  const { feedbackSearchText } = require(join(root, 'apps/feedback/dist/search.js'));
  if (typeof feedbackSearchText !== 'function') throw new Error('apps/feedback/dist/search.js has no feedbackSearchText');
  searchDocument = feedbackSearchText;
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND') throw error;
  /* a feedback subgraph without search */
}

function* feedbackRows() {
  for (let n = 1; n <= FEEDBACK; n++) {
    const b = pickBranch();
    const submittedAt = new Date(START.getTime() + Math.floor(rnd.next() * SPAN));
    const age = NOW.getTime() - submittedAt.getTime();
    const category = rnd.pick(CATEGORIES);
    const status = age > 120 * DAY ? rnd.weighted([['RESOLVED', 70], ['DECLINED', 15], ['ACKNOWLEDGED', 10], ['IN_PROGRESS', 5]]) : rnd.weighted([['RECEIVED', 35], ['ACKNOWLEDGED', 30], ['IN_PROGRESS', 20], ['RESOLVED', 15]]);
    const acknowledgedAt = status === 'RECEIVED' ? null : new Date(submittedAt.getTime() + rnd.int(1, 96) * 3_600_000);
    const resolvedAt = status === 'RESOLVED' || status === 'DECLINED' ? new Date(acknowledgedAt.getTime() + rnd.int(1, 60) * DAY) : null;
    const sentiment = rnd.weighted([['POSITIVE', 40], ['NEUTRAL', 35], ['NEGATIVE', 25]]);
    const row = {
      id: idOf(KIND.feedback, n),
      branchId: b.id,
      channel: rnd.weighted(CHANNELS),
      category,
      subject: SUBJECTS[category],
      body: `${SUBJECTS[category]}. Generated item ${n} of the large consortium.`,
      searchText: searchDocument(SUBJECTS[category], `${SUBJECTS[category]}. Generated item ${n} of the large consortium.`, []),
      rating: rnd.chance(0.6) ? rnd.int(1, 5) : null,
      language: rnd.chance(0.12) ? 'es' : 'en',
      sentiment,
      status,
      isPublic: rnd.chance(0.6),
      voteCount: rnd.chance(0.3) ? rnd.int(1, 40) : 0,
      tags: '[]',
      submittedAt,
      acknowledgedAt,
      resolvedAt: resolvedAt && resolvedAt.getTime() > NOW.getTime() ? NOW : resolvedAt,
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      relatedProgramId: null,
      discussionId: null,
      submitterSub: rnd.chance(0.4) ? `seed-patron-${rnd.int(1, 200_000)}` : null,
      rateKey: 'seed',
      idempotencyScope: null,
      idempotencyKey: null,
    };
    // As the subgraph writes it: a non-public item is never on the board.
    row.moderationState = row.isPublic ? 'PUBLISHED' : 'NOT_PUBLIC';
    yield row;
  }
}

// The daily and monthly rollups the feedback aggregates read (apps/feedback/src/rollup.ts): the daily one
// filled from the items in one INSERT … SELECT, the monthly one from the daily one a few branches per statement.
async function fillFeedbackRollup(db) {
  const { rebuildRollupSql, fillMonthlyRollup } = require(join(root, 'apps/feedback/dist/rollup.js'));
  if (typeof rebuildRollupSql !== 'function' || typeof fillMonthlyRollup !== 'function') throw new Error('apps/feedback/dist/rollup.js has no rebuildRollupSql or fillMonthlyRollup');
  let t = Date.now();
  await db.ds.query('DELETE FROM feedback_monthly');
  await db.ds.query('DELETE FROM feedback_daily');
  await db.ds.query(rebuildRollupSql(db.dialect));
  const [{ n }] = await db.ds.query('SELECT COUNT(*) AS n FROM feedback_daily');
  let seconds = (Date.now() - t) / 1000;
  say(`feedback_daily: ${Number(n).toLocaleString('en-US')} rows filled from the items in ${seconds.toFixed(1)} s`);
  timings.push({ table: 'feedback_daily', rows: Number(n), seconds });
  t = Date.now();
  const months = await fillMonthlyRollup((sql, params) => db.ds.query(sql, params), db.dialect);
  seconds = (Date.now() - t) / 1000;
  say(`feedback_monthly: ${months.toLocaleString('en-US')} rows filled from the daily rollup in ${seconds.toFixed(1)} s`);
  timings.push({ table: 'feedback_monthly', rows: months, seconds });
}

async function seedFeedback() {
  const db = await open('feedback');
  try {
    await mustBeEmpty(db, 'feedback');
    await insertAll(db, 'feedback', feedbackRows(), FEEDBACK);
    await fillFeedbackRollup(db);
  } finally {
    await db.close();
  }
}

// ---- programs --------------------------------------------------------------------------------------

const AREAS = ['CIVIC_COMMUNITY_ENGAGEMENT', 'DIGITAL_LEARNING', 'EARLY_CHILDHOOD_LITERACY', 'ECONOMIC_DEVELOPMENT', 'EDUCATION_LIFELONG_LEARNING', 'FAMILY_ENGAGEMENT', 'HEALTH', 'JOB_SKILLS', 'SUMMER_READING'];
const AGES = ['EARLY_CHILDHOOD', 'CHILDREN', 'YOUNG_ADULTS', 'ADULTS', 'ALL_AGES'];
const SESSIONS_PER_PROGRAM = 10;
const PROGRAMS = Math.max(SESSIONS ? 1 : 0, Math.ceil(SESSIONS / SESSIONS_PER_PROGRAM));
const programs = Array.from({ length: PROGRAMS }, (_, i) => ({ id: idOf(KIND.program, i + 1), branch: pickBranch(), area: rnd.pick(AREAS), age: rnd.pick(AGES), start: START.getTime() + Math.floor(rnd.next() * SPAN * 0.95) }));
// Each session: its program, start, capacity and fate, computed once (registrations and answer sheets follow it).
const sessions = Array.from({ length: SESSIONS }, (_, i) => {
  const p = programs[Math.floor(i / SESSIONS_PER_PROGRAM)];
  const k = i % SESSIONS_PER_PROGRAM;
  const startsAt = Math.floor((p.start + k * 7 * DAY) / 3_600_000) * 3_600_000 + 10 * 3_600_000;
  const past = startsAt < NOW.getTime();
  const cancelled = rnd.chance(0.04);
  return { id: idOf(KIND.session, i + 1), program: p, startsAt, capacity: rnd.chance(0.85) ? rnd.int(8, 40) : null, status: cancelled ? 'CANCELLED' : past ? 'COMPLETED' : 'SCHEDULED' };
});

function* programRows() {
  for (const p of programs) {
    const created = new Date(p.start - 30 * DAY);
    yield {
      id: p.id,
      branchId: p.branch.id,
      title: `${p.area.replace(/_/g, ' ').toLowerCase()} series ${p.id.slice(-6)}`,
      description: 'A generated program of the large consortium.',
      serviceArea: p.area,
      ageGroup: p.age,
      format: rnd.weighted([['ONSITE', 70], ['VIRTUAL', 15], ['OFFSITE', 10], ['RECORDED', 5]]),
      languages: rnd.chance(0.15) ? ',en,es,' : ',en,',
      accessibilityNotes: null,
      status: rnd.weighted([['PUBLISHED', 85], ['ARCHIVED', 10], ['CANCELLED', 5]]),
      tags: '[]',
      createdAt: created,
      updatedAt: created,
    };
  }
}

const registrationsFor = new Int32Array(SESSIONS);
{
  // Spread the registrations: about the same per session, more for larger sessions.
  const base = SESSIONS ? Math.floor(REGISTRATIONS / SESSIONS) : 0;
  let left = REGISTRATIONS - base * SESSIONS;
  for (let i = 0; i < SESSIONS; i++) registrationsFor[i] = base;
  for (let i = 0; left > 0; i = (i + 7919) % SESSIONS, left--) registrationsFor[i] += 1;
}

function* sessionRows() {
  for (let i = 0; i < SESSIONS; i++) {
    const s = sessions[i];
    const registered = registrationsFor[i];
    const created = new Date(s.program.start - 20 * DAY);
    yield {
      id: s.id,
      programId: s.program.id,
      branchId: s.program.branch.id,
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.startsAt + 90 * 60_000),
      location: 'Community Room',
      capacity: s.capacity,
      status: s.status,
      attendance: s.status === 'COMPLETED' ? Math.round(Math.min(registered, s.capacity ?? registered) * 0.8) + rnd.int(0, 3) : null,
      createdAt: created,
      updatedAt: created,
    };
  }
}

const PATRONS = 250_000;
function* registrationRows() {
  let n = 0;
  for (let i = 0; i < SESSIONS; i++) {
    const s = sessions[i];
    const count = registrationsFor[i];
    const firstPatron = rnd.int(0, PATRONS - 1);
    let waitlist = 0;
    let seated = 0;
    for (let j = 0; j < count; j++) {
      const patronId = `seed-patron-${(firstPatron + j) % PATRONS}`;
      let status;
      if (s.status === 'CANCELLED') status = 'CANCELLED';
      else if (rnd.chance(0.08)) status = 'CANCELLED';
      else if (s.capacity !== null && seated >= s.capacity) status = s.status === 'COMPLETED' ? 'CANCELLED' : 'WAITLISTED';
      else if (s.status === 'COMPLETED') status = rnd.chance(0.82) ? 'ATTENDED' : 'NO_SHOW';
      else status = 'CONFIRMED';
      if (status === 'CONFIRMED' || status === 'ATTENDED' || status === 'NO_SHOW') seated++;
      const registeredAt = new Date(s.startsAt - (count - j) * 3_600_000 - 2 * DAY);
      yield {
        id: idOf(KIND.registration, ++n),
        sessionId: s.id,
        programId: s.program.id,
        branchId: s.program.branch.id,
        patronId,
        status,
        waitlistPosition: status === 'WAITLISTED' ? ++waitlist : null,
        liveKey: status === 'CANCELLED' ? null : `${s.id}:${patronId}`,
        registeredAt,
        updatedAt: registeredAt,
      };
    }
  }
}

function* sheetRows() {
  const completed = sessions.filter((s) => s.status === 'COMPLETED');
  if (!completed.length) return;
  for (let n = 1; n <= SHEETS; n++) {
    const s = completed[(n * 2654435761) % completed.length];
    const score = () => (rnd.chance(0.1) ? null : rnd.weighted([[5, 35], [4, 35], [3, 18], [2, 8], [1, 4]]));
    yield {
      id: idOf(KIND.sheet, n),
      sessionId: s.id,
      programId: s.program.id,
      branchId: s.program.branch.id,
      surveyType: rnd.chance(0.8) ? 'IMMEDIATE' : 'FOLLOW_UP',
      knowledge: score(),
      confidence: score(),
      application: score(),
      awareness: score(),
      comment: null,
      submittedOn: new Date(s.startsAt).toISOString().slice(0, 10),
      // The record key of the disclosure control (libs/conventions/src/privacy.ts): random, as the service draws it.
      recordKey: randomInt(0, 65_536),
    };
  }
}

// The per-session tallies and their monthly sums the program aggregates read (apps/programs/src/tally.ts), each filled in one INSERT … SELECT.
async function fillProgramTallies(db) {
  const { rebuildTalliesSql, rebuildMonthlySql } = require(join(root, 'apps/programs/dist/tally.js'));
  if (typeof rebuildTalliesSql !== 'function' || typeof rebuildMonthlySql !== 'function') throw new Error('apps/programs/dist/tally.js has no rebuildTalliesSql');
  await db.ds.query('DELETE FROM program_monthly');
  await db.ds.query('DELETE FROM session_tally');
  for (const [table, sql] of [['session_tally', rebuildTalliesSql(db.dialect)], ['program_monthly', rebuildMonthlySql(db.dialect)]]) {
    const t = Date.now();
    await db.ds.query(sql);
    const [{ n }] = await db.ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
    const seconds = (Date.now() - t) / 1000;
    say(`${table}: ${Number(n).toLocaleString('en-US')} rows filled in ${seconds.toFixed(1)} s`);
    timings.push({ table, rows: Number(n), seconds });
  }
}

async function seedPrograms() {
  const db = await open('programs');
  try {
    await mustBeEmpty(db, 'program');
    await insertAll(db, 'program', programRows(), PROGRAMS);
    await insertAll(db, 'program_session', sessionRows(), SESSIONS);
    await insertAll(db, 'registration', registrationRows(), REGISTRATIONS);
    await insertAll(db, 'outcome_response', sheetRows(), SHEETS);
    await fillProgramTallies(db);
  } finally {
    await db.close();
  }
}

// ---- run -------------------------------------------------------------------------------------------

const t0 = Date.now();
say(`${BRANCHES} branches in ${SYSTEMS} systems, ${YEARS} years up to ${NOW.toISOString().slice(0, 10)}: ${FEEDBACK} feedback items, ${PROGRAMS} programs, ${SESSIONS} sessions, ${REGISTRATIONS} registrations, ${SHEETS} answer sheets → ${a.database ? `${a.database} (one database per subgraph)` : `SQLite in ${env.DATA_DIR}`}`);
await seedLibraries();
await seedFeedback();
await seedPrograms();
const total = timings.reduce((s, t) => s + t.rows, 0);
say(`done: ${total.toLocaleString('en-US')} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s. Serve it with DEMO_DATA=false${a.database ? ` DATABASE_URL=${a.database}` : ` DATA_DIR=${env.DATA_DIR}`}; the consortium's code is ${a.code}.`);
