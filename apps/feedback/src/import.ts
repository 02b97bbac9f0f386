import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import {
  type CsvRow, ImportRowProblem, InputCheck, LIMITS, parseCount, parseInstant, pickColumn, problem, readCsv, UserError, userError, UserErrorCode,
} from '@ceg/conventions';
import { checkImportInput, requireRole, type SubgraphContext } from '@ceg/kit';
import { findImportKeys, importFingerprint, ImportKeyRow, isUniqueViolation } from '@ceg/persistence';
import { FeedbackResponseRow, FeedbackRow, type FeedbackStatusValue, type ModerationStateValue } from './entities';
import { screen } from './screen';
import { feedbackSearchText } from './search';
import { insertFeedbackItems, updateFeedbackItem } from './store';
import { detectLanguage, isLanguageTag, sentimentOf } from './text-analysis';
import { FeedbackCategory, FeedbackChannel, FeedbackStatus } from './types';

/**
 * Importing feedback collected elsewhere (comment cards typed up, another
 * system's export, a survey tool) from a CSV file with the generic columns
 * below. Items are stored as `submitFeedback` stores them (store.ts): the
 * sentiment is computed from the text, a public item passes the same
 * automatic screen and is held when it finds something, the language is
 * detected when the file has none. The file's submission time is kept. The
 * source's ids are kept (table `import_key`), so importing the same file
 * again changes nothing, and a corrected file updates the items it changes.
 */

/** The columns of the feedback CSV, by field: the headers accepted for each (case does not matter), first match wins. */
export const FEEDBACK_COLUMNS = {
  id: ['id', 'feedback_id', 'Feedback ID'],
  submittedAt: ['submitted_at', 'Submitted At', 'Submitted'],
  branch: ['branch', 'branch_code', 'Branch Code', 'Library'],
  channel: ['channel'],
  category: ['category'],
  subject: ['subject', 'Title'],
  text: ['text', 'body', 'comment', 'comments'],
  rating: ['rating'],
  language: ['language'],
  isPublic: ['public', 'is_public'],
  tags: ['tags'],
  status: ['status'],
  acknowledgedAt: ['acknowledged_at'],
  resolvedAt: ['resolved_at'],
  response: ['response'],
  respondedAt: ['responded_at'],
  responseVisibility: ['response_visibility'],
  contactName: ['contact_name'],
  contactEmail: ['contact_email'],
  contactPhone: ['contact_phone'],
} as const;
type Col = keyof typeof FEEDBACK_COLUMNS;
const REQUIRED: Col[] = ['id', 'submittedAt', 'branch', 'channel', 'category', 'text'];
const SOURCE = 'CSV';
const CHUNK = 200;
/**
 * The most rows one request takes. Each new or changed row runs the sentiment
 * analysis and, when public, the screen (a few milliseconds each), so that a
 * request stays well within the gateway's deadline (README.md, Import).
 */
export const MAX_FEEDBACK_IMPORT_ROWS = 1_000;
/** Who imported responses are shown as written by (the file does not name staff). */
export const IMPORTED_RESPONSE_AUTHOR = 'Library staff';

// ------------------------------------------------------------------ GraphQL surface

@InputType({ description: "Which branch a value of the feedback file's branch column stands for." })
export class FeedbackImportBranchInput {
  @Field({ description: 'The value as it appears in the file, e.g. "RVL-CEN" or "Central Library" (compared without case and surrounding spaces).' }) source: string;
  @Field(() => ID, { description: 'The branch its items belong to.' }) branchId: string;
}

@InputType({ description: 'A feedback CSV to import (columns in README.md, Import): the text of the file or of one batch of it, how to read it, and whether to write.' })
export class ImportFeedbackInput {
  @Field({ description: 'The CSV text, header row first, UTF-8; at most 900,000 characters and 1,000 rows (npm run import splits larger files into batches).' }) csv: string;
  @Field(() => Boolean, { description: 'True: check every row and say what would happen, writing nothing. Default false.', nullable: true, defaultValue: false }) dryRun?: boolean | null;
  @Field(() => [FeedbackImportBranchInput], { description: 'The branch of each value of the branch column; a row whose value is not listed is rejected. At most 100.' }) branches: FeedbackImportBranchInput[];
  @Field({ description: 'The IANA time zone of times written without an offset, e.g. "America/Los_Angeles".' }) timeZone: string;
  @Field(() => Int, { description: "Added to every line number reported, so that they are the original file's when it is sent in batches with its header repeated on top of each: the file line of the batch's first data row minus 2. Default 0.", nullable: true, defaultValue: 0 }) lineOffset?: number | null;
}

@ObjectType({ description: 'What a feedback import did, or with dryRun would do. Rows are counted once each: created, updated, unchanged or rejected.' })
export class ImportFeedbackPayload {
  @Field({ description: 'True when this was a dry run (nothing was written).' }) dryRun: boolean;
  @Field({ description: 'True when the rows were written (one transaction: all or nothing). False for a dry run, or when any row was rejected or `userErrors` is not empty.' }) written: boolean;
  @Field(() => Int, { description: 'Rows that create an item (their id was not imported before).' }) created: number;
  @Field(() => Int, { description: 'Rows that change an item imported before.' }) updated: number;
  @Field(() => Int, { description: 'Rows identical to what an earlier import wrote.' }) unchanged: number;
  @Field(() => Int, { description: 'Rows rejected (listed in `rows`).' }) rejected: number;
  @Field(() => Int, { description: 'Of the created and updated rows, the public items the automatic screen holds for review (RULES.md §8): they stay off the public board until staff show them.' }) held: number;
  @Field(() => [ImportRowProblem], { description: 'Every rejected row: its line, the column and why. A real run with any rejected row writes nothing.' }) rows: ImportRowProblem[];
  @Field(() => [UserError], { description: 'What is wrong with the input as a whole (time zone, branch list, the file\'s columns); nothing was written then.' }) userErrors: UserError[];
}

@Resolver()
export class FeedbackImportResolver {
  @Mutation(() => ImportFeedbackPayload, { description: 'Imports feedback items (with their status, timestamps and a staff response) from a CSV file. ADMIN only (others FORBIDDEN). Items pass the same automatic screen as new public submissions; a second import of the same file changes nothing; with `dryRun` nothing is written.' })
  importFeedback(@Arg('input', () => ImportFeedbackInput, { description: 'The file and how to read it.' }) input: ImportFeedbackInput, @Ctx() ctx: SubgraphContext): Promise<ImportFeedbackPayload> {
    return importFeedback(ctx, input);
  }
}

// ------------------------------------------------------------------ reading rows

/** What one row says, checked; the fingerprint is over these values. */
interface PlannedItem {
  line: number;
  externalId: string;
  item: {
    branchId: string; channel: string; category: string; subject: string; body: string; rating: number | null; language: string | null; isPublic: boolean;
    tags: string[]; status: FeedbackStatusValue; submittedAt: string; acknowledgedAt: string | null; resolvedAt: string | null;
    contactName: string | null; contactEmail: string | null; contactPhone: string | null;
  };
  response: { body: string; visibility: 'PUBLIC' | 'INTERNAL'; createdAt: string } | null;
}

const fingerprint = importFingerprint;
const enumValue = (raw: string) => raw.trim().toUpperCase().replace(/[\s-]+/g, '_');
const CHANNELS = Object.values(FeedbackChannel) as string[];
const CATEGORIES = Object.values(FeedbackCategory) as string[];
const STATUSES = Object.values(FeedbackStatus) as string[];
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** A subject for an item whose file has none: the text's first line, cut at a word within 80 characters. */
function subjectFrom(body: string): string {
  const first = body.split('\n')[0].trim();
  if (first.length <= 80) return first;
  const cut = first.slice(0, 80);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 80).trimEnd()}…`;
}

function readRow(row: CsvRow, cols: Partial<Record<Col, string>>, branches: Map<string, string>, zone: string, now: Date, problems: ImportRowProblem[]): PlannedItem | null {
  const before = problems.length;
  const cell = (f: Col) => (cols[f] ? row.cells[cols[f]!] ?? '' : '');
  const fail = (f: Col | null, message: string) => problems.push(problem(row.line, f ? cols[f] ?? FEEDBACK_COLUMNS[f][0] : null, message));
  const check = new InputCheck([]);
  const flush = (f: Col) => {
    for (const e of check.errors.splice(0)) fail(f, e.message);
  };
  const text = (f: Col, max: number, opts: { required?: boolean; multiline?: boolean } = {}) => {
    const v = check.text(cols[f] ?? f, cell(f), { max, ...opts });
    flush(f);
    return v;
  };
  const instant = (f: Col) => {
    const raw = cell(f);
    if (!raw) return null;
    const at = parseInstant(raw, zone);
    if (!at) fail(f, `"${raw.slice(0, 40)}" is not a date and time (use 2025-03-04T10:15:00Z, 2025-03-04 10:15 or 3/4/2025 10:15 AM)`);
    else if (at.getTime() > now.getTime() + 5 * 60_000) fail(f, `${raw.slice(0, 40)} is in the future`);
    return at;
  };

  const externalId = text('id', 200, { required: true });
  const branchRaw = cell('branch');
  const branchId = branches.get(branchRaw.toLowerCase());
  if (!branchRaw) fail('branch', 'The branch is missing');
  else if (!branchId) fail('branch', `"${branchRaw.slice(0, 80)}" is not one of the branches mapped`);
  const oneOf = (f: Col, values: string[], fallback: string | null) => {
    const raw = cell(f);
    if (!raw && fallback) return fallback;
    const v = enumValue(raw);
    if (!raw) fail(f, `The ${f} is missing (one of ${values.join(', ')})`);
    else if (!values.includes(v)) fail(f, `"${raw.slice(0, 40)}" is not one of ${values.join(', ')}`);
    return values.includes(v) ? v : null;
  };
  const channel = oneOf('channel', CHANNELS, null);
  const category = oneOf('category', CATEGORIES, null);
  const status = oneOf('status', STATUSES, 'RECEIVED') as FeedbackStatusValue | null;

  const body = text('text', LIMITS.body, { required: true, multiline: true });
  const subject = cell('subject') ? text('subject', LIMITS.subject) : body ? subjectFrom(body) : null;
  const ratingRaw = cell('rating');
  const rating = parseCount(ratingRaw);
  if (Number.isNaN(rating) || (rating !== null && (rating < 1 || rating > 5))) fail('rating', `"${ratingRaw.slice(0, 40)}" is not a rating from 1 to 5`);
  const language = cell('language') || null;
  if (language !== null && !isLanguageTag(language)) fail('language', `"${language.slice(0, 40)}" is not a language tag such as en or es-MX`);
  const publicRaw = cell('isPublic').toLowerCase();
  if (!YES.has(publicRaw) && !NO.has(publicRaw)) fail('isPublic', `"${cell('isPublic').slice(0, 20)}" is not yes or no`);
  const tags = check.tags(cols.tags ?? 'tags', cell('tags').split(/[;,|]/).map((t) => t.trim()).filter(Boolean));
  flush('tags');

  const submittedAt = instant('submittedAt');
  if (!cell('submittedAt')) fail('submittedAt', 'The submission time is missing');
  const acknowledgedAt = instant('acknowledgedAt');
  const resolvedAt = instant('resolvedAt');
  for (const [f, at] of [['acknowledgedAt', acknowledgedAt], ['resolvedAt', resolvedAt]] as const) {
    if (at && submittedAt && at.getTime() < submittedAt.getTime()) fail(f, `${cell(f)} is before the item was submitted (${cell('submittedAt')})`);
  }
  // The workflow's timestamps (workflow.ts): acknowledged once it left RECEIVED, resolved only while RESOLVED.
  if (acknowledgedAt && status === 'RECEIVED') fail('acknowledgedAt', 'A RECEIVED item has not been acknowledged yet; give its status');
  if (resolvedAt && status !== null && status !== 'RESOLVED') fail('resolvedAt', `A ${status} item has no resolution time (only RESOLVED items have one)`);

  const responseBody = cell('response') ? text('response', LIMITS.body, { multiline: true }) : null;
  const respondedAt = instant('respondedAt');
  const visibility = oneOf('responseVisibility', ['PUBLIC', 'INTERNAL'], 'PUBLIC') as 'PUBLIC' | 'INTERNAL' | null;
  if (respondedAt && !responseBody) fail('respondedAt', 'A response time without a response');
  if (respondedAt && submittedAt && respondedAt.getTime() < submittedAt.getTime()) fail('respondedAt', `${cell('respondedAt')} is before the item was submitted (${cell('submittedAt')})`);

  // The contact the submitter gave (RULES.md §3: the only personal data an item may carry), checked as submitFeedback checks it.
  const contactName = text('contactName', 200);
  const contactEmail = cell('contactEmail') ? check.email(cols.contactEmail!, cell('contactEmail')) : null;
  flush('contactEmail');
  const contactPhone = text('contactPhone', 40);
  if (contactPhone !== null && !/^[+0-9 ().\-/x]{3,40}$/i.test(contactPhone)) fail('contactPhone', 'A phone number may contain only digits, spaces and + ( ) - . /');

  if (problems.length > before || !externalId || !branchId || !channel || !category || !status || !body || !subject || !submittedAt || !visibility) return null;
  return {
    line: row.line,
    externalId,
    item: {
      branchId, channel, category, subject, body, rating, language, isPublic: YES.has(publicRaw), tags, status,
      submittedAt: submittedAt.toISOString(), acknowledgedAt: acknowledgedAt?.toISOString() ?? null, resolvedAt: resolvedAt?.toISOString() ?? null,
      contactName, contactEmail, contactPhone,
    },
    response: responseBody ? { body: responseBody, visibility, createdAt: (respondedAt ?? resolvedAt ?? acknowledgedAt ?? submittedAt).toISOString() } : null,
  };
}

// ------------------------------------------------------------------ what is stored

/** The stored fields of a planned item, as `submitFeedback` computes them: sentiment from the text, the language detected when absent. */
function storedFields(p: PlannedItem['item']) {
  const text = `${p.subject}\n${p.body}`;
  const language = p.language ?? detectLanguage(text);
  const sentiment = sentimentOf(text, language);
  return {
    branchId: p.branchId, channel: p.channel, category: p.category, subject: p.subject, body: p.body, rating: p.rating, language, sentiment, status: p.status,
    isPublic: p.isPublic, tags: JSON.stringify(p.tags), submittedAt: new Date(p.submittedAt), acknowledgedAt: p.acknowledgedAt ? new Date(p.acknowledgedAt) : null,
    resolvedAt: p.resolvedAt ? new Date(p.resolvedAt) : null, contactName: p.contactName, contactEmail: p.contactEmail, contactPhone: p.contactPhone,
    searchText: feedbackSearchText(p.subject, p.body, p.tags),
  };
}

/**
 * Where an item stands on the public board after an import (RULES.md §8).
 * A new public item is screened as a new submission is. An item imported
 * before keeps a staff decision (HIDDEN, MERGED); a held item stays held
 * (staff release it); a published one is held when its new text trips the
 * screen; an item no longer public leaves the board.
 */
function moderationOf(fields: ReturnType<typeof storedFields>, tags: string[], current: FeedbackRow | null): { moderationState: ModerationStateValue; screenFlags: string } {
  if (current && (current.moderationState === 'HIDDEN' || current.moderationState === 'MERGED')) return { moderationState: current.moderationState, screenFlags: current.screenFlags };
  if (!fields.isPublic) return { moderationState: 'NOT_PUBLIC', screenFlags: '' };
  const flags = screen({ subject: fields.subject, body: fields.body, tags, rating: fields.rating, sentiment: fields.sentiment });
  if (flags.length) return { moderationState: 'HELD', screenFlags: flags.join(',') };
  if (current?.moderationState === 'HELD') return { moderationState: 'HELD', screenFlags: current.screenFlags };
  return { moderationState: 'PUBLISHED', screenFlags: '' };
}

function emptyPayload(dryRun: boolean, userErrors: UserError[] = [], rows: ImportRowProblem[] = []): ImportFeedbackPayload {
  return Object.assign(new ImportFeedbackPayload(), {
    dryRun, written: false, created: 0, updated: 0, unchanged: 0, held: 0, rejected: new Set(rows.filter((r) => r.line !== null).map((r) => r.line)).size, rows, userErrors,
  });
}

export async function importFeedback(ctx: SubgraphContext, input: ImportFeedbackInput): Promise<ImportFeedbackPayload> {
  requireRole(ctx.viewer, 'ADMIN');
  const dryRun = input.dryRun === true;
  const check = new InputCheck();
  const checked = await checkImportInput(ctx, check, { entries: input.branches, field: 'branches', max: 100, noun: 'branches', timeZone: input.timeZone, lineOffset: input.lineOffset });
  if (!checked) return emptyPayload(dryRun, check.errors);
  const { branches, lineOffset } = checked;

  const { table, problems: fileProblems } = readCsv(input.csv, { lineOffset, maxRows: MAX_FEEDBACK_IMPORT_ROWS });
  if (!table) return emptyPayload(dryRun, [userError(['input', 'csv'], UserErrorCode.INVALID, fileProblems[0]?.message ?? 'Not a CSV file')], fileProblems);
  const cols: Partial<Record<Col, string>> = {};
  for (const f of Object.keys(FEEDBACK_COLUMNS) as Col[]) {
    const h = pickColumn(table.headers[0], FEEDBACK_COLUMNS[f]);
    if (h) cols[f] = h;
  }
  const missing = REQUIRED.filter((f) => !cols[f]);
  if (missing.length) {
    const names = missing.map((f) => FEEDBACK_COLUMNS[f].join(' or ')).join('; ');
    return emptyPayload(dryRun, [userError(['input', 'csv'], UserErrorCode.INVALID, `The file lacks the columns ${names}`)], [problem(1 + lineOffset, null, `Columns missing: ${names}`)]);
  }

  const now = new Date();
  const problems: ImportRowProblem[] = [];
  const planned: PlannedItem[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const p = readRow(row, cols, branches, input.timeZone, now, problems);
    if (!p) continue;
    const first = seen.get(p.externalId);
    if (first !== undefined) {
      problems.push(problem(row.line, cols.id!, `Id ${p.externalId} is also on line ${first}`));
      continue;
    }
    seen.set(p.externalId, row.line);
    planned.push(p);
  }

  const em = ctx.db.manager;
  const keys = await findImportKeys(em, SOURCE, 'feedback', planned.map((p) => p.externalId));
  const printOf = (p: PlannedItem) => fingerprint({ item: p.item, response: p.response });
  const changedIds = planned.filter((p) => keys.has(p.externalId) && keys.get(p.externalId)!.fingerprint !== printOf(p)).map((p) => keys.get(p.externalId)!.localId);
  const current = new Map<string, FeedbackRow>();
  for (let i = 0; i < changedIds.length; i += CHUNK) for (const r of await em.findBy(FeedbackRow, { id: In(changedIds.slice(i, i + CHUNK)) })) current.set(r.id, r);

  const creates: FeedbackRow[] = [];
  const updates: { from: FeedbackRow; changes: Partial<FeedbackRow> }[] = [];
  const keyWrites: { key: ImportKeyRow; isNew: boolean }[] = [];
  const responses: { p: PlannedItem; feedbackId: string }[] = [];
  let unchanged = 0;
  let held = 0;
  for (const p of planned) {
    const key = keys.get(p.externalId);
    const print = printOf(p);
    if (key && key.fingerprint === print) {
      unchanged++;
      continue;
    }
    const fields = storedFields(p.item);
    if (key) {
      const from = current.get(key.localId);
      if (!from) {
        // The item was deleted here after it was imported: the row is reported, not silently recreated.
        problems.push(problem(p.line, cols.id!, `Item ${p.externalId} was imported before but no longer exists here`));
        continue;
      }
      const moderation = moderationOf(fields, p.item.tags, from);
      if (moderation.moderationState === 'HELD' && from.moderationState !== 'HELD') held++;
      updates.push({ from, changes: { ...fields, ...moderation } });
    } else {
      const moderation = moderationOf(fields, p.item.tags, null);
      if (moderation.moderationState === 'HELD') held++;
      creates.push(Object.assign(new FeedbackRow(), {
        id: randomUUID(), ...fields, ...moderation, voteCount: 0, relatedProgramId: null, discussionId: null, submitterSub: null,
        rateKey: `import:${SOURCE}`, idempotencyScope: null, idempotencyKey: null, mergedIntoId: null,
      }));
    }
    const localId = key?.localId ?? creates.at(-1)!.id;
    keyWrites.push({
      key: Object.assign(new ImportKeyRow(), { id: key?.id ?? randomUUID(), source: SOURCE, kind: 'feedback', externalId: p.externalId, localId, fingerprint: print, sourceData: null, importedAt: now }),
      isNew: !key,
    });
    responses.push({ p, feedbackId: localId });
  }

  const payload = Object.assign(emptyPayload(dryRun, [], problems), { created: creates.length, updated: updates.length, unchanged, held });
  if (problems.length) {
    if (!dryRun) payload.userErrors = [userError(['input', 'csv'], UserErrorCode.INVALID, `${payload.rejected} rows are rejected (see rows); nothing was written`)];
    return payload;
  }
  if (dryRun) return payload;

  // The imported response of each item: one per row, keyed by the item's source id.
  const responseKeys = await findImportKeys(em, SOURCE, 'response', responses.map((r) => r.p.externalId));

  try {
    await ctx.db.transaction(async (tx) => {
      await insertFeedbackItems(tx, creates, CHUNK / 2);
      for (const u of updates) await updateFeedbackItem(tx, u.from, u.changes, now);
      const newKeys = keyWrites.filter((w) => w.isNew).map((w) => w.key);
      for (let i = 0; i < newKeys.length; i += CHUNK) await tx.insert(ImportKeyRow, newKeys.slice(i, i + CHUNK));
      for (const w of keyWrites.filter((x) => !x.isNew)) await tx.update(ImportKeyRow, { id: w.key.id }, { fingerprint: w.key.fingerprint, importedAt: now });

      for (const { p, feedbackId } of responses) {
        const rKey = responseKeys.get(p.externalId);
        if (!p.response) {
          if (rKey) {
            await tx.delete(FeedbackResponseRow, { id: rKey.localId });
            await tx.delete(ImportKeyRow, { id: rKey.id });
          }
          continue;
        }
        const fields = { body: p.response.body, visibility: p.response.visibility, createdAt: new Date(p.response.createdAt) };
        if (rKey) {
          await tx.update(FeedbackResponseRow, { id: rKey.localId }, fields);
          await tx.update(ImportKeyRow, { id: rKey.id }, { importedAt: now });
        } else {
          const id = randomUUID();
          await tx.insert(FeedbackResponseRow, { id, feedbackId, ...fields, authorName: IMPORTED_RESPONSE_AUTHOR, authorSub: null });
          await tx.insert(ImportKeyRow, {
            id: randomUUID(), source: SOURCE, kind: 'response', externalId: p.externalId, localId: id, fingerprint: fingerprint(p.response), sourceData: null, importedAt: now,
          });
        }
      }
    });
  } catch (e) {
    // Another import wrote some of these source ids since they were read: nothing of this request was written.
    if (!isUniqueViolation(e)) throw e;
    payload.userErrors = [userError(['input', 'csv'], UserErrorCode.CONFLICT, 'Another import wrote some of these rows meanwhile; nothing of this request was written: run it again (rows written meanwhile come back unchanged)')];
    return payload;
  }
  ctx.log.info({ created: payload.created, updated: payload.updated, unchanged, held }, 'feedback imported');
  payload.written = true;
  return payload;
}
