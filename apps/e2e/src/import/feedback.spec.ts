import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { BAD, base, row, SAMPLE } from './feedback-sample';

const CEN = demoBranch('RVL-CEN');
const NOR = demoBranch('RVL-NOR');

const BRANCHES = [{ source: 'RVL-CEN', branchId: CEN.id }, { source: 'rvl-nor', branchId: NOR.id }];
const IMPORT = `mutation($input: ImportFeedbackInput!) { importFeedback(input: $input) {
  dryRun written created updated unchanged rejected held rows { line column message } userErrors { field message code } } }`;
const input = (csv: string, over: Record<string, unknown> = {}) => ({ input: { csv, branches: BRANCHES, timeZone: 'America/Los_Angeles', ...over } });
const ITEM = `id subject body channel category rating language sentiment status isPublic tags submittedAt acknowledgedAt resolvedAt branch { id }
  contact { name email phone } responses { body visibility authorName createdAt } moderation { state flags }`;
const MEASURES = 'count openCount resolvedCount declinedCount averageRating averageHoursToAcknowledge averageHoursToResolve';

describe('import: feedback from a CSV through the gateway', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  const count = async (table: string) => Number((await graph.subgraph('feedback').db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({
    feedback: await count('feedback'), response: await count('feedback_response'), moderation: await count('feedback_moderation'), key: await count('import_key'),
  });
  const run = async (csv: string, over: Record<string, unknown> = {}) => (await graph.data(IMPORT, input(csv, over), { as: 'ADMIN' })).importFeedback;
  const items = async (as: unknown = 'ADMIN') =>
    (await graph.data(`{ feedbackItems(first: 100, orderBy: SUBMITTED_AT_ASC) { totalCount nodes { ${ITEM} } } }`, {}, { as: as as never })).feedbackItems;
  const aggregate = async () =>
    (await graph.data(`{ feedbackAggregate(groupBy: [BRANCH]) { totals { ${MEASURES} } groups { key { branch { id } } measures { count } } } }`, {}, { as: 'ADMIN' })).feedbackAggregate;

  it('imports what the file says, screened and analysed as new submissions are; a second import changes nothing; a corrected row updates its item', async () => {
    const before = await counts();
    const dry = await run(SAMPLE, { dryRun: true });
    expect(dry).toEqual({ dryRun: true, written: false, created: 5, updated: 0, unchanged: 0, rejected: 0, held: 1, rows: [], userErrors: [] });
    expect(await counts()).toEqual(before);

    expect(await run(SAMPLE)).toMatchObject({ written: true, created: 5, updated: 0, unchanged: 0, rejected: 0, held: 1 });
    const afterFirst = await counts();
    // 5 items, 2 responses, 1 screen hold; keys: 5 items and 2 responses.
    expect(afterFirst).toEqual({ feedback: before.feedback + 5, response: before.response + 2, moderation: before.moderation + 1, key: before.key + 7 });
    const seen = await items();
    const aggregated = await aggregate();

    expect(await run(SAMPLE)).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 5, held: 0 });
    expect(await counts()).toEqual(afterFirst);
    expect(await items()).toEqual(seen);
    expect(await aggregate()).toEqual(aggregated);

    expect(seen.totalCount).toBe(5);
    // Oldest first: CARD-005 was submitted before CARD-004.
    const [card1, card2, card3, card5, card4] = seen.nodes;
    expect(card1).toMatchObject({
      subject: 'More graphic novels', channel: 'SUGGESTION_BOX', category: 'COLLECTIONS', rating: 5, language: 'en', sentiment: 'POSITIVE', status: 'RESOLVED',
      isPublic: true, tags: ['teens', 'comics'], branch: { id: CEN.id }, contact: null, moderation: { state: 'PUBLISHED', flags: [] },
      // Wall-clock times of the file in Los Angeles (PST, UTC−8).
      submittedAt: '2025-02-03T22:20:00.000Z', acknowledgedAt: '2025-02-05T17:20:00.000Z', resolvedAt: '2025-03-01T18:20:00.000Z',
      responses: [{ body: 'We ordered 40 new graphic novels; look for them on the teen shelves.', visibility: 'PUBLIC', authorName: 'Library staff', createdAt: '2025-03-01T18:20:00.000Z' }],
    });
    expect(card2).toMatchObject({
      channel: 'EMAIL', category: 'FACILITIES', body: 'The elevator was out of order for two weeks.\nThat is terrible for wheelchair users.', rating: 1, language: 'en',
      sentiment: 'NEGATIVE', status: 'IN_PROGRESS', submittedAt: '2025-02-10T18:30:00.000Z', acknowledgedAt: '2025-02-11T16:30:00.000Z', resolvedAt: null,
      contact: { name: 'Pat Doe', email: 'pat@example.org', phone: '+1 503 555 0199' }, moderation: { state: 'PUBLISHED', flags: [] }, responses: [],
    });
    // The screen holds a public item with a phone number, as it holds a new submission (RULES.md §8).
    expect(card3).toMatchObject({ subject: 'Book club', isPublic: true, rating: null, moderation: { state: 'HELD', flags: ['PHONE_NUMBER'] } });
    // No subject in the file: the text's first line; no language: detected.
    expect(card4).toMatchObject({
      subject: 'Me encanta la hora del cuento en español. ¡Gracias!', channel: 'IN_PERSON', category: 'PROGRAMS', language: 'es', sentiment: 'POSITIVE', isPublic: false,
      moderation: { state: 'NOT_PUBLIC', flags: [] }, submittedAt: '2025-03-03T18:00:00.000Z',
    });
    expect(card5).toMatchObject({ status: 'DECLINED', branch: { id: NOR.id }, responses: [{ body: 'Staffing does not allow it this year.', visibility: 'INTERNAL', createdAt: '2025-02-20T20:00:00.000Z' }] });

    // The held item is off the public board; the published ones are on it.
    const publicBoard = await items(null);
    expect(publicBoard.nodes.map((f: any) => f.subject)).toEqual(['More graphic novels', 'Elevator out of order']);
    expect(publicBoard.nodes[1].contact).toBeNull();

    // The aggregates count what the file says.
    expect(aggregated.totals).toMatchObject({ count: 5, openCount: 3, resolvedCount: 1, declinedCount: 1, averageRating: 3.5 });
    // Acknowledged after 43, 22 and 52 hours; CARD-001 resolved after 25 days and 20 hours.
    expect(aggregated.totals.averageHoursToAcknowledge).toBeCloseTo(39, 3);
    expect(aggregated.totals.averageHoursToResolve).toBeCloseTo(620, 3);
    expect(Object.fromEntries(aggregated.groups.map((g: any) => [g.key.branch.id, g.measures.count]))).toEqual({ [CEN.id]: 4, [NOR.id]: 1 });

    // A corrected status and response update that one item; its votes, screen and history stay.
    const corrected = SAMPLE.replace(
      row(base('CARD-002', {
        submitted_at: '2025-02-10T18:30:00Z', channel: 'email', category: 'Facilities', subject: 'Elevator out of order',
        text: 'The elevator was out of order for two weeks.\nThat is terrible for wheelchair users.', rating: 1, language: '', tags: '', status: 'IN_PROGRESS',
        acknowledged_at: '2025-02-11T16:30:00Z', contact_name: 'Pat Doe', contact_email: 'pat@example.org', contact_phone: '+1 503 555 0199',
      })),
      row(base('CARD-002', {
        submitted_at: '2025-02-10T18:30:00Z', channel: 'email', category: 'Facilities', subject: 'Elevator out of order',
        text: 'The elevator was out of order for two weeks.\nThat is terrible for wheelchair users.', rating: 1, language: '', tags: '', status: 'RESOLVED',
        acknowledged_at: '2025-02-11T16:30:00Z', resolved_at: '2025-02-24T18:30:00Z', response: 'The elevator is repaired.', contact_name: 'Pat Doe', contact_email: 'pat@example.org', contact_phone: '+1 503 555 0199',
      })),
    );
    expect(corrected).not.toBe(SAMPLE);
    expect(await run(corrected)).toMatchObject({ written: true, created: 0, updated: 1, unchanged: 4, held: 0 });
    expect(await counts()).toEqual({ ...afterFirst, response: afterFirst.response + 1, key: afterFirst.key + 1 });
    const after = await items();
    expect(after.nodes[1]).toMatchObject({ status: 'RESOLVED', resolvedAt: '2025-02-24T18:30:00.000Z', responses: [{ body: 'The elevator is repaired.', visibility: 'PUBLIC', createdAt: '2025-02-24T18:30:00.000Z' }] });
    expect((await aggregate()).totals).toMatchObject({ count: 5, openCount: 2, resolvedCount: 2, declinedCount: 1 });
  });

  it('a re-import keeps the board\'s decisions: a held item stays held, a hidden one hidden, and a published one whose new text trips the screen is held', async () => {
    const file = (texts: Record<string, string>) => [
      'id,submitted_at,branch,channel,category,subject,text,public',
      ...Object.entries(texts).map(([id, text]) => `${id},2025-04-01 10:00,RVL-CEN,ONLINE_FORM,SERVICES,Item ${id},"${text}",yes`),
    ].join('\n');
    const first = { 'MOD-1': 'Email me at reader@example.org about holds.', 'MOD-2': 'The self-checkout works well.', 'MOD-3': 'Great wifi in the reading room.' };
    expect(await run(file(first))).toMatchObject({ written: true, created: 3, held: 1 });
    const byId = async () => Object.fromEntries((await items()).nodes.filter((f: any) => f.subject.startsWith('Item MOD')).map((f: any) => [f.subject.slice(5), f]));
    const one = await byId();
    expect([one['MOD-1'].moderation.state, one['MOD-2'].moderation.state, one['MOD-3'].moderation.state]).toEqual(['HELD', 'PUBLISHED', 'PUBLISHED']);
    const hidden = await graph.data(
      'mutation($i: HideFeedbackInput!) { hideFeedback(input: $i) { userErrors { code } feedback { moderation { state } } } }',
      { i: { feedbackId: one['MOD-2'].id, reason: 'Duplicate of a posted notice' } },
      { as: 'ADMIN' },
    );
    expect(hidden.hideFeedback).toEqual({ userErrors: [], feedback: { moderation: { state: 'HIDDEN' } } });

    const second = { 'MOD-1': 'Please tell me about holds.', 'MOD-2': 'The self-checkout works very well.', 'MOD-3': 'Great wifi; call 503-555-0100 if it fails.' };
    expect(await run(file(second))).toMatchObject({ written: true, created: 0, updated: 3, held: 1 });
    const two = await byId();
    expect(two['MOD-1']).toMatchObject({ body: 'Please tell me about holds.', moderation: { state: 'HELD', flags: ['EMAIL_ADDRESS'] } });
    expect(two['MOD-2']).toMatchObject({ body: 'The self-checkout works very well.', moderation: { state: 'HIDDEN' } });
    expect(two['MOD-3']).toMatchObject({ moderation: { state: 'HELD', flags: ['PHONE_NUMBER'] } });
    const record = await graph.data(`query($id: ID!) { feedback(id: $id) { moderation { actions { action fromState toState actorName } } } }`, { id: two['MOD-3'].id }, { as: 'ADMIN' });
    expect(record.feedback.moderation.actions).toEqual([{ action: 'HELD', fromState: 'PUBLISHED', toState: 'HELD', actorName: 'Automatic screen' }]);
    // Off the public board: only items that passed stay there.
    const board = (await items(null)).nodes.map((f: any) => f.subject);
    expect(board.filter((t: string) => t.startsWith('Item MOD'))).toEqual([]);
  });

  it('two imports of the same new file at once write it once: each is written whole or refused as a CONFLICT, never an internal error', async () => {
    const before = await counts();
    const file = SAMPLE.replace(/CARD-0/g, 'RACE-0');
    const answers = await Promise.all([1, 2, 3].map(() => graph.query(IMPORT, input(file), { as: 'ADMIN' })));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    const results = answers.map((a) => (a.body.data as any).importFeedback);
    for (const r of results) {
      if (r.written) expect(r.created + r.unchanged).toBe(5);
      else expect(r.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'CONFLICT' })]);
    }
    expect(results.filter((r) => r.written && r.created === 5)).toHaveLength(1);
    expect(await counts()).toEqual({ feedback: before.feedback + 5, response: before.response + 2, moderation: before.moderation + 1, key: before.key + 7 });
    expect(await run(file)).toMatchObject({ written: true, unchanged: 5 });
  });

  it('a dry run reports each bad row with its line, column and message and writes nothing; a real run writes nothing either', async () => {
    const before = await counts();
    const dry = await run(BAD, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, written: false, created: 1, rejected: 8, userErrors: [] });
    expect(dry.rows.map((r: any) => [r.line, r.column])).toEqual([
      [2, 'text'], [3, 'submitted_at'], [4, 'branch'], [5, 'channel'], [6, 'rating'], [7, 'resolved_at'], [8, 'public'], [9, 'contact_email'],
    ]);
    const messages = dry.rows.map((r: any) => r.message);
    expect(messages[1]).toMatch(/2025-02-30.*not a date/);
    expect(messages[2]).toMatch(/RVL-XYZ.*not one of the branches/);
    expect(messages[3]).toMatch(/CARRIER_PIGEON.*not one of SUGGESTION_BOX/);
    expect(messages[4]).toMatch(/"7" is not a rating from 1 to 5/);
    expect(messages[5]).toMatch(/RECEIVED item has no resolution time/);
    expect(messages[6]).toMatch(/"maybe" is not yes or no/);
    expect(await counts()).toEqual(before);

    const real = await run(BAD);
    expect(real).toMatchObject({ written: false, rejected: 8 });
    expect(real.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'INVALID' })]);
    expect(await counts()).toEqual(before);
  });

  it('a file without the required columns or with more than 1,000 rows, or an unknown time zone, is refused as a whole', async () => {
    const before = await counts();
    const res = await run('id,branch,channel,category,text\n1,RVL-CEN,EMAIL,OTHER,Hello\n');
    expect(res.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'INVALID', message: expect.stringMatching(/submitted_at/) })]);
    expect((await run(SAMPLE, { timeZone: 'Mars/Olympus' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'timeZone'], code: 'INVALID' })]);
    // At most 1,000 rows a request (each is analysed and screened); the command sends 500 a batch.
    const many = ['id,submitted_at,branch,channel,category,text', ...Array.from({ length: 1001 }, (_, i) => `M-${i},2025-01-02,RVL-CEN,EMAIL,OTHER,Text ${i}`)].join('\n');
    const tooMany = await run(many, { dryRun: true });
    expect(tooMany).toMatchObject({ created: 0, userErrors: [expect.objectContaining({ field: ['input', 'csv'], message: expect.stringMatching(/At most 1000 rows/) })] });
    expect(await counts()).toEqual(before);
  });

  it('only ADMIN may import: STAFF and ANALYST are FORBIDDEN, anonymous UNAUTHENTICATED, and nothing is written', async () => {
    const before = await counts();
    const roles: [unknown, string][] = [[{ role: 'STAFF', branchCodes: ['RVL-CEN'], sub: 'staff-cen' }, 'FORBIDDEN'], ['ANALYST', 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']];
    for (const [as, code] of roles) {
      const res = await graph.query(IMPORT, input(SAMPLE), { as: as as never });
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.body.data?.importFeedback ?? null).toBeNull();
    }
    expect(await counts()).toEqual(before);
  });

  it('npm run import -- --kind feedback: branch codes map through the directory, a report per batch, bad rows stop it, a second run changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ceg-import-feedback-'));
    const command = async (file: string, content: string) => {
      writeFileSync(join(dir, file), content);
      const args = ['tools/import.mjs', '--kind', 'feedback', '--file', join(dir, file), '--gateway', graph.url, '--token', await graph.token('ADMIN'), '--time-zone', 'America/Los_Angeles', '--batch-rows', '2'];
      try {
        return { code: 0, out: (await promisify(execFile)(process.execPath, args, { cwd: join(__dirname, '..', '..', '..', '..') })).stdout };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, out: err.stdout + err.stderr };
      }
    };
    try {
      const before = await counts();
      const bad = await command('bad.csv', BAD);
      // The whole output is shown when the code differs.
      expect(bad).toMatchObject({ code: 1 });
      expect(bad.out).toMatch(/line 5, channel: "CARRIER_PIGEON"/);
      expect(bad.out).toMatch(/nothing was written/);
      expect(await counts()).toEqual(before);
      // Other ids than the sample's: new items, one held for review.
      const fresh = SAMPLE.replace(/CARD-0/g, 'CMD-0');
      const real = await command('feedback.csv', fresh);
      expect(real).toMatchObject({ code: 0 });
      expect(real.out).toMatch(/batch 1\/3 \(lines 2–3, 2 rows\): created 2/);
      expect(real.out).toMatch(/would create 5, update 0, leave 0 unchanged; rejected 0/);
      expect(real.out).toMatch(/held for review 1/);
      expect(real.out).toMatch(/written: 3 batches, 5 rows/);
      expect((await counts()).feedback).toBe(before.feedback + 5);
      const again = await command('feedback.csv', fresh);
      expect(again.out).toMatch(/would create 0, update 0, leave 5 unchanged/);
      expect((await counts()).feedback).toBe(before.feedback + 5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
