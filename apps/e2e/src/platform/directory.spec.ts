import { DEMO_BRANCHES, DEMO_SYSTEMS, demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

/** The libraries subgraph through the real gateway: every query and mutation of the directory. */
describe('directory', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  test('consortia with their systems and branches', async () => {
    const data = await graph.data(`{ consortia { code name region systems { code name branchIds } branches { code name } branchIds } }`);
    expect(data.consortia).toHaveLength(1);
    const [c] = data.consortia;
    expect(c.code).toBe('CVLC');
    expect(c.systems.map((s: any) => s.code).sort()).toEqual(DEMO_SYSTEMS.map((s) => s.code).sort());
    expect(c.branches).toHaveLength(DEMO_BRANCHES.length);
    expect([...c.branchIds].sort()).toEqual(DEMO_BRANCHES.map((b) => b.id).sort());
    const rvl = c.systems.find((s: any) => s.code === 'RVL');
    expect(rvl.branchIds.sort()).toEqual(DEMO_BRANCHES.filter((b) => b.code.startsWith('RVL-')).map((b) => b.id).sort());
  });

  test('consortium by id or code, and exactly one of them', async () => {
    const { consortium } = await graph.data(`{ consortium(code: "cvlc") { id code } }`);
    expect(consortium.code).toBe('CVLC');
    const byId = await graph.data(`query($id: ID) { consortium(id: $id) { code } }`, { id: consortium.id });
    expect(byId.consortium.code).toBe('CVLC');
    const none = await graph.data(`{ consortium(code: "NOPE") { id } }`);
    expect(none.consortium).toBeNull();
    for (const args of ['', `(id: "${consortium.id}", code: "CVLC")`]) {
      const res = await graph.query(`{ consortium${args} { id } }`);
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  test('library system and branch lookups', async () => {
    const sys = DEMO_SYSTEMS[1];
    const { librarySystem } = await graph.data(`query($id: ID!) { librarySystem(id: $id) { code name consortium { code } branches { code } } }`, { id: sys.id });
    expect(librarySystem).toMatchObject({ code: sys.code, consortium: { code: 'CVLC' } });
    expect(librarySystem.branches.every((b: any) => b.code.startsWith(`${sys.code}-`))).toBe(true);

    const b = demoBranch('HCL-LGT');
    const { branch } = await graph.data(`{ branch(code: "HCL-LGT") { id code name address { line1 line2 city region postalCode country } location { latitude longitude } servicePopulation openedOn system { code } consortium { code } } }`);
    expect(branch).toEqual({
      id: b.id, code: b.code, name: b.name, address: b.address, location: b.location, servicePopulation: b.servicePopulation,
      openedOn: b.openedOn, system: { code: 'HCL' }, consortium: { code: 'CVLC' },
    });
    const byId = await graph.data(`query($id: ID) { branch(id: $id) { code } }`, { id: b.id });
    expect(byId.branch.code).toBe('HCL-LGT');
    expect((await graph.data(`{ branch(id: "00000000-0000-0000-0000-000000000000") { code } }`)).branch).toBeNull();
    expect((await graph.query(`{ branch { code } }`)).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await graph.query(`{ branch(id: "x", code: "y") { code } }`)).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('branches: every filter', async () => {
    const q = `query($f: BranchFilter) { branches(filter: $f, first: 100) { totalCount nodes { code } } }`;
    const codes = async (f: unknown) => {
      const { branches } = await graph.data(q, { f });
      expect(branches.totalCount).toBe(branches.nodes.length);
      return branches.nodes.map((n: any) => n.code);
    };
    expect(await codes(null)).toEqual(DEMO_BRANCHES.map((b) => b.code).sort());
    expect(await codes({ systemIds: [DEMO_SYSTEMS[0].id] })).toEqual(['RVL-CEN', 'RVL-EST', 'RVL-NOR', 'RVL-WST']);
    expect(await codes({ consortiumIds: [DEMO_BRANCHES[0].consortiumId] })).toHaveLength(12);
    expect(await codes({ consortiumIds: [] })).toEqual([]);
    // search: name, code or city, case-insensitive, and literal (no wildcards, no SQL)
    expect(await codes({ search: 'harbor' })).toEqual(['HCL-BAY', 'HCL-MAIN', 'HCL-MKT']);
    expect(await codes({ search: 'mcl-' })).toEqual(['MCL-CED', 'MCL-MAP', 'MCL-OAK', 'MCL-PIN']);
    expect(await codes({ search: 'CEDAR falls' })).toEqual(['MCL-CED']);
    expect(await codes({ search: '%' })).toEqual([]);
    expect(await codes({ search: "' OR 1=1 --" })).toEqual([]);
    // near: great-circle distance from Riverton Central
    const cen = demoBranch('RVL-CEN').location;
    const near5 = await codes({ near: { ...cen, radiusKm: 5 } });
    expect(near5).toEqual(['RVL-CEN', 'RVL-EST', 'RVL-WST']);
    const far = await codes({ near: { ...cen, radiusKm: 60 } });
    expect(far).toEqual(DEMO_BRANCHES.filter((b) => b.code.startsWith('RVL') || b.code.startsWith('MCL')).map((b) => b.code).sort());
    // combined
    expect(await codes({ systemIds: [DEMO_SYSTEMS[0].id], search: 'north' })).toEqual(['RVL-NOR']);
    const bad = await graph.query(q, { f: { near: { latitude: 100, longitude: 0, radiusKm: 1 } } });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await graph.query(q, { f: { systemIds: Array.from({ length: 101 }, (_, i) => `id-${i}`) } });
    expect(tooMany.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('pagination: first 1..100, stable cursors, no overlap', async () => {
    const q = `query($first: Int, $after: String) { branches(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code } } } }`;
    for (const first of [0, 101, -1]) {
      const res = await graph.query(q, { first });
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.data?.branches ?? null).toBeNull();
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { branches }: any = await graph.data(q, { first: 5, after });
      expect(branches.totalCount).toBe(12);
      expect(branches.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...branches.edges.map((e: any) => e.node.code));
      pages++;
      if (!branches.pageInfo.hasNextPage) break;
      after = branches.pageInfo.endCursor;
      // the same cursor gives the same page
      const again: any = await graph.data(q, { first: 5, after });
      expect(again.branches.edges[0].cursor).toBeDefined();
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(DEMO_BRANCHES.map((b) => b.code).sort());
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await graph.query(q, { first: 5, after: 'not-a-cursor' });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('cursors stay valid when rows are added before them', async () => {
    const q = `query($after: String) { branches(first: 3, after: $after, filter: { search: "MCL" }) { edges { node { code } } pageInfo { endCursor } } }`;
    const page1: any = await graph.data(q, { after: null });
    const sys = DEMO_SYSTEMS.find((s) => s.code === 'MCL')!;
    const created = await graph.data(`mutation($i: CreateBranchInput!) { createBranch(input: $i) { branch { code } userErrors { code } } }`,
      { i: { systemId: sys.id, code: 'MCL-AAA', name: 'Aardvark Annex' } }, { as: 'ADMIN' });
    expect(created.createBranch.userErrors).toEqual([]);
    const page2: any = await graph.data(q, { after: page1.branches.pageInfo.endCursor });
    expect(page2.branches.edges.map((e: any) => e.node.code)).toEqual(['MCL-PIN']);
  });
});
