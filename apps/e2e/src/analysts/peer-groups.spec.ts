/**
 * Named peer groups (libraries: ADMIN writes, everyone reads, like the rest
 * of the directory) and program comparison within one (programs, asking the
 * libraries subgraph for the group's members and populations), through the
 * real gateway.
 */
import { DEMO_BRANCHES, DEMO_CONSORTIA } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

jest.setTimeout(180_000);

const ERRORS = 'userErrors { field code message }';
const GROUP = 'id name description consortium { code } branches { code }';
const CREATE = `mutation($i: CreatePeerGroupInput!) { createPeerGroup(input: $i) { peerGroup { ${GROUP} } ${ERRORS} } }`;
const UPDATE = `mutation($i: UpdatePeerGroupInput!) { updatePeerGroup(input: $i) { peerGroup { ${GROUP} } ${ERRORS} } }`;
const DELETE = `mutation($i: DeletePeerGroupInput!) { deletePeerGroup(input: $i) { deletedPeerGroupId ${ERRORS} } }`;
const M = 'value peerMedian rank quartile';
const COMPARISON = `peerGroup { id } peerCount attendancePerCapita { ${M} } sessionsPerThousand { ${M} } registrationsPerCapita { ${M} } ranking { branch { code } attendancePerCapita }`;

const byCode = (code: string) => DEMO_BRANCHES.find((b) => b.code === code)!;
const ids = (...codes: string[]) => codes.map((c) => byCode(c).id);
const CVLC = DEMO_CONSORTIA[0];
const RURAL = ['MCL-CED', 'MCL-OAK', 'MCL-PIN', 'HCL-LGT', 'HCL-MKT'];

describe('analysts: named peer groups', () => {
  let graph: TestGraph;
  const groupCount = async () => (await graph.data(`{ consortium(code: "CVLC") { peerGroups { id } } }`)).consortium.peerGroups.length;
  const year = new Date().getUTCFullYear() - 1;
  const vars = { f: `${year}-01-01T00:00:00Z`, t: `${year + 1}-01-01T00:00:00Z` };
  let rural: { id: string };

  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'] });
  });
  afterAll(() => graph?.stop());

  test('ADMIN names a group; everyone reads it from the consortium, its branches and by id', async () => {
    const d = await graph.data(CREATE.replace('consortium { code }', 'consortium { code peerGroups { name } }'), { i: { consortiumId: CVLC.id, name: '  Rural branches ', description: 'Under 10,000 residents, outside a city', branchIds: ids(...RURAL) } }, { as: 'ADMIN' });
    expect(d.createPeerGroup.userErrors).toEqual([]);
    expect(d.createPeerGroup.peerGroup.consortium.peerGroups).toEqual([{ name: 'Rural branches' }]); // the payload shows the group written
    delete d.createPeerGroup.peerGroup.consortium.peerGroups;
    expect(d.createPeerGroup.peerGroup).toMatchObject({ name: 'Rural branches', description: 'Under 10,000 residents, outside a city', consortium: { code: 'CVLC' }, branches: [...RURAL].sort().map((code) => ({ code })) });
    rural = d.createPeerGroup.peerGroup;
    for (const as of [undefined, 'PATRON', 'STAFF', 'ANALYST'] as const) {
      const r = await graph.data(`query($id: ID!) { consortium(code: "CVLC") { peerGroups { id name } } branch(code: "MCL-PIN") { peerGroups { name } } other: branch(code: "RVL-CEN") { peerGroups { name } } peerGroup(id: $id) { ${GROUP} } }`, { id: rural.id }, { as: as as never });
      expect(r.consortium.peerGroups).toEqual([{ id: rural.id, name: 'Rural branches' }]);
      expect(r.branch.peerGroups).toEqual([{ name: 'Rural branches' }]);
      expect(r.other.peerGroups).toEqual([]);
      expect(r.peerGroup).toEqual(rural);
    }
    expect((await graph.data(`{ peerGroup(id: "6f1c1d1e-0000-4000-8000-000000000000") { id } }`)).peerGroup).toBeNull();
  });

  test.each([
    ['too few branches', { branchIds: ids('MCL-PIN') }, ['input', 'branchIds'], 'REQUIRED'],
    ['a branch named twice', { branchIds: ids('MCL-PIN', 'MCL-PIN', 'MCL-OAK') }, ['input', 'branchIds'], 'INVALID'],
    ['an unknown branch', { branchIds: [...ids('MCL-PIN'), '6f1c1d1e-0000-4000-8000-000000000000'] }, ['input', 'branchIds', '1'], 'NOT_FOUND'],
    ['a malformed branch id', { branchIds: [...ids('MCL-PIN'), 'nope'] }, ['input', 'branchIds', '1'], 'INVALID'],
    ['an empty name', { name: '   ' }, ['input', 'name'], 'REQUIRED'],
    ['a name too long', { name: 'x'.repeat(201) }, ['input', 'name'], 'TOO_LONG'],
    ['a name already used, in another case', { name: 'RURAL BRANCHES' }, ['input', 'name'], 'CONFLICT'],
    ['an unknown consortium', { consortiumId: '6f1c1d1e-0000-4000-8000-000000000000' }, ['input', 'consortiumId'], 'NOT_FOUND'],
  ])('create: %s is a user error and writes nothing', async (_, change, field, code) => {
    const before = await groupCount();
    const d = await graph.data(CREATE, { i: { consortiumId: CVLC.id, name: 'Another group', branchIds: ids('MCL-PIN', 'MCL-OAK'), ...change } }, { as: 'ADMIN' });
    expect(d.createPeerGroup.peerGroup).toBeNull();
    expect(d.createPeerGroup.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await groupCount()).toBe(before);
  });

  test('a branch of another consortium is NOT_FOUND: a group stays within its consortium', async () => {
    const c = await graph.data(`mutation { createConsortium(input: { code: "NWLC", name: "North Woods Library Cooperative" }) { consortium { id } } }`, {}, { as: 'ADMIN' });
    const sys = await graph.data(`mutation($i: CreateLibrarySystemInput!) { createLibrarySystem(input: $i) { librarySystem { id } } }`, { i: { consortiumId: c.createConsortium.consortium.id, code: 'BRL', name: 'Birch Lake Public Library' } }, { as: 'ADMIN' });
    const b = await graph.data(`mutation($i: CreateBranchInput!) { createBranch(input: $i) { branch { id } } }`, { i: { systemId: sys.createLibrarySystem.librarySystem.id, code: 'BRL-MAIN', name: 'Birch Lake Main', servicePopulation: 5000 } }, { as: 'ADMIN' });
    const before = await groupCount();
    const d = await graph.data(CREATE, { i: { consortiumId: CVLC.id, name: 'Across consortia', branchIds: [...ids('MCL-PIN'), b.createBranch.branch.id] } }, { as: 'ADMIN' });
    expect(d.createPeerGroup).toEqual({ peerGroup: null, userErrors: [expect.objectContaining({ field: ['input', 'branchIds', '1'], code: 'NOT_FOUND' })] });
    expect(await groupCount()).toBe(before);
  });

  test.each([
    ['anonymous', undefined, 'UNAUTHENTICATED'],
    ['PATRON', 'PATRON', 'FORBIDDEN'],
    ['STAFF of a member branch', { role: 'STAFF', branchCodes: ['MCL-PIN'] }, 'FORBIDDEN'],
    ['ANALYST', 'ANALYST', 'FORBIDDEN'],
  ])('%s may not create, change or delete a group', async (_, as, code) => {
    const before = await groupCount();
    const tries = [
      [CREATE, { i: { consortiumId: CVLC.id, name: 'Mine', branchIds: ids('MCL-PIN', 'MCL-OAK') } }],
      [UPDATE, { i: { id: rural.id, name: 'Renamed' } }],
      [DELETE, { i: { id: rural.id } }],
    ] as const;
    for (const [q, v] of tries) {
      const res = await graph.query(q, v as never, { as: as as never });
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await groupCount()).toBe(before);
    expect((await graph.data(`query($id: ID!) { peerGroup(id: $id) { name } }`, { id: rural.id })).peerGroup.name).toBe('Rural branches');
  });

  test('ANALYST: rank, quartile and median within the named group, from the members\' counts over their populations', async () => {
    const d = await graph.data(`query($f: DateTime, $t: DateTime, $g: ID!) {
      branch(code: "MCL-PIN") { programPeerComparison(from: $f, to: $t, peerGroupId: $g) { ${COMPARISON} } }
      peerGroup(id: $g) { branches { code servicePopulation programAggregate(from: $f, to: $t) { totals { attendance sessionCount registrationCount } } } }
    }`, { ...vars, g: rural.id }, { as: 'ANALYST' });
    const c = d.branch.programPeerComparison;
    const members = d.peerGroup.branches.map((b: any) => ({
      code: b.code,
      attendancePerCapita: b.programAggregate.totals.attendance / b.servicePopulation,
      sessionsPerThousand: (b.programAggregate.totals.sessionCount * 1000) / b.servicePopulation,
      registrationsPerCapita: b.programAggregate.totals.registrationCount / b.servicePopulation,
    }));
    expect(c.peerGroup).toEqual({ id: rural.id });
    expect(c.peerCount).toBe(RURAL.length);
    const own = members.find((m: any) => m.code === 'MCL-PIN');
    for (const k of ['attendancePerCapita', 'sessionsPerThousand', 'registrationsPerCapita'] as const) {
      const values = members.map((m: any) => m[k]);
      const rank = 1 + values.filter((x: number) => x > own[k] + 1e-9).length;
      expect(c[k].value).toBeCloseTo(own[k], 5);
      expect(c[k].rank).toBe(rank);
      expect(c[k].quartile).toBe(1 + Math.floor(((rank - 1) * 4) / values.length));
      const sorted = [...values].sort((x, y) => x - y);
      expect(c[k].peerMedian).toBeCloseTo(sorted[Math.floor(sorted.length / 2)], 5);
    }
    expect(c.ranking.map((r: any) => r.branch.code)).toEqual([...members].sort((x: any, y: any) => y.attendancePerCapita - x.attendancePerCapita).map((m: any) => m.code));
    // the population band is a different group: without peerGroupId the comparison is the band's
    const band = await graph.data(`query($f: DateTime, $t: DateTime) { branch(code: "MCL-PIN") { peers { code } programPeerComparison(from: $f, to: $t) { peerGroup { id } peerCount } } }`, vars, { as: 'ANALYST' });
    expect(band.branch.programPeerComparison).toEqual({ peerGroup: null, peerCount: band.branch.peers.length });
  });

  test('STAFF of a member: their own figures within the group, nothing of the other members', async () => {
    const d = await graph.data(`query($f: DateTime, $t: DateTime, $g: ID) { branch(code: "MCL-PIN") { programPeerComparison(from: $f, to: $t, peerGroupId: $g) { ${COMPARISON} } } }`, { ...vars, g: rural.id }, { as: { role: 'STAFF', branchCodes: ['MCL-PIN'] } });
    const c = d.branch.programPeerComparison;
    expect(c.peerCount).toBeNull();
    expect(c.attendancePerCapita).toMatchObject({ peerMedian: null, rank: null, quartile: null });
    expect(c.attendancePerCapita.value).not.toBeNull();
    expect(c.ranking.map((r: any) => r.branch.code)).toEqual(['MCL-PIN']);
    const other = await graph.query(`query($g: ID) { branch(code: "MCL-PIN") { programPeerComparison(peerGroupId: $g) { peerCount } } }`, { g: rural.id }, { as: { role: 'STAFF', branchCodes: ['MCL-OAK'] } });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('a group the branch is not in, or no group, is BAD_USER_INPUT', async () => {
    for (const [code, g] of [['RVL-CEN', rural.id], ['MCL-PIN', '6f1c1d1e-0000-4000-8000-000000000000'], ['MCL-PIN', 'nope']]) {
      const res = await graph.query(`query($g: ID) { branch(code: "${code}") { name programPeerComparison(peerGroupId: $g) { peerCount } } }`, { g }, { as: 'ANALYST' });
      expect((res.body.data as any).branch.programPeerComparison).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  test('ADMIN changes and deletes a group; validation as on create', async () => {
    const bad = await graph.data(UPDATE, { i: { id: rural.id, branchIds: ids('MCL-PIN') } }, { as: 'ADMIN' });
    expect(bad.updatePeerGroup).toEqual({ peerGroup: null, userErrors: [expect.objectContaining({ field: ['input', 'branchIds'], code: 'REQUIRED' })] });
    const missing = await graph.data(UPDATE, { i: { id: '6f1c1d1e-0000-4000-8000-000000000000', name: 'x' } }, { as: 'ADMIN' });
    expect(missing.updatePeerGroup.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    const second = await graph.data(CREATE, { i: { consortiumId: CVLC.id, name: 'Coast', branchIds: ids('HCL-MAIN', 'HCL-BAY') } }, { as: 'ADMIN' });
    const clash = await graph.data(UPDATE, { i: { id: second.createPeerGroup.peerGroup.id, name: 'rural branches' } }, { as: 'ADMIN' });
    expect(clash.updatePeerGroup.userErrors).toEqual([expect.objectContaining({ field: ['input', 'name'], code: 'CONFLICT' })]);

    const ok = await graph.data(UPDATE, { i: { id: rural.id, name: 'Small towns', description: '', branchIds: ids('MCL-PIN', 'HCL-LGT', 'MCL-CED') } }, { as: 'ADMIN' });
    expect(ok.updatePeerGroup).toEqual({ peerGroup: { id: rural.id, name: 'Small towns', description: null, consortium: { code: 'CVLC' }, branches: [{ code: 'HCL-LGT' }, { code: 'MCL-CED' }, { code: 'MCL-PIN' }] }, userErrors: [] });
    const after = await graph.data(`{ oak: branch(code: "MCL-OAK") { peerGroups { name } } pin: branch(code: "MCL-PIN") { peerGroups { name } } }`);
    expect(after).toEqual({ oak: { peerGroups: [] }, pin: { peerGroups: [{ name: 'Small towns' }] } });

    const del = await graph.data(DELETE, { i: { id: rural.id } }, { as: 'ADMIN' });
    expect(del.deletePeerGroup).toEqual({ deletedPeerGroupId: rural.id, userErrors: [] });
    const gone = await graph.data(`query($id: ID!) { peerGroup(id: $id) { id } branch(code: "MCL-PIN") { peerGroups { id } } consortium(code: "CVLC") { peerGroups { name } } }`, { id: rural.id });
    expect(gone).toEqual({ peerGroup: null, branch: { peerGroups: [] }, consortium: { peerGroups: [{ name: 'Coast' }] } });
    const again = await graph.data(DELETE, { i: { id: rural.id } }, { as: 'ADMIN' });
    expect(again.deletePeerGroup.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
  });

  test('a consortium has at most 20 named groups (LIMIT_REACHED)', async () => {
    for (let n = await groupCount(); n < 20; n++) {
      const d = await graph.data(CREATE, { i: { consortiumId: CVLC.id, name: `Group ${n}`, branchIds: ids('MCL-PIN', 'MCL-OAK') } }, { as: 'ADMIN' });
      expect(d.createPeerGroup.userErrors).toEqual([]);
    }
    const d = await graph.data(CREATE, { i: { consortiumId: CVLC.id, name: 'One too many', branchIds: ids('MCL-PIN', 'MCL-OAK') } }, { as: 'ADMIN' });
    expect(d.createPeerGroup).toEqual({ peerGroup: null, userErrors: [expect.objectContaining({ field: ['input', 'consortiumId'], code: 'LIMIT_REACHED' })] });
    expect(await groupCount()).toBe(20);
  });
});
