import { DEMO_CONSORTIA, DEMO_SYSTEMS } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

const CREATE_CONSORTIUM = `mutation($i: CreateConsortiumInput!) { createConsortium(input: $i) { consortium { id code name region } userErrors { field message code } } }`;
const CREATE_SYSTEM = `mutation($i: CreateLibrarySystemInput!) { createLibrarySystem(input: $i) { librarySystem { id code name consortium { code } } userErrors { field message code } } }`;
const CREATE_BRANCH = `mutation($i: CreateBranchInput!) { createBranch(input: $i) { branch { id code name address { city country } location { latitude } openedOn system { code } consortium { code } } userErrors { field message code } } }`;

describe('directory writes (ADMIN only)', () => {
  let graph: TestGraph;
  const count = async () => {
    const d = await graph.data(`{ consortia { code systems { code } } branches(first: 100) { totalCount } }`);
    return { consortia: d.consortia.length, systems: d.consortia.flatMap((c: any) => c.systems).length, branches: d.branches.totalCount };
  };
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  test('ADMIN creates a consortium, a system in it and a branch in that', async () => {
    const c = await graph.data(CREATE_CONSORTIUM, { i: { code: ' nwlc ', name: '  North Woods Library Cooperative ', region: 'Northern Minnesota' } }, { as: 'ADMIN' });
    expect(c.createConsortium).toMatchObject({ consortium: { code: 'NWLC', name: 'North Woods Library Cooperative', region: 'Northern Minnesota' }, userErrors: [] });
    const s = await graph.data(CREATE_SYSTEM, { i: { consortiumId: c.createConsortium.consortium.id, code: 'BRL', name: 'Birch Lake Public Library' } }, { as: 'ADMIN' });
    expect(s.createLibrarySystem).toMatchObject({ librarySystem: { code: 'BRL', consortium: { code: 'NWLC' } }, userErrors: [] });
    const b = await graph.data(CREATE_BRANCH, {
      i: {
        systemId: s.createLibrarySystem.librarySystem.id, code: 'BRL-MAIN', name: 'Birch Lake Main',
        address: { line1: '12 Shore Road', city: 'Birch Lake', country: 'us' }, location: { latitude: 47.9, longitude: -91.8 },
        servicePopulation: 3200, openedOn: '1964-06-01',
      },
    }, { as: 'ADMIN' });
    expect(b.createBranch).toMatchObject({
      branch: { code: 'BRL-MAIN', address: { city: 'Birch Lake', country: 'US' }, location: { latitude: 47.9 }, openedOn: '1964-06-01', system: { code: 'BRL' }, consortium: { code: 'NWLC' } },
      userErrors: [],
    });
    const read = await graph.data(`{ branch(code: "BRL-MAIN") { name consortium { branchIds } } }`);
    expect(read.branch.consortium.branchIds).toEqual([b.createBranch.branch.id]);
  });

  test.each([
    ['anonymous', undefined, 'UNAUTHENTICATED'],
    ['PATRON', 'PATRON', 'FORBIDDEN'],
    ['STAFF', 'STAFF', 'FORBIDDEN'],
    ['ANALYST', 'ANALYST', 'FORBIDDEN'],
  ] as const)('%s may not write the directory, and nothing is written', async (_label, role, code) => {
    const before = await count();
    const opts = role ? { as: role } : {};
    const r1 = await graph.query(CREATE_CONSORTIUM, { i: { code: 'XXC', name: 'X' } }, opts);
    const r2 = await graph.query(CREATE_SYSTEM, { i: { consortiumId: DEMO_CONSORTIA[0].id, code: 'XXS', name: 'X' } }, opts);
    const r3 = await graph.query(CREATE_BRANCH, { i: { systemId: DEMO_SYSTEMS[0].id, code: 'XXB', name: 'X' } }, opts);
    for (const r of [r1, r2, r3]) {
      expect(r.body.errors?.[0].extensions?.code).toBe(code);
      expect(r.body.data).toBeNull();
    }
    expect(await count()).toEqual(before);
  });

  test('duplicate codes are a CONFLICT and write nothing', async () => {
    const before = await count();
    const c = await graph.data(CREATE_CONSORTIUM, { i: { code: 'cvlc', name: 'Again' } }, { as: 'ADMIN' });
    expect(c.createConsortium).toEqual({ consortium: null, userErrors: [{ field: ['input', 'code'], code: 'CONFLICT', message: expect.any(String) }] });
    const s = await graph.data(CREATE_SYSTEM, { i: { consortiumId: DEMO_CONSORTIA[0].id, code: 'RVL', name: 'Again' } }, { as: 'ADMIN' });
    expect(s.createLibrarySystem.userErrors).toEqual([{ field: ['input', 'code'], code: 'CONFLICT', message: expect.any(String) }]);
    const b = await graph.data(CREATE_BRANCH, { i: { systemId: DEMO_SYSTEMS[0].id, code: 'RVL-CEN', name: 'Again' } }, { as: 'ADMIN' });
    expect(b.createBranch.userErrors).toEqual([{ field: ['input', 'code'], code: 'CONFLICT', message: expect.any(String) }]);
    expect(await count()).toEqual(before);
  });

  test('concurrent creates of one code: exactly one wins, the others are CONFLICT', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, n) =>
      graph.data(CREATE_BRANCH, { i: { systemId: DEMO_SYSTEMS[0].id, code: 'RVL-RACE', name: `Race ${n}` } }, { as: 'ADMIN' })));
    expect(results.filter((r) => r.createBranch.branch).length).toBe(1);
    expect(results.filter((r) => r.createBranch.userErrors[0]?.code === 'CONFLICT').length).toBe(7);
  });

  test.each([
    ['empty name', { code: 'OK1', name: '   ' }, ['input', 'name'], 'REQUIRED'],
    ['name too long', { code: 'OK2', name: 'n'.repeat(201) }, ['input', 'name'], 'TOO_LONG'],
    ['control characters', { code: 'OK3', name: 'Bad\u0007Name' }, ['input', 'name'], 'INVALID'],
    ['bad code', { code: 'has space', name: 'Fine' }, ['input', 'code'], 'INVALID'],
    ['unknown system', { systemId: '00000000-0000-0000-0000-000000000000', code: 'OK4', name: 'Fine' }, ['input', 'systemId'], 'NOT_FOUND'],
    ['latitude out of range', { code: 'OK5', name: 'Fine', location: { latitude: 91, longitude: 0 } }, ['input', 'location', 'latitude'], 'INVALID'],
    ['opened before 1900', { code: 'OK6', name: 'Fine', openedOn: '1899-12-31' }, ['input', 'openedOn'], 'INVALID'],
    ['negative population', { code: 'OK7', name: 'Fine', servicePopulation: -1 }, ['input', 'servicePopulation'], 'INVALID'],
    ['bad country', { code: 'OK8', name: 'Fine', address: { line1: 'x', city: 'y', country: 'USA' } }, ['input', 'address', 'country'], 'INVALID'],
  ])('createBranch: %s is a user error and writes nothing', async (_label, input, field, code) => {
    const before = await count();
    const { createBranch } = await graph.data(CREATE_BRANCH, { i: { systemId: DEMO_SYSTEMS[0].id, ...input } }, { as: 'ADMIN' });
    expect(createBranch.branch).toBeNull();
    expect(createBranch.userErrors).toContainEqual({ field, code, message: expect.any(String) });
    expect(await count()).toEqual(before);
  });

  test('createLibrarySystem: unknown consortium is NOT_FOUND', async () => {
    const { createLibrarySystem } = await graph.data(CREATE_SYSTEM, { i: { consortiumId: 'nope', code: 'NEW', name: 'New' } }, { as: 'ADMIN' });
    expect(createLibrarySystem).toEqual({ librarySystem: null, userErrors: [{ field: ['input', 'consortiumId'], code: 'NOT_FOUND', message: expect.any(String) }] });
  });
});
