/**
 * GET /export/<operation>.csv|xlsx: each stored operation's file opens with
 * a CSV parser and with exceljs and holds exactly the API's numbers; the
 * caller's token, visibility and the gateway's limits apply as to POST /graphql.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

jest.setTimeout(240_000);

type Row = Record<string, unknown>;

describe('analysts: export', () => {
  let graph: TestGraph;
  const year = new Date().getUTCFullYear() - 1;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const fromTs = `${year}-01-01T00:00:00Z`;
  const toTs = `${year + 1}-01-01T00:00:00Z`;

  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph?.stop());

  const base = () => `http://127.0.0.1:${graph.gateway.port}`;

  /** GETs a path as a caller (default ANALYST; null: anonymous). */
  async function download(path: string, as: Parameters<TestGraph['authorization']>[0] | null = 'ANALYST'): Promise<Response> {
    const authorization = as === null ? undefined : await graph.authorization(as);
    return fetch(`${base()}${path}`, { headers: authorization ? { authorization } : {} });
  }

  /** The CSV's rows as objects keyed by the header row; checks the BOM and CRLF line ends. */
  async function csvRows(path: string, as?: Parameters<TestGraph['authorization']>[0]): Promise<{ header: string[]; rows: Row[]; cost: string | null }> {
    const res = await download(path, as);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const records: string[][] = parse(text, { bom: true });
    const [header, ...body] = records;
    return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), cost: res.headers.get('x-query-cost') };
  }

  /** The workbook's first sheet as objects keyed by its header row (cell values as exceljs reads them). */
  async function xlsxRows(path: string, as?: Parameters<TestGraph['authorization']>[0]): Promise<{ header: string[]; rows: Row[] }> {
    const res = await download(path, as);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('data')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Row[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values = row.values as unknown[];
      rows.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] ?? null])));
    });
    expect(wb.getWorksheet('about')).toBeDefined();
    return { header, rows };
  }

  /** A CSV cell as the value it stands for: '' is null, TRUE/FALSE booleans, numbers where the API gave a number. */
  const csvValue = (cell: unknown, api: unknown): unknown => {
    if (cell === '' || cell === undefined) return null;
    if (typeof api === 'number') return Number(cell);
    if (typeof api === 'boolean') return cell === 'TRUE';
    return cell;
  };
  const xlsxValue = (cell: unknown): unknown => (cell instanceof Date ? cell.toISOString().slice(0, 10) : cell);

  /** Every exported row equals the API's, column by column, in both formats. */
  async function expectExportEquals(path: string, header: string[], expected: unknown[][], as?: Parameters<TestGraph['authorization']>[0]) {
    expect(expected.length).toBeGreaterThan(0);
    const csv = await csvRows(path, as);
    expect(csv.header).toEqual(header);
    const sample = header.map((_, i) => expected.find((e) => e[i] !== null)?.[i] ?? null);
    expect(csv.rows.map((r) => header.map((h, i) => csvValue(r[h], sample[i])))).toEqual(expected);
    const xlsx = await xlsxRows(path.replace('.csv', '.xlsx'), as);
    expect(xlsx.header).toEqual(header);
    expect(xlsx.rows.map((r) => header.map((h) => xlsxValue(r[h])))).toEqual(expected);
    return csv;
  }

  const PROGRAM_MEASURES = ['programCount', 'sessionCount', 'attendance', 'averageAttendance', 'registrationCount', 'fillRate', 'noShowRate'];
  const OUTCOMES = ['responseCount', 'knowledge', 'confidence', 'application', 'awareness'];
  const PROGRAM_PER_CAPITA = ['servicePopulation', 'attendancePerCapita', 'registrationsPerCapita', 'sessionsPerThousand'];
  const FEEDBACK_PER_CAPITA = ['servicePopulation', 'countPerThousand', 'resolvedCountPerThousand'];

  test('program-aggregate of a consortium by branch and service area equals programAggregate', async () => {
    const data = await graph.data(`query($f: DateTime, $t: DateTime) { consortium(code: "CVLC") { programAggregate(from: $f, to: $t, groupBy: [BRANCH, SERVICE_AREA]) {
      groups { key { branch { code } serviceArea } measures { ${PROGRAM_MEASURES.join(' ')} outcomes { ${OUTCOMES.join(' ')} suppressed } } perCapita { ${PROGRAM_PER_CAPITA.join(' ')} } } } } }`, { f: fromTs, t: toTs }, { as: 'ANALYST' });
    const expected = data.consortium.programAggregate.groups.map((g: any) => [
      g.key.branch.code, g.key.serviceArea, ...PROGRAM_MEASURES.map((m) => g.measures[m]), ...OUTCOMES.map((m) => g.measures.outcomes[m]), g.measures.outcomes.suppressed,
      ...PROGRAM_PER_CAPITA.map((m) => g.perCapita[m]),
    ]);
    expect(expected.every((row: unknown[]) => row[row.length - 1] !== null)).toBe(true);
    const header = ['key.branch.code', 'key.serviceArea', ...PROGRAM_MEASURES.map((m) => `measures.${m}`), ...OUTCOMES.map((m) => `measures.outcomes.${m}`), 'measures.outcomes.suppressed',
      ...PROGRAM_PER_CAPITA.map((m) => `perCapita.${m}`)];
    await expectExportEquals(`/export/program-aggregate.csv?consortium=CVLC&from=${from}&to=${to}&groupBy=BRANCH,SERVICE_AREA`, header, expected);
  });

  test('feedback-aggregate of a library system by month equals feedbackAggregate, dates as calendar days', async () => {
    const M = ['count', 'openCount', 'resolvedCount', 'declinedCount', 'averageRating', 'averageHoursToAcknowledge', 'averageHoursToResolve', 'resolutionRate'];
    const data = await graph.data(`query($f: DateTime, $t: DateTime) { librarySystem(code: "RVL") { feedbackAggregate(from: $f, to: $t, groupBy: [PERIOD], interval: MONTH) { groups { key { period } measures { ${M.join(' ')} } perCapita { ${FEEDBACK_PER_CAPITA.join(' ')} } } } } }`, { f: fromTs, t: toTs }, { as: 'ANALYST' });
    const expected = data.librarySystem.feedbackAggregate.groups.map((g: any) => [g.key.period, ...M.map((m) => g.measures[m]), ...FEEDBACK_PER_CAPITA.map((m) => g.perCapita[m])]);
    expect(expected.length).toBe(12);
    const csv = await expectExportEquals(`/export/feedback-aggregate.csv?system=RVL&from=${from}&to=${to}&groupBy=PERIOD&interval=MONTH`, ['key.period', ...M.map((m) => `measures.${m}`), ...FEEDBACK_PER_CAPITA.map((m) => `perCapita.${m}`)], expected);
    expect(csv.rows[0]['key.period']).toBe(`${year}-01-01`);
  });

  test('feedback-aggregate without groupBy is the totals, one row', async () => {
    const data = await graph.data(`query($f: DateTime, $t: DateTime) { branch(code: "RVL-CEN") { feedbackAggregate(from: $f, to: $t) { totals { count openCount resolvedCount declinedCount averageRating averageHoursToAcknowledge averageHoursToResolve resolutionRate } perCapita { ${FEEDBACK_PER_CAPITA.join(' ')} } } } }`, { f: fromTs, t: toTs }, { as: 'ANALYST' });
    const { totals: t, perCapita: pc } = data.branch.feedbackAggregate;
    expect(pc.servicePopulation).toBe(demoBranch('RVL-CEN').servicePopulation);
    await expectExportEquals(`/export/feedback-aggregate.csv?branch=RVL-CEN&from=${from}&to=${to}`, [...Object.keys(t).map((m) => `measures.${m}`), ...Object.keys(pc).map((m) => `perCapita.${m}`)], [[...Object.values(t), ...Object.values(pc)]]);
  });

  test('partnership-aggregate by partner type equals partnershipAggregate, money as one number column per currency', async () => {
    const data = await graph.data(`query($f: DateTime, $t: DateTime) { consortium(code: "CVLC") { partnershipAggregate(from: $f, to: $t, groupBy: [PARTNER_TYPE]) { groups { key { partnerType } measures { partnershipCount activeCount partnerCount linkedProgramCount volunteerHours contributedValue { amount currency } } perCapita { servicePopulation partnershipsPerThousand volunteerHoursPerCapita } } } } }`, { f: fromTs, t: toTs }, { as: 'ANALYST' });
    const groups = data.consortium.partnershipAggregate.groups;
    const currencies = [...new Set<string>(groups.flatMap((g: any) => g.measures.contributedValue.map((v: any) => v.currency)))].sort();
    expect(currencies.length).toBeGreaterThan(0);
    const expected = groups.map((g: any) => [
      g.key.partnerType, g.measures.partnershipCount, g.measures.activeCount, g.measures.partnerCount, g.measures.linkedProgramCount, g.measures.volunteerHours,
      g.perCapita.servicePopulation, g.perCapita.partnershipsPerThousand, g.perCapita.volunteerHoursPerCapita,
      ...currencies.map((c) => Number(g.measures.contributedValue.find((v: any) => v.currency === c)?.amount ?? 0)),
    ]);
    const header = ['key.partnerType', 'measures.partnershipCount', 'measures.activeCount', 'measures.partnerCount', 'measures.linkedProgramCount', 'measures.volunteerHours',
      'perCapita.servicePopulation', 'perCapita.partnershipsPerThousand', 'perCapita.volunteerHoursPerCapita', ...currencies.map((c) => `measures.contributedValue.${c}`)];
    await expectExportEquals(`/export/partnership-aggregate.csv?consortium=CVLC&from=${from}&to=${to}&groupBy=PARTNER_TYPE`, header, expected);
  });

  test('pls-program-report of a branch equals plsProgramReport', async () => {
    const data = await graph.data(`query($f: Date!, $t: Date!, $ids: [ID!]!) { plsProgramReport(branchIds: $ids, from: $f, to: $t) { from to rows { item element label value } } }`, { f: from, t: to, ids: [demoBranch('RVL-CEN').id] }, { as: 'ANALYST' });
    const r = data.plsProgramReport;
    await expectExportEquals(`/export/pls-program-report.csv?branch=RVL-CEN&from=${from}&to=${to}`, ['from', 'to', 'rows.item', 'rows.element', 'rows.label', 'rows.value'],
      r.rows.map((row: any) => [r.from, r.to, row.item, row.element, row.label, row.value]));
    const c = (await graph.data(`query($f: Date!, $t: Date!) { consortium(code: "CVLC") { plsProgramReport(from: $f, to: $t) { rows { value } } } }`, { f: from, t: to }, { as: 'ANALYST' })).consortium.plsProgramReport;
    const csv = await csvRows(`/export/pls-program-report.csv?consortium=CVLC&from=${from}&to=${to}`);
    expect(csv.rows.map((row) => Number(row['rows.value']))).toEqual(c.rows.map((row: any) => row.value));
  });

  test('participation of a library system equals LibrarySystem.participation, withheld cells empty', async () => {
    const S = 'key label count share suppressed';
    const data = await graph.data(`query($f: Date!, $t: Date!) { librarySystem(code: "RVL") { participation(from: $f, to: $t) { from to respondentCount ageBands { ${S} } raceEthnicity { ${S} } languagesSpokenAtHome { ${S} } } } }`, { f: from, t: to }, { as: 'ANALYST' });
    const p = data.librarySystem.participation;
    const expected = ['ageBands', 'raceEthnicity', 'languagesSpokenAtHome'].flatMap((b) => p[b].map((s: any) => [p.from, p.to, p.respondentCount, b, s.key, s.label, s.count, s.share, s.suppressed]));
    await expectExportEquals(`/export/participation.csv?system=RVL&from=${from}&to=${to}`, ['from', 'to', 'respondentCount', 'breakdown', 'key', 'label', 'count', 'share', 'suppressed'], expected);
  });

  test('representation-gaps of the consortium equals Consortium.representationGaps', async () => {
    const F = ['dimension', 'key', 'communityShare', 'participantShare', 'representationIndex', 'suppressed'];
    const data = await graph.data(`query($f: Date!, $t: Date!) { consortium(code: "CVLC") { representationGaps(from: $f, to: $t) { ${F.join(' ')} } } }`, { f: from, t: to }, { as: 'ANALYST' });
    await expectExportEquals(`/export/representation-gaps.csv?consortium=CVLC&from=${from}&to=${to}`, F, data.consortium.representationGaps.map((g: any) => F.map((f) => g[f])));
  });

  test('peer-comparison of a branch equals programPeerComparison.ranking', async () => {
    const F = ['servicePopulation', 'attendance', 'sessionCount', 'registrationCount', 'attendancePerCapita', 'sessionsPerThousand', 'registrationsPerCapita'];
    const data = await graph.data(`query($f: DateTime, $t: DateTime) { branch(code: "MCL-PIN") { programPeerComparison(from: $f, to: $t) { ranking { branch { code } ${F.join(' ')} } } } }`, { f: fromTs, t: toTs }, { as: 'ANALYST' });
    await expectExportEquals(`/export/peer-comparison.csv?branch=MCL-PIN&from=${from}&to=${to}`, ['ranking.branch.code', ...F.map((f) => `ranking.${f}`)],
      data.branch.programPeerComparison.ranking.map((r: any) => [r.branch.code, ...F.map((f) => r[f])]));
    const res = await download('/export/peer-comparison.csv?system=RVL');
    expect(res.status).toBe(400);
  });

  test('peer-comparison within a named peer group (peerGroup=<id>) equals programPeerComparison(peerGroupId)', async () => {
    const codes = ['MCL-PIN', 'MCL-OAK', 'HCL-LGT'];
    const made = await graph.data(`mutation($i: CreatePeerGroupInput!) { createPeerGroup(input: $i) { peerGroup { id } userErrors { code } } }`, {
      i: { consortiumId: demoBranch('MCL-PIN').consortiumId, name: 'Export test group', branchIds: codes.map((c) => demoBranch(c).id) },
    }, { as: 'ADMIN' });
    const id = made.createPeerGroup.peerGroup.id;
    const F = ['servicePopulation', 'attendance', 'attendancePerCapita'];
    const data = await graph.data(`query($f: DateTime, $t: DateTime, $g: ID) { branch(code: "MCL-PIN") { programPeerComparison(from: $f, to: $t, peerGroupId: $g) { ranking { branch { code } ${F.join(' ')} } } } }`, { f: fromTs, t: toTs, g: id }, { as: 'ANALYST' });
    expect(data.branch.programPeerComparison.ranking.map((r: any) => r.branch.code).sort()).toEqual([...codes].sort());
    const csv = await csvRows(`/export/peer-comparison.csv?branch=MCL-PIN&from=${from}&to=${to}&peerGroup=${id}`);
    expect(csv.rows.map((r) => [r['ranking.branch.code'], Number(r['ranking.servicePopulation']), Number(r['ranking.attendance']), Number(r['ranking.attendancePerCapita'])]))
      .toEqual(data.branch.programPeerComparison.ranking.map((r: any) => [r.branch.code, ...F.map((f) => r[f])]));
    expect((await download(`/export/peer-comparison.csv?branch=RVL-CEN&peerGroup=${id}`)).status).toBe(400);
    expect((await download(`/export/program-aggregate.csv?branch=RVL-CEN&peerGroup=${id}`)).status).toBe(400);
  });

  test('the caller\'s visibility applies: STAFF export a system\'s programs over their own branch only', async () => {
    const staff = { role: 'STAFF' as const, branchCodes: ['RVL-CEN'] };
    const csv = await csvRows(`/export/program-aggregate.csv?system=RVL&from=${from}&to=${to}&groupBy=BRANCH`, staff);
    expect(csv.rows.map((r) => r['key.branch.code'])).toEqual(['RVL-CEN']);
    const api = await graph.data(`query($f: DateTime, $t: DateTime) { branch(code: "RVL-CEN") { programAggregate(from: $f, to: $t) { totals { attendance } } } }`, { f: fromTs, t: toTs }, { as: staff });
    expect(Number(csv.rows[0]['measures.attendance'])).toBe(api.branch.programAggregate.totals.attendance);
  });

  test('the cost is the API\'s: the same operation costs the same through POST /graphql', async () => {
    const list: any = await (await fetch(`${base()}/export`)).json();
    const op = list.operations.find((o: any) => o.name === 'program-aggregate');
    const csv = await csvRows(`/export/program-aggregate.csv?consortium=CVLC&from=${from}&to=${to}&groupBy=BRANCH`);
    const res = await graph.query(op.document, {
      consortium: 'CVLC', branch: null, system: null, isBranch: false, isSystem: false, isConsortium: true, from: fromTs, to: toTs, groupBy: ['BRANCH'], interval: null,
    }, { as: 'ANALYST' });
    expect(res.body.errors).toBeUndefined();
    expect(Number(csv.cost)).toBe((res.body.extensions as any).cost.requestedQueryCost);
    expect(Number(csv.cost)).toBeGreaterThan(0);
  });

  test.each([
    ['anonymous', null, '/export/program-aggregate.csv?consortium=CVLC', 401, 'UNAUTHENTICATED'],
    ['a bad token', { authorization: 'Bearer not-a-token' }, '/export/program-aggregate.csv?consortium=CVLC', 401, 'UNAUTHENTICATED'],
    ['PATRON', 'PATRON', '/export/participation.xlsx?branch=RVL-CEN', 403, 'FORBIDDEN'],
    ['no scope', 'ANALYST', '/export/program-aggregate.csv', 400, 'BAD_USER_INPUT'],
    ['two scopes', 'ANALYST', '/export/program-aggregate.csv?branch=RVL-CEN&system=RVL', 400, 'BAD_USER_INPUT'],
    ['an impossible day', 'ANALYST', '/export/program-aggregate.csv?branch=RVL-CEN&from=2025-02-30', 400, 'BAD_USER_INPUT'],
    ['an unknown dimension', 'ANALYST', '/export/program-aggregate.csv?branch=RVL-CEN&groupBy=CHANNEL', 400, 'BAD_USER_INPUT'],
    ['an unknown parameter', 'ANALYST', '/export/pls-program-report.csv?branch=RVL-CEN&groupBy=BRANCH', 400, 'BAD_USER_INPUT'],
    ['a bad interval', 'ANALYST', '/export/program-aggregate.csv?branch=RVL-CEN&groupBy=PERIOD&interval=FORTNIGHT', 400, 'BAD_USER_INPUT'],
    ['over ten years', 'ANALYST', '/export/program-aggregate.csv?branch=RVL-CEN&from=2000-01-01&to=2020-01-01', 400, 'BAD_USER_INPUT'],
    ['an unknown code', 'ANALYST', '/export/program-aggregate.csv?branch=NOPE', 404, 'NOT_FOUND'],
    ['an unknown operation', 'ANALYST', '/export/everything.csv?branch=RVL-CEN', 404, 'NOT_FOUND'],
  ] as const)('%s: refused with HTTP $3 and no file', async (_, as, path, status, code) => {
    const res = await download(path, as as never);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe(code);
  });
});
