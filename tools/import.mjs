#!/usr/bin/env node
// Import a CSV file into the graph through the gateway, in batches under the
// gateway's 1 MB request limit, with a report per batch.
//
//   npm run import -- --kind libcal-events|communico-events --file events.csv [--dry-run]
//        [--gateway http://localhost:4000] [--token T] [--time-zone America/Los_Angeles]
//        [--branch "Central Library=RVL-CEN"]... [--batch-rows 2000]
//   npm run import -- --kind acs-profile --file ACSDT5Y2023.B03002-Data.csv [--dry-run]
//        [--branch "GEO_ID or NAME=RVL-CEN"]... [--year 2023 --source "ACS 5-year 2019-2023"]
//   npm run import -- --kind feedback --file feedback.csv [--dry-run] [--time-zone America/Los_Angeles]
//        [--branch "Central Library=RVL-CEN"]...
//
// Every batch is first checked with a dry run; only when no row of the whole
// file is rejected are the batches written, each in one transaction. A batch
// that failed can be resumed by running the same command again: the batches
// already written come back as unchanged (the source's ids are kept).
// Exit code: 0 done, 1 rows rejected or a batch failed, 2 bad arguments.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './build.mjs';

const require = createRequire(join(root, 'package.json'));
const { parse } = require('csv-parse/sync');
const { stringify } = require('csv-stringify/sync');

const KINDS = {
  'libcal-events': { format: 'LIBCAL', libraryColumns: ['Library', 'Campus'] },
  // Communico's columns are not verified (README.md, Import): its library column is read from Location, Branch or Library.
  'communico-events': { format: 'COMMUNICO', libraryColumns: ['Location', 'Branch', 'Library', 'location'] },
  // An ACS table downloaded from data.census.gov (S0101, B03002 or C16001): one row per geography, mapped with --branch only.
  'acs-profile': {
    libraryColumns: [],
    // The geographies of one branch are added up in one request: they must not be split across batches.
    sameBatchColumns: ['GEO_ID', 'NAME'],
    needsYearAndSource: true,
    field: 'importCommunityProfiles',
    mutation: `mutation($input: ImportCommunityProfilesInput!) { importCommunityProfiles(input: $input) {
      written created updated unchanged rejected rows { line column message } userErrors { field message code } } }`,
    // data.census.gov writes a row of labels ("Estimate!!Total:") under the variable ids.
    headerRows: (records) => (records[1]?.some((c) => c.includes('!!') || /^geography$/i.test(c.trim())) ? 2 : 1),
    input: ({ csv, dryRun, lineOffset, mapping }) => ({ csv, dryRun, lineOffset, geographies: mapping, ...acsYearAndSource() }),
  },
  // The generic feedback CSV (README.md, Import): branch codes or names in its branch column.
  feedback: {
    libraryColumns: ['branch', 'branch_code', 'Branch Code', 'Library'],
    // Each row is analysed and screened: smaller batches than for events (the API takes at most 1,000 rows a request).
    batchRows: 500,
    field: 'importFeedback',
    mutation: `mutation($input: ImportFeedbackInput!) { importFeedback(input: $input) {
      written created updated unchanged rejected held rows { line column message } userErrors { field message code } } }`,
    input: ({ csv, dryRun, lineOffset, mapping }) => ({ csv, dryRun, lineOffset, branches: mapping, timeZone: values['time-zone'] }),
  },
};
const PLANNED = [];
const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://localhost:4000' },
    token: { type: 'string', default: process.env.TOKEN },
    'time-zone': { type: 'string', default: process.env.IMPORT_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone },
    branch: { type: 'string', multiple: true },
    'batch-rows': { type: 'string' },
    'max-batch-bytes': { type: 'string', default: '800000' },
    year: { type: 'string' },
    source: { type: 'string' },
  },
});
const usage = `usage: npm run import -- --kind <${Object.keys(KINDS).join('|')}> --file x.csv [--dry-run] [--gateway URL] [--token T] [--time-zone ZONE] [--branch "Library value=BRANCH-CODE"]... [--batch-rows N]`;
if (PLANNED.includes(values.kind)) {
  console.error(`import: --kind ${values.kind} is not available yet (see README.md, Import)`);
  process.exit(2);
}
const kind = KINDS[values.kind];
const batchRows = Number(values['batch-rows'] ?? kind?.batchRows ?? 2000);
const maxBytes = Number(values['max-batch-bytes']);
if (!kind || !values.file || !(batchRows >= 1) || !(maxBytes >= 1000)) {
  console.error(usage);
  process.exit(2);
}

/** The ACS year and source: --year and --source, else from a data.census.gov file name (ACSDT5Y2023.B03002-Data.csv: 2023, "ACS 5-year 2019-2023"). */
function acsYearAndSource() {
  const m = basename(values.file).match(/ACS(?:DT|ST|DP|CP)?([135])Y(\d{4})\./i);
  const span = m ? Number(m[1]) : null;
  const year = values.year ? Number(values.year) : m ? Number(m[2]) : NaN;
  const source = values.source ?? (m ? (span === 1 ? `ACS 1-year ${m[2]}` : `ACS ${span}-year ${Number(m[2]) - span + 1}-${m[2]}`) : null);
  if (!Number.isInteger(year) || !source) {
    console.error('import: give --year and --source (e.g. --year 2023 --source "ACS 5-year 2019-2023"), or keep the data.census.gov file name (ACSDT5Y2023.B03002-Data.csv)');
    process.exit(2);
  }
  return { year, source };
}
// Checked before anything is sent (the ACS kind needs a year and a source).
if (kind.needsYearAndSource) acsYearAndSource();
const gateway = values.gateway.replace(/\/+$/, '').replace(/\/graphql$/, '');

async function graphql(query, variables, token) {
  const res = await fetch(`${gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }));
  if (body.errors?.length) throw new Error(`${body.errors[0].extensions?.code ?? `HTTP ${res.status}`}: ${body.errors[0].message}`);
  return body.data;
}

async function tokenFor() {
  if (values.token) return values.token;
  // Development only: the gateway mints demo tokens (the route does not exist in production).
  const res = await fetch(`${gateway}/dev/token?role=ADMIN`).catch(() => null);
  if (res?.ok) return (await res.json()).token;
  console.error('import: give an ADMIN token with --token (or TOKEN=...)');
  process.exit(2);
}

// ------------------------------------------------------------------ the file, in batches of whole records
const text = readFileSync(values.file, 'utf8').replace(/\r\n?/g, '\n');
let records;
try {
  records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
} catch (e) {
  console.error(`import: ${values.file} is not readable as CSV: ${e.message}`);
  process.exit(1);
}
const headerRows = kind.headerRows?.(records.slice(0, 2).map((r) => r.record)) ?? 1;
if (records.length <= headerRows) {
  console.error(`import: ${values.file} has no rows under its header`);
  process.exit(1);
}
const headers = records.slice(0, headerRows).map((r) => r.record);
const header = headers[0];
const rows = records.slice(headerRows).map(({ record, info }) => ({
  record,
  line: info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0),
}));
const batches = [];
let current = [];
let bytes = 0;
for (const r of rows) {
  const size = Buffer.byteLength(stringify([r.record]));
  if (current.length && (current.length >= batchRows || bytes + size > maxBytes)) {
    batches.push(current);
    current = [];
    bytes = 0;
  }
  current.push(r);
  bytes += size;
}
if (current.length) batches.push(current);
const batchText = (b) => stringify([...headers, ...b.map((r) => r.record)]);

// ------------------------------------------------------------------ which branch each library value is
const token = await tokenFor();
const libraryColumn = header.findIndex((h) => kind.libraryColumns.some((c) => c.toLowerCase() === h.trim().toLowerCase()));
const directory = await graphql('{ consortia { branches { id code name } } }', {}, token);
const branches = (directory.consortia ?? []).flatMap((c) => c.branches);
const byKey = new Map(branches.flatMap((b) => [[b.code.toLowerCase(), b], [b.name.toLowerCase(), b]]));
const mapping = new Map();
for (const pair of values.branch ?? []) {
  const at = pair.lastIndexOf('=');
  const b = at > 0 ? byKey.get(pair.slice(at + 1).trim().toLowerCase()) : null;
  if (!b) {
    console.error(`import: --branch "${pair}": give "Library value=BRANCH-CODE" with a branch code or name of the directory`);
    process.exit(2);
  }
  mapping.set(pair.slice(0, at).trim().toLowerCase(), { source: pair.slice(0, at).trim(), branchId: b.id });
}
// Rejected here: a geography repeated in a later batch (the API sees one batch at a time).
const localProblems = [];
if (kind.sameBatchColumns) {
  const cols = kind.sameBatchColumns.map((c) => header.findIndex((h) => h.trim().toLowerCase() === c.toLowerCase())).filter((i) => i >= 0);
  const batchOf = new Map();
  const seen = new Map();
  for (const [i, b] of batches.entries()) {
    for (const r of b) {
      const keys = cols.map((c) => (r.record[c] ?? '').trim().toLowerCase()).filter(Boolean);
      const earlier = keys.map((k) => seen.get(k)).find(Boolean);
      if (earlier) {
        if (earlier.batch !== i) localProblems.push({ line: r.line, column: header[cols[0]], message: `"${keys[0]}" is also on line ${earlier.line}: a geography counts once` });
        continue;
      }
      for (const k of keys) seen.set(k, { line: r.line, batch: i });
      const m = keys.map((k) => mapping.get(k)).find(Boolean);
      if (!m) continue;
      const first = batchOf.get(m.branchId);
      if (first !== undefined && first !== i) {
        console.error(`import: the rows of the branch of "${m.source}" fall in batches ${first + 1} and ${i + 1}, and a branch's rows are added up in one request: raise --batch-rows or put them next to each other in the file`);
        process.exit(2);
      }
      batchOf.set(m.branchId, i);
    }
  }
}
if (libraryColumn >= 0) {
  for (const r of rows) {
    const v = (r.record[libraryColumn] ?? '').trim();
    const b = byKey.get(v.toLowerCase());
    if (v && b && !mapping.has(v.toLowerCase())) mapping.set(v.toLowerCase(), { source: v, branchId: b.id });
  }
}

const MUTATION = `mutation($input: ImportEventsInput!) { importEvents(input: $input) {
  written created updated unchanged rejected programsCreated rows { line column message } userErrors { field message code } } }`;
async function send(b, dryRun) {
  // The batch's lines are the file's: its first data row's line, less the header rows on top and 1.
  const common = { csv: batchText(b), dryRun, lineOffset: b[0].line - 1 - headerRows };
  const input = kind.input
    ? kind.input({ ...common, mapping: [...mapping.values()] })
    : { format: kind.format, ...common, branches: [...mapping.values()], timeZone: values['time-zone'] };
  return (await graphql(kind.mutation ?? MUTATION, { input }, token))[kind.field ?? 'importEvents'];
}
const describe = (i, b, r) =>
  `batch ${i + 1}/${batches.length} (lines ${b[0].line}–${b.at(-1).line}, ${b.length} rows): created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected}${r.held ? `, held for review ${r.held}` : ''}${r.written ? ', written' : ''}`;

// ------------------------------------------------------------------ check everything, then write
let rejected = 0;
const checked = [];
for (const [i, b] of batches.entries()) {
  const r = await send(b, true);
  checked.push(r);
  console.log(describe(i, b, r));
  for (const e of r.userErrors) console.log(`  error ${e.field?.join('.') ?? ''}: ${e.message}`);
  for (const p of r.rows) console.log(`  line ${p.line ?? '-'}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
  rejected += r.rejected + (r.userErrors.length && !r.rejected ? 1 : 0);
}
for (const p of localProblems) console.log(`  line ${p.line}, ${p.column}: ${p.message}`);
rejected += localProblems.length;
const total = (k) => checked.reduce((n, r) => n + r[k], 0) + (k === 'rejected' ? localProblems.length : 0);
console.log(`${values['dry-run'] ? 'dry run' : 'checked'}: ${rows.length} rows; would create ${total('created')}, update ${total('updated')}, leave ${total('unchanged')} unchanged; rejected ${total('rejected')}`);
if (rejected) {
  console.log('nothing was written: correct the rows above (or map their library with --branch) and run again');
  process.exit(1);
}
if (values['dry-run']) process.exit(0);
for (const [i, b] of batches.entries()) {
  try {
    const r = await send(b, false);
    console.log(describe(i, b, r));
    if (!r.written) throw new Error(r.userErrors.map((e) => e.message).join('; ') || 'not written');
  } catch (e) {
    console.log(`batch ${i + 1} failed (${e.message}); batches 1–${i} are written. Run the same command again to resume: written rows come back unchanged.`);
    process.exit(1);
  }
}
console.log(`written: ${batches.length} batches, ${rows.length} rows`);
