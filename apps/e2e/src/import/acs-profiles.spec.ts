import { parse } from 'csv-parse/sync';
import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { B03002_BAD, B03002_SAMPLE, C16001_SAMPLE, S0101_NO_LABELS, S0101_SAMPLE, TRACT_1, TRACT_2, TRACT_9 } from './acs-sample';

const CEN = demoBranch('RVL-CEN');
const NOR = demoBranch('RVL-NOR');
const WST = demoBranch('RVL-WST');
const EST = demoBranch('RVL-EST');
const MAP = demoBranch('MCL-MAP');
const OAK = demoBranch('MCL-OAK');

const SOURCE = 'ACS 5-year 2019-2023';
const GEOGRAPHIES = [{ source: TRACT_1.id, branchId: CEN.id }, { source: TRACT_2.name.toUpperCase(), branchId: NOR.id }];
const IMPORT = `mutation($input: ImportCommunityProfilesInput!) { importCommunityProfiles(input: $input) {
  dryRun written table created updated unchanged rejected rows { line column message } userErrors { field message code } } }`;
const input = (csv: string, over: Record<string, unknown> = {}) => ({ input: { csv, geographies: GEOGRAPHIES, year: 2023, source: SOURCE, ...over } });
const SHARE = 'key count share marginOfError countMarginOfError';
const PROFILE = `query($b: ID!) { branch(id: $b) { communityProfile(year: 2023) { year source population populationMarginOfError
  ageBands { ${SHARE} } raceEthnicity { ${SHARE} } languagesSpokenAtHome { ${SHARE} } } } }`;

// ------------------------------------------------------------------ the file's figures, read here by variable id

/** One geography's cells by variable id, straight from the CSV. */
function cells(csv: string, geoId: string): Record<string, string> {
  const [ids, , ...rows] = parse(csv) as string[][];
  const row = rows.find((r) => r[0] === geoId)!;
  return Object.fromEntries(ids.map((id, i) => [id, row[i]]));
}

/** The Census Bureau's margin of error for a count made of several: root of the sum of squares; of a proportion: ACS General Handbook, ch. 8. */
function expected(c: Record<string, string>, total: string, keys: Record<string, string[]>) {
  const moe = (v: string) => (v === '*****' ? 0 : v === '**' ? null : Number(v));
  const y = Number(c[`${total}E`]);
  const moeY = moe(c[`${total}M`]);
  return Object.entries(keys).map(([key, lines]) => {
    const x = lines.reduce((s, l) => s + Number(c[`${l}E`]), 0);
    const moes = lines.map((l) => moe(c[`${l}M`]));
    const moeX = moes.includes(null) ? null : Math.sqrt(moes.reduce((s: number, m) => s + m! ** 2, 0));
    const p = x / y;
    let shareMoe: number | null = null;
    if (moeX !== null && moeY !== null) {
      const under = moeX ** 2 - p ** 2 * moeY ** 2;
      shareMoe = Math.sqrt(under < 0 ? moeX ** 2 + p ** 2 * moeY ** 2 : under) / y;
    }
    return { key, count: x, share: p, marginOfError: shareMoe, countMarginOfError: moeX === null ? null : Math.round(moeX) };
  });
}

const RACE_LINES = {
  HISPANIC_LATINO: ['B03002_012'], WHITE: ['B03002_003'], BLACK: ['B03002_004'], AMERICAN_INDIAN_ALASKA_NATIVE: ['B03002_005'], ASIAN: ['B03002_006'],
  NATIVE_HAWAIIAN_PACIFIC_ISLANDER: ['B03002_007'], SOME_OTHER_RACE: ['B03002_008'], TWO_OR_MORE: ['B03002_009'],
};
const s = (n: number) => `S0101_C01_${String(n).padStart(3, '0')}`;
const AGE_LINES = {
  UNDER_5: [s(2)], '5_TO_17': [s(20), s(21)], '18_TO_24': [s(23)], '25_TO_44': [s(7), s(8), s(9), s(10)], '45_TO_64': [s(11), s(12), s(13), s(14)], '65_AND_OVER': [s(30)],
};
const c = (n: number) => `C16001_${String(n).padStart(3, '0')}`;
const LANGUAGE_LINES = {
  ENGLISH_ONLY: [c(2)], SPANISH: [c(3)], OTHER_INDO_EUROPEAN: [c(6), c(9), c(12), c(15)], ASIAN_PACIFIC_ISLAND: [c(18), c(21), c(24), c(27), c(30)], OTHER: [c(33), c(36)],
};

/** The shares as the graph shows them, against the expectation: counts and count margins exact, shares and their margins to 6 places. */
function expectShares(shown: any[], want: ReturnType<typeof expected>) {
  expect(shown.map((x) => x.key)).toEqual(want.map((w) => w.key));
  shown.forEach((x, i) => {
    const w = want[i];
    expect({ key: x.key, count: x.count, countMarginOfError: x.countMarginOfError }).toEqual({ key: w.key, count: w.count, countMarginOfError: w.countMarginOfError });
    expect(x.share).toBeCloseTo(w.share, 6);
    if (w.marginOfError === null) expect(x.marginOfError).toBeNull();
    else expect(x.marginOfError).toBeCloseTo(w.marginOfError, 6);
  });
  expect(shown.reduce((sum, x) => sum + x.share, 0)).toBeCloseTo(1, 5);
}

describe('import: community profiles from ACS tables through the gateway', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'diversity-metrics'], demoData: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  const profiles = async () => graph.subgraph('diversity-metrics').db.manager.query('SELECT * FROM community_profile ORDER BY branchId, year');
  const run = async (csv: string, over: Record<string, unknown> = {}) => (await graph.data(IMPORT, input(csv, over), { as: 'ADMIN' })).importCommunityProfiles;
  const profileOf = async (branchId: string) => (await graph.data(PROFILE, { b: branchId })).branch.communityProfile;

  it('B03002: a dry run writes nothing; the import gives what the file says, margins of error included; a second import changes nothing', async () => {
    const before = await profiles();
    const dry = await run(B03002_SAMPLE, { dryRun: true });
    expect(dry).toEqual({ dryRun: true, written: false, table: 'B03002', created: 2, updated: 0, unchanged: 0, rejected: 0, rows: [], userErrors: [] });
    expect(await profiles()).toEqual(before);

    expect(await run(B03002_SAMPLE)).toEqual({ dryRun: false, written: true, table: 'B03002', created: 2, updated: 0, unchanged: 0, rejected: 0, rows: [], userErrors: [] });
    const written = await profiles();
    expect(written).toHaveLength(before.length + 2);

    // Published figures: read anonymously.
    const cen = await profileOf(CEN.id);
    const tract1 = cells(B03002_SAMPLE, TRACT_1.id);
    expect(cen).toMatchObject({ year: 2023, source: SOURCE, population: Number(tract1.B03002_001E), populationMarginOfError: Number(tract1.B03002_001M), ageBands: [], languagesSpokenAtHome: [] });
    expectShares(cen.raceEthnicity, expected(tract1, 'B03002_001', RACE_LINES));
    const nor = await profileOf(NOR.id);
    const tract2 = cells(B03002_SAMPLE, TRACT_2.id);
    // "*****": a controlled total, no sampling error; "**": a margin that could not be computed.
    expect(tract2.B03002_001M).toBe('*****');
    expect(nor.populationMarginOfError).toBe(0);
    expectShares(nor.raceEthnicity, expected(tract2, 'B03002_001', RACE_LINES));
    expect(nor.raceEthnicity.find((x: any) => x.key === 'SOME_OTHER_RACE')).toMatchObject({ count: 12, countMarginOfError: null, marginOfError: null });

    const again = await run(B03002_SAMPLE);
    expect(again).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(await profiles()).toEqual(written);
    expect(await profileOf(CEN.id)).toEqual(cen);
  });

  it('S0101 and C16001 fill the age and language breakdowns of the same profile; a file without the label row is read by variable ids', async () => {
    const s0101 = await run(S0101_SAMPLE);
    expect(s0101).toMatchObject({ table: 'S0101', written: true, created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const tract1 = cells(S0101_SAMPLE, TRACT_1.id);
    let cen = await profileOf(CEN.id);
    expect(cen.population).toBe(Number(tract1.S0101_C01_001E));
    expectShares(cen.ageBands, expected(tract1, 'S0101_C01_001', AGE_LINES));
    expect(cen.raceEthnicity).toHaveLength(8);
    // The same figures as an API extract (no labels): nothing to change.
    expect(await run(S0101_NO_LABELS)).toMatchObject({ table: 'S0101', written: true, updated: 0, unchanged: 1, rejected: 0, userErrors: [] });

    // C16001 counts residents 5 and over: the population stays the whole population's.
    const c16001 = await run(C16001_SAMPLE);
    expect(c16001).toMatchObject({ table: 'C16001', written: true, created: 0, updated: 1, rejected: 0 });
    cen = await profileOf(CEN.id);
    expect(cen.population).toBe(Number(tract1.S0101_C01_001E));
    expectShares(cen.languagesSpokenAtHome, expected(cells(C16001_SAMPLE, TRACT_1.id), 'C16001_001', LANGUAGE_LINES));
    expect(cen.ageBands).toHaveLength(6);

    // A branch without a profile for the year cannot take languages alone.
    const before = await profiles();
    const alone = await run(C16001_SAMPLE, { geographies: [{ source: TRACT_1.id, branchId: WST.id }], dryRun: true });
    expect(alone).toMatchObject({ written: false, created: 0, rejected: 1 });
    expect(alone.rows).toEqual([{ line: 3, column: 'GEO_ID', message: expect.stringMatching(/no community profile for 2023.*S0101.*B03002/) }]);
    expect(await profiles()).toEqual(before);
  });

  it('a dry run reports each bad row with its line, column and why, and writes nothing; a real run with bad rows writes nothing either', async () => {
    const geographies = [
      { source: TRACT_1.id, branchId: EST.id }, { source: TRACT_2.id, branchId: WST.id }, { source: '1400000US41051000300', branchId: MAP.id },
      { source: '1400000US41051000400', branchId: OAK.id }, { source: 'Census Tract 5; Multnomah County; Oregon', branchId: NOR.id },
    ];
    const before = await profiles();
    const dry = await run(B03002_BAD, { dryRun: true, geographies });
    expect(dry).toMatchObject({ dryRun: true, written: false, table: 'B03002', created: 1, rejected: 6, userErrors: [] });
    expect(dry.rows.map((r: any) => [r.line, r.column])).toEqual([
      [4, 'GEO_ID'], [5, 'B03002_006E'], [6, 'B03002_012M'], [7, 'B03002_001E'], [8, 'B03002_004E'], [9, 'GEO_ID'],
    ]);
    expect(dry.rows[0].message).toMatch(new RegExp(`${TRACT_9.name}.*not one of the geographies mapped`));
    expect(dry.rows[1].message).toMatch(/"N".*too few sample cases/);
    expect(dry.rows[2].message).toMatch(/about 200.*not a margin of error/);
    expect(dry.rows[3].message).toMatch(/add up to 4619, not to the total 4519/);
    expect(dry.rows[4].message).toMatch(/301\.5.*not a number of residents/);
    expect(dry.rows[5].message).toMatch(/also on line 3: a geography counts once/);
    expect(await profiles()).toEqual(before);

    const real = await run(B03002_BAD, { geographies });
    expect(real).toMatchObject({ dryRun: false, written: false, rejected: 6 });
    expect(real.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'INVALID' })]);
    expect(await profiles()).toEqual(before);

    // Sent as a batch: lines are the file's.
    const batch = await run(B03002_BAD, { dryRun: true, geographies, lineOffset: 100 });
    expect(batch.rows.map((r: any) => r.line)).toEqual([104, 105, 106, 107, 108, 109]);
  });

  it('several geographies of one branch are added up: estimates summed, margins combined as the root of the sum of squares', async () => {
    const geographies = [{ source: TRACT_1.id, branchId: MAP.id }, { source: TRACT_2.id, branchId: MAP.id }];
    const res = await run(B03002_SAMPLE, { year: 2019, geographies });
    expect(res).toMatchObject({ written: true, created: 2, updated: 0, unchanged: 0, rejected: 0 });
    // The two tracts' cells added up by hand, then the same formulas as for one geography.
    const [a, b] = [cells(B03002_SAMPLE, TRACT_1.id), cells(B03002_SAMPLE, TRACT_2.id)];
    const moe = (v: string) => (v === '*****' ? 0 : v === '**' ? null : Number(v));
    const both: Record<string, string> = {};
    for (const id of Object.keys(a).filter((k) => /^B03002_\d{3}E$/.test(k))) {
      const line = id.slice(0, -1);
      both[id] = String(Number(a[id]) + Number(b[id]));
      const m = [moe(a[`${line}M`]), moe(b[`${line}M`])];
      both[`${line}M`] = m.includes(null) ? '**' : String(Math.sqrt(m[0]! ** 2 + m[1]! ** 2));
    }
    const map = (await graph.data<any>(PROFILE.replace('year: 2023', 'year: 2019'), { b: MAP.id })).branch.communityProfile;
    expect(map.population).toBe(4519 + 3102);
    expect(map.populationMarginOfError).toBe(Math.round(Math.sqrt(387 ** 2 + 0)));
    expectShares(map.raceEthnicity, expected(both, 'B03002_001', RACE_LINES));
    expect(await run(B03002_SAMPLE, { year: 2019, geographies })).toMatchObject({ written: true, unchanged: 2 });
  });

  it('a file that is no ACS table, or lacks its margins of error, an unknown branch and a bad year are reported as such', async () => {
    const before = await profiles();
    const notAcs = await run('Event ID,Title\n1,Storytime\n');
    expect(notAcs.userErrors).toEqual([expect.objectContaining({ field: ['input', 'csv'], code: 'INVALID', message: expect.stringMatching(/not an ACS table/) })]);
    const noMoe = B03002_SAMPLE.replace(/B03002_012M/, 'B03002_012X');
    expect((await run(noMoe)).userErrors).toEqual([expect.objectContaining({ message: expect.stringMatching(/margin of error columns B03002_012M/) })]);
    const unknown = await run(B03002_SAMPLE, { geographies: [{ source: TRACT_1.id, branchId: '00000000-0000-4000-8000-000000000000' }] });
    expect(unknown.userErrors).toEqual([expect.objectContaining({ field: ['input', 'geographies', '0', 'branchId'], code: 'NOT_FOUND' })]);
    // A byte-order mark, CRLF line ends and a trailing comma on every line (an empty last column) read the same.
    const windows = `\uFEFF${B03002_SAMPLE.trim().split('\n').map((l) => `${l},`).join('\r\n')}\r\n`;
    expect(await run(windows, { dryRun: true })).toMatchObject({ table: 'B03002', unchanged: 2, rejected: 0, userErrors: [] });
    const year = await run(B03002_SAMPLE, { year: 20230 });
    expect(year.userErrors).toEqual([expect.objectContaining({ field: ['input', 'year'], code: 'INVALID' })]);
    expect(await profiles()).toEqual(before);
  });

  it('imports of the same file at once: each is written whole or refused as a CONFLICT with nothing written, never an internal error', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => graph.query(IMPORT, input(B03002_SAMPLE, { year: 2020 }), { as: 'ADMIN' })));
    for (const res of answers) expect(res.body.errors).toBeUndefined();
    const payloads: any[] = answers.map((res) => (res.body.data as any).importCommunityProfiles);
    for (const p of payloads) {
      if (p.written) expect(p.created + p.unchanged).toBe(2);
      else expect(p.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    }
    expect(payloads.filter((p: any) => p.written).reduce((n: number, p: any) => n + p.created, 0)).toBe(2);
    const rows = (await profiles()).filter((r: any) => Number(r.year) === 2020);
    expect(rows.map((r: any) => [r.branchId, Number(r.population)]).sort()).toEqual([[CEN.id, 4519], [NOR.id, 3102]].sort());
    expect(await run(B03002_SAMPLE, { year: 2020 })).toMatchObject({ written: true, created: 0, unchanged: 2 });
  });

  it('only ADMIN may import: others get FORBIDDEN (anonymous UNAUTHENTICATED) and nothing is written', async () => {
    const before = await profiles();
    const roles: [unknown, string][] = [
      [{ role: 'STAFF', branchCodes: ['RVL-CEN'], sub: 'staff-cen' }, 'FORBIDDEN'], ['ANALYST', 'FORBIDDEN'], [{ role: 'PATRON', sub: 'p-acs' }, 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED'],
    ];
    for (const [as, code] of roles) {
      for (const dryRun of [true, false]) {
        const res = await graph.query(IMPORT, input(B03002_SAMPLE, { dryRun, year: 2022 }), { as: as as never });
        expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
        expect(res.body.data?.importCommunityProfiles ?? null).toBeNull();
      }
    }
    expect(await profiles()).toEqual(before);
  });

  it('upsertCommunityProfile takes margins of error and shows them back', async () => {
    const res = await graph.data(
      `mutation($i: UpsertCommunityProfileInput!) { upsertCommunityProfile(input: $i) { profile { population populationMarginOfError ageBands { ${SHARE} } } userErrors { field code } } }`,
      { i: { branchId: OAK.id, year: 2021, source: 'ACS 5-year 2017-2021', population: 1000, populationMarginOfError: 120, ageBands: [
        { key: 'UNDER_5', count: 100, countMarginOfError: 30, marginOfError: 0.029 }, { key: '65_AND_OVER', count: 900 },
      ] } },
      { as: 'ADMIN' },
    );
    expect(res.upsertCommunityProfile.userErrors).toEqual([]);
    expect(res.upsertCommunityProfile.profile).toEqual({ population: 1000, populationMarginOfError: 120, ageBands: [
      { key: 'UNDER_5', count: 100, share: 0.1, marginOfError: 0.029, countMarginOfError: 30 }, { key: '65_AND_OVER', count: 900, share: 0.9, marginOfError: null, countMarginOfError: null },
    ] });
    const bad = await graph.data(
      'mutation($i: UpsertCommunityProfileInput!) { upsertCommunityProfile(input: $i) { profile { id } userErrors { field code } } }',
      { i: { branchId: OAK.id, year: 2021, source: 'x', population: 10, populationMarginOfError: -1, ageBands: [{ key: 'UNDER_5', count: 10, marginOfError: 1.5 }] } },
      { as: 'ADMIN' },
    );
    expect(bad.upsertCommunityProfile.userErrors).toEqual([
      { field: ['input', 'ageBands', '0', 'marginOfError'], code: 'INVALID' }, { field: ['input', 'populationMarginOfError'], code: 'INVALID' },
    ]);
  });
});
