import type { TestGraph } from '@ceg/testing';
import {
  CEN, diversityGraph, ERRORS, NOR, PROFILE_FIELDS, profileInput, STAFF_CEN, STAFF_NOR, SUBMIT, UPSERT,
} from './helpers';

const COLLECTION = `mutation($input: RecordCollectionAuditInput!) { recordCollectionAudit(input: $input) { audit { id auditedOn totalTitles dimensions { dimension key titleCount share } branch { id } } ${ERRORS} } }`;
const ACCESSIBILITY = `mutation($input: RecordAccessibilityAuditInput!) { recordAccessibilityAudit(input: $input) { audit { id auditedOn score features { feature available notes } branch { id } } ${ERRORS} } }`;

/** The four mutations: success, validation (nothing written on error) and who may use them. */
describe('diversity-metrics: recording', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await diversityGraph();
  });
  afterAll(() => graph?.stop());

  const sql = (q: string, params: unknown[] = []) => graph.subgraph('diversity-metrics').db.manager.query(q, params) as Promise<any[]>;
  const rowCount = async (table: string) => Number((await sql(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  describe('upsertCommunityProfile', () => {
    test('STAFF of the branch records a profile; shares missing from the input come from the counts', async () => {
      const data = await graph.data(UPSERT, { input: profileInput() }, { as: STAFF_CEN });
      expect(data.upsertCommunityProfile.userErrors).toEqual([]);
      const p = data.upsertCommunityProfile.profile;
      expect(p).toMatchObject({ year: 2023, source: 'ACS 5-year 2019-2023', population: 10_000, medianHouseholdIncome: 64_000, disabilityRate: 0.13, branch: { id: CEN.id, code: 'RVL-CEN' } });
      expect(p.ageBands[0]).toEqual({ key: 'UNDER_5', label: 'Under 5 years', count: null, share: 0.05, suppressed: false });
      expect(p.languagesSpokenAtHome.map((s: any) => [s.key, s.count, s.share])).toEqual([['ENGLISH_ONLY', 8000, 0.8], ['SPANISH', 1500, 0.15], ['OTHER', 500, 0.05]]);
      const read = await graph.data(`query($id: ID!) { communityProfile(id: $id) { ${PROFILE_FIELDS} } }`, { id: p.id });
      expect(read.communityProfile).toEqual(p);
    });

    test('the same (branch, year) is replaced, keeping its id; another year is a new profile', async () => {
      const first = (await graph.data(UPSERT, { input: profileInput({ year: 2021 }) }, { as: 'ADMIN' })).upsertCommunityProfile.profile;
      const second = (await graph.data(UPSERT, { input: profileInput({ year: 2021, population: 12_345, source: '  ACS 5-year 2017-2021  ' }) }, { as: STAFF_CEN })).upsertCommunityProfile.profile;
      expect(second.id).toBe(first.id);
      expect(second).toMatchObject({ population: 12_345, source: 'ACS 5-year 2017-2021' });
      expect(await sql('SELECT population FROM community_profile WHERE branchId = ? AND year = ?', [CEN.id, 2021])).toEqual([{ population: 12_345 }]);
      const branch = await graph.data(`{ branch(code: "RVL-CEN") { communityProfiles { year population } communityProfile { year } y2021: communityProfile(year: 2021) { id } none: communityProfile(year: 1999) { id } } }`);
      expect(branch.branch.communityProfiles).toEqual([{ year: 2021, population: 12_345 }, { year: 2023, population: 10_000 }]);
      expect(branch.branch.communityProfile).toEqual({ year: 2023 });
      expect(branch.branch.y2021.id).toBe(first.id);
      expect(branch.branch.none).toBeNull();
    });

    test.each([
      ['year out of range', { year: 1899 }, ['input', 'year'], 'INVALID'],
      ['empty source', { source: '   ' }, ['input', 'source'], 'REQUIRED'],
      ['control characters', { source: 'ACS\u0007' }, ['input', 'source'], 'INVALID'],
      ['negative population', { population: -1 }, ['input', 'population'], 'INVALID'],
      ['share above 1', { disabilityRate: 1.2 }, ['input', 'disabilityRate'], 'INVALID'],
      ['negative share', { povertyRate: -0.1 }, ['input', 'povertyRate'], 'INVALID'],
      ['negative income', { medianHouseholdIncome: -5 }, ['input', 'medianHouseholdIncome'], 'INVALID'],
      ['no age bands', { ageBands: [] }, ['input', 'ageBands'], 'REQUIRED'],
      ['unknown key', { ageBands: [{ key: 'TEENS', share: 0.5 }] }, ['input', 'ageBands', '0', 'key'], 'INVALID'],
      ['key twice', { raceEthnicity: [{ key: 'WHITE', share: 0.5 }, { key: 'white', share: 0.2 }] }, ['input', 'raceEthnicity', '1', 'key'], 'INVALID'],
      ['neither count nor share', { raceEthnicity: [{ key: 'WHITE' }] }, ['input', 'raceEthnicity', '0', 'share'], 'REQUIRED'],
      ['entry share above 1', { raceEthnicity: [{ key: 'WHITE', share: 1.5 }] }, ['input', 'raceEthnicity', '0', 'share'], 'INVALID'],
      ['negative count', { languagesSpokenAtHome: [{ key: 'SPANISH', count: -3 }] }, ['input', 'languagesSpokenAtHome', '0', 'count'], 'INVALID'],
      ['count above population', { languagesSpokenAtHome: [{ key: 'SPANISH', count: 20_000 }] }, ['input', 'languagesSpokenAtHome', '0', 'count'], 'INVALID'],
      ['shares adding up to more than 1', { raceEthnicity: [{ key: 'WHITE', share: 0.7 }, { key: 'ASIAN', share: 0.6 }] }, ['input', 'raceEthnicity'], 'INVALID'],
      ['malformed branch id', { branchId: 'not a branch!' }, ['input', 'branchId'], 'INVALID'],
    ])('%s is a user error naming the field, and nothing is written', async (_name, over, field, code) => {
      const before = await sql('SELECT id, population, source, updatedAt FROM community_profile ORDER BY id');
      const res = await graph.data(UPSERT, { input: profileInput({ year: 2019, ...over }) }, { as: 'ADMIN' });
      expect(res.upsertCommunityProfile.profile).toBeNull();
      expect(res.upsertCommunityProfile.userErrors).toContainEqual(expect.objectContaining({ field, code }));
      expect(await sql('SELECT id, population, source, updatedAt FROM community_profile ORDER BY id')).toEqual(before);
    });

    test('an invalid replacement leaves the stored profile as it was', async () => {
      const before = await sql('SELECT * FROM community_profile WHERE year = 2023');
      const res = await graph.data(UPSERT, { input: profileInput({ population: 1, ageBands: [{ key: 'UNDER_5', count: 5 }] }) }, { as: STAFF_CEN });
      expect(res.upsertCommunityProfile.userErrors[0]).toMatchObject({ field: ['input', 'ageBands', '0', 'count'], code: 'INVALID' });
      expect(await sql('SELECT * FROM community_profile WHERE year = 2023')).toEqual(before);
    });

    test('only STAFF of the branch and ADMIN record; nothing is written otherwise', async () => {
      const before = await rowCount('community_profile');
      for (const [as, code] of [[STAFF_NOR, 'FORBIDDEN'], ['ANALYST', 'FORBIDDEN'], ['PATRON', 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']] as const) {
        const res = await graph.query(UPSERT, { input: profileInput({ year: 2017 }) }, { as: as as never });
        expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
        expect((res.body.data as any)?.upsertCommunityProfile ?? null).toBeNull();
      }
      expect(await rowCount('community_profile')).toBe(before);
      const nor = await graph.data(UPSERT, { input: profileInput({ branchId: NOR.id, year: 2017 }) }, { as: STAFF_NOR });
      expect(nor.upsertCommunityProfile.profile.branch.id).toBe(NOR.id);
    });

    test('profiles are public', async () => {
      const data = await graph.data('{ branch(code: "RVL-CEN") { communityProfile { year population ageBands { key share } } } }');
      expect(data.branch.communityProfile).toMatchObject({ year: 2023, population: 10_000 });
      const asPatron = await graph.data('{ branch(code: "RVL-CEN") { communityProfiles { year } } }', {}, { as: 'PATRON' });
      expect(asPatron.branch.communityProfiles.length).toBeGreaterThan(0);
    });
  });

  describe('submitParticipantDemographics', () => {
    test('anyone submits; the sheet is stored with the day only, one race/ethnicity category, and nothing about the person', async () => {
      const before = await rowCount('participant_response');
      for (const as of [undefined, 'PATRON', 'STAFF', 'ANALYST', 'ADMIN'] as const) {
        const data = await graph.data(SUBMIT, {
          input: { branchId: NOR.id, on: '2025-03-14', serviceArea: 'HEALTH', ageBand: '25 to 44', raceEthnicity: ['WHITE', 'ASIAN'], languageSpokenAtHome: 'english_only' },
        }, { as: as as never });
        expect(data.submitParticipantDemographics).toEqual({ accepted: true, userErrors: [] });
      }
      expect(await rowCount('participant_response')).toBe(before + 5);
      const rows = await sql('SELECT * FROM participant_response WHERE branchId = ?', [NOR.id]);
      expect(rows).toHaveLength(5);
      for (const r of rows) {
        expect(Object.keys(r).sort()).toEqual(['activityOn', 'ageBand', 'branchId', 'homeLanguage', 'id', 'raceEthnicity', 'recordKey', 'serviceArea']);
        // The record key of the cell-key method: a random integer in [0, 65536), the only thing added to the answers.
        expect(Number.isInteger(Number(r.recordKey)) && Number(r.recordKey) >= 0 && Number(r.recordKey) < 65_536).toBe(true);
        expect(r).toMatchObject({ ageBand: '25_TO_44', raceEthnicity: 'TWO_OR_MORE', homeLanguage: 'ENGLISH_ONLY', serviceArea: 'HEALTH' });
        // A calendar date, no time of day.
        const on = r.activityOn instanceof Date ? r.activityOn.toISOString() : String(r.activityOn);
        expect(on.startsWith('2025-03-14')).toBe(true);
        if (!(r.activityOn instanceof Date)) expect(r.activityOn).toBe('2025-03-14');
        expect(JSON.stringify(r)).not.toMatch(/test-(patron|staff|analyst|admin)|127\.0\.0\.1|::1/);
      }
      // No column in the table can hold a time, a person or an address.
      const columns = graph.subgraph('diversity-metrics').db.ds.getMetadata('participant_response').columns.map((c) => [c.propertyName, String(c.type)]);
      expect(columns.map(([name]) => name).sort()).toEqual(['activityOn', 'ageBand', 'branchId', 'homeLanguage', 'id', 'raceEthnicity', 'recordKey', 'serviceArea']);
      expect(new Set(rows.map((r) => Number(r.recordKey))).size).toBeGreaterThan(1);
      expect(columns.filter(([, type]) => /time|timestamp/i.test(type))).toEqual([]);
      // On SQLite not even a rowid records the order in which sheets arrived.
      if (graph.subgraph('diversity-metrics').db.dialect === 'sqlite') await expect(sql('SELECT rowid FROM participant_response')).rejects.toThrow(/rowid/);
    });

    test('answer sheets are never listed or fetched one by one: the schema has no field that returns them', async () => {
      const res = await graph.query('{ __type(name: "Query") { fields { name } } }');
      const names = ((res.body.data as any)?.__type?.fields ?? []).map((f: any) => f.name);
      expect(names).toContain('communityProfile');
      expect(names.filter((n: string) => /participant|answer|sheet|demograph/i.test(n))).toEqual([]);
    });

    test.each([
      ['malformed branch id', { branchId: 'x y' }, ['input', 'branchId'], 'INVALID'],
      ['date before 1900', { on: '1899-12-31' }, ['input', 'on'], 'INVALID'],
      ['date in the future', { on: '2099-01-01' }, ['input', 'on'], 'INVALID'],
      ['unknown age band', { ageBand: 'ancient' }, ['input', 'ageBand'], 'INVALID'],
      ['control characters', { ageBand: '25_TO_44\u0000' }, ['input', 'ageBand'], 'INVALID'],
      ['unknown race key', { raceEthnicity: ['WHITE', 'MARTIAN'] }, ['input', 'raceEthnicity', '1'], 'INVALID'],
      ['unknown language', { languageSpokenAtHome: 'Elvish' }, ['input', 'languageSpokenAtHome'], 'INVALID'],
    ])('%s is a user error naming the field, and nothing is written', async (_name, over, field, code) => {
      const before = await rowCount('participant_response');
      const data = await graph.data(SUBMIT, { input: { branchId: NOR.id, on: '2025-03-14', ...over } });
      expect(data.submitParticipantDemographics.accepted).toBe(false);
      expect(data.submitParticipantDemographics.userErrors).toContainEqual(expect.objectContaining({ field, code }));
      expect(await rowCount('participant_response')).toBe(before);
    });
  });

  describe('recordCollectionAudit', () => {
    const input = (over: Record<string, unknown> = {}) => ({
      branchId: CEN.id,
      auditedOn: '2025-05-01',
      totalTitles: 1000,
      dimensions: [{ dimension: 'LANGUAGE', key: 'SPANISH', titleCount: 120 }, { dimension: ' FORMAT ', key: 'EBOOK', titleCount: 250 }],
      ...over,
    });

    test('STAFF of the branch records an audit; share = titleCount / totalTitles; the latest by auditedOn is the branch\'s', async () => {
      const a = (await graph.data(COLLECTION, { input: input() }, { as: STAFF_CEN })).recordCollectionAudit;
      expect(a.userErrors).toEqual([]);
      expect(a.audit).toMatchObject({ auditedOn: '2025-05-01', totalTitles: 1000, branch: { id: CEN.id } });
      expect(a.audit.dimensions).toEqual([{ dimension: 'LANGUAGE', key: 'SPANISH', titleCount: 120, share: 0.12 }, { dimension: 'FORMAT', key: 'EBOOK', titleCount: 250, share: 0.25 }]);
      const older = (await graph.data(COLLECTION, { input: input({ auditedOn: '2024-01-01' }) }, { as: 'ADMIN' })).recordCollectionAudit.audit;
      const data = await graph.data(`query($id: ID!) { collectionAudit(id: $id) { id auditedOn } branch(code: "RVL-CEN") { latestCollectionAudit { id } } }`, { id: older.id });
      expect(data.collectionAudit).toEqual({ id: older.id, auditedOn: '2024-01-01' });
      expect(data.branch.latestCollectionAudit.id).toBe(a.audit.id);
    });

    test.each([
      ['negative total', { totalTitles: -1 }, ['input', 'totalTitles'], 'INVALID'],
      ['date out of range', { auditedOn: '2101-01-01' }, ['input', 'auditedOn'], 'INVALID'],
      ['negative count', { dimensions: [{ dimension: 'FORMAT', key: 'DVD', titleCount: -2 }] }, ['input', 'dimensions', '0', 'titleCount'], 'INVALID'],
      ['count above total', { dimensions: [{ dimension: 'FORMAT', key: 'DVD', titleCount: 1001 }] }, ['input', 'dimensions', '0', 'titleCount'], 'INVALID'],
      ['empty key', { dimensions: [{ dimension: 'FORMAT', key: ' ', titleCount: 1 }] }, ['input', 'dimensions', '0', 'key'], 'REQUIRED'],
      ['same key twice', { dimensions: [{ dimension: 'FORMAT', key: 'DVD', titleCount: 1 }, { dimension: 'format', key: 'dvd', titleCount: 2 }] }, ['input', 'dimensions', '1', 'key'], 'INVALID'],
    ])('%s is a user error naming the field, and nothing is written', async (_name, over, field, code) => {
      const before = await rowCount('collection_audit');
      const res = (await graph.data(COLLECTION, { input: input(over) }, { as: 'ADMIN' })).recordCollectionAudit;
      expect(res.audit).toBeNull();
      expect(res.userErrors).toContainEqual(expect.objectContaining({ field, code }));
      expect(await rowCount('collection_audit')).toBe(before);
    });

    test('STAFF of another branch, ANALYST and PATRON are FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      const before = await rowCount('collection_audit');
      for (const [as, code] of [[STAFF_NOR, 'FORBIDDEN'], ['ANALYST', 'FORBIDDEN'], ['PATRON', 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']] as const) {
        const res = await graph.query(COLLECTION, { input: input() }, { as: as as never });
        expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
      }
      expect(await rowCount('collection_audit')).toBe(before);
    });
  });

  describe('recordAccessibilityAudit', () => {
    const input = (over: Record<string, unknown> = {}) => ({
      branchId: CEN.id,
      auditedOn: '2025-04-01',
      features: [
        { feature: 'ELEVATOR', available: true },
        { feature: 'HEARING_LOOP', available: false, notes: '  Budgeted for next year.  ' },
        { feature: 'STEP_FREE_ENTRANCE', available: true },
        { feature: 'BRAILLE_MATERIALS', available: true },
      ],
      ...over,
    });

    test('records an audit; score = available / audited', async () => {
      const res = (await graph.data(ACCESSIBILITY, { input: input() }, { as: STAFF_CEN })).recordAccessibilityAudit;
      expect(res.userErrors).toEqual([]);
      expect(res.audit).toMatchObject({ auditedOn: '2025-04-01', score: 0.75, branch: { id: CEN.id } });
      expect(res.audit.features[1]).toEqual({ feature: 'HEARING_LOOP', available: false, notes: 'Budgeted for next year.' });
      const data = await graph.data('{ branch(code: "RVL-CEN") { latestAccessibilityAudit { id score } } }', {}, { as: 'PATRON' });
      expect(data.branch.latestAccessibilityAudit).toEqual({ id: res.audit.id, score: 0.75 });
      expect((await graph.data(`query($id: ID!) { accessibilityAudit(id: $id) { id } }`, { id: res.audit.id })).accessibilityAudit.id).toBe(res.audit.id);
    });

    test.each([
      ['no features', { features: [] }, ['input', 'features'], 'REQUIRED'],
      ['feature twice', { features: [{ feature: 'ELEVATOR', available: true }, { feature: 'ELEVATOR', available: false }] }, ['input', 'features', '1', 'feature'], 'INVALID'],
      ['control characters in notes', { features: [{ feature: 'ELEVATOR', available: true, notes: 'ok\u001b[31m' }] }, ['input', 'features', '0', 'notes'], 'INVALID'],
      ['date out of range', { auditedOn: '1800-01-01' }, ['input', 'auditedOn'], 'INVALID'],
    ])('%s is a user error naming the field, and nothing is written', async (_name, over, field, code) => {
      const before = await rowCount('accessibility_audit');
      const res = (await graph.data(ACCESSIBILITY, { input: input(over) }, { as: 'ADMIN' })).recordAccessibilityAudit;
      expect(res.audit).toBeNull();
      expect(res.userErrors).toContainEqual(expect.objectContaining({ field, code }));
      expect(await rowCount('accessibility_audit')).toBe(before);
    });

    test('STAFF of another branch is FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      const before = await rowCount('accessibility_audit');
      expect((await graph.query(ACCESSIBILITY, { input: input() }, { as: STAFF_NOR })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await graph.query(ACCESSIBILITY, { input: input() })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await rowCount('accessibility_audit')).toBe(before);
    });

    test('an id that names nothing reads as null', async () => {
      const data = await graph.data('{ accessibilityAudit(id: "00000000-0000-0000-0000-000000000000") { id } collectionAudit(id: "nope") { id } communityProfile(id: "x") { id } }');
      expect(data).toEqual({ accessibilityAudit: null, collectionAudit: null, communityProfile: null });
    });
  });
});
