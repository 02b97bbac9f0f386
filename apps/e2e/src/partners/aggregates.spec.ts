import { DEMO_BRANCHES, DEMO_CONSORTIA } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { CEN, STAFF_CEN, startPartnersGraph } from './helpers';

jest.setTimeout(180_000);

const MEASURES = 'partnershipCount activeCount partnerCount linkedProgramCount contributedValue { amount currency } volunteerHours';

interface Rows {
  partnerships: { id: string; partnerId: string; status: string; startsOn: string | null }[];
  branches: { partnershipId: string; branchId: string }[];
  programs: { partnershipId: string; programId: string }[];
  contributions: { partnershipId: string; amountCents: unknown; currency: string | null; hoursCenti: unknown }[];
}

const cents = (v: unknown) => (v === null || v === undefined ? 0n : BigInt(String(v)));
const money = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;

/** The measures recounted row by row from the partners database. */
function recount(rows: Rows, keep: (p: Rows['partnerships'][number]) => boolean) {
  const ps = rows.partnerships.filter(keep);
  const ids = new Set(ps.map((p) => p.id));
  const sums = new Map<string, bigint>();
  let hours = 0n;
  for (const c of rows.contributions.filter((x) => ids.has(x.partnershipId))) {
    if (c.currency && c.amountCents !== null) sums.set(c.currency, (sums.get(c.currency) ?? 0n) + cents(c.amountCents));
    hours += cents(c.hoursCenti);
  }
  return {
    partnershipCount: ps.length,
    activeCount: ps.filter((p) => p.status === 'ACTIVE').length,
    partnerCount: new Set(ps.map((p) => p.partnerId)).size,
    linkedProgramCount: new Set(rows.programs.filter((x) => ids.has(x.partnershipId)).map((x) => x.programId)).size,
    contributedValue: [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, c]) => ({ amount: money(c), currency })),
    volunteerHours: Number(hours) / 100,
  };
}

describe('partners demo data, contributed values and aggregates', () => {
  let graph: TestGraph;
  let rows: Rows;
  const inBranches = (branchIds: string[]) => (p: { id: string }) => rows.branches.some((b) => b.partnershipId === p.id && branchIds.includes(b.branchId));

  beforeAll(async () => {
    graph = await startPartnersGraph();
    const m = graph.subgraph('partners').db.manager;
    rows = {
      partnerships: (await m.query('SELECT id, partnerId, status, startsOn FROM partnership')).map((r: any) => ({ ...r, startsOn: r.startsOn === null ? null : (r.startsOn instanceof Date ? r.startsOn.toISOString() : String(r.startsOn)).slice(0, 10) })),
      branches: await m.query('SELECT partnershipId, branchId FROM partnership_branch'),
      programs: await m.query('SELECT partnershipId, programId FROM partnership_program'),
      contributions: await m.query('SELECT partnershipId, amountCents, currency, hoursCenti FROM contribution'),
    };
  });
  afterAll(() => graph?.stop());

  it('has realistic demo partners and partnerships in every status across every demo branch', async () => {
    const d = await graph.data(`{
      partners(first: 100) { totalCount nodes { name type contacts { name } } }
      partnershipAggregate(groupBy: [STATUS]) { groups { key { status } measures { partnershipCount } } }
      byBranch: partnershipAggregate(groupBy: [BRANCH]) { groups { key { branch { id code } } } }
      byType: partnershipAggregate(groupBy: [PARTNER_TYPE]) { groups { key { partnerType } } }
    }`, {}, { as: 'ANALYST' });
    expect(d.partners.totalCount).toBeGreaterThanOrEqual(15);
    expect(d.partners.nodes.every((p: any) => p.contacts.length > 0)).toBe(true);
    expect(d.partnershipAggregate.groups.map((g: any) => g.key.status).sort()).toEqual(['ACTIVE', 'ENDED', 'ON_HOLD', 'PROPOSED']);
    expect(d.byBranch.groups.map((g: any) => g.key.branch.code).sort()).toEqual(DEMO_BRANCHES.map((b) => b.code).sort());
    expect(d.byType.groups.length).toBeGreaterThanOrEqual(7);
    expect(rows.contributions.length).toBeGreaterThan(50);
  });

  it('demo partnerships link to real, published demo programs, and Program.partnerships resolves back', async () => {
    const d = await graph.data('{ partnerships(first: 100) { nodes { id title programs { id title status } } } }');
    const linked = d.partnerships.nodes.flatMap((p: any) => p.programs.map((pr: any) => ({ partnership: p.id, ...pr })));
    expect(linked.length).toBeGreaterThan(10);
    expect(linked.every((l: any) => l.title && l.status === 'PUBLISHED')).toBe(true);
    const back = await graph.data('query($id: ID!) { program(id: $id) { title partnerships { id } } }', { id: linked[0].id });
    expect(back.program.partnerships.map((p: any) => p.id)).toContain(linked[0].partnership);
  });

  it('contributedValue and volunteerHours of every partnership equal a recount', async () => {
    const d = await graph.data('{ partnerships(first: 100) { nodes { id contributedValue { amount currency } volunteerHours } } }', {}, { as: 'ANALYST' });
    expect(d.partnerships.nodes.length).toBe(rows.partnerships.length);
    for (const p of d.partnerships.nodes) {
      const r = recount(rows, (x) => x.id === p.id);
      expect(p.contributedValue).toEqual(r.contributedValue);
      expect(p.volunteerHours).toBeCloseTo(r.volunteerHours, 6);
    }
  });

  it('a branch aggregate equals a recount of its partnerships', async () => {
    for (const b of [CEN, DEMO_BRANCHES[5], DEMO_BRANCHES[9]]) {
      const d = await graph.data(`query($id: ID!) { branch(id: $id) { partnershipAggregate { totals { ${MEASURES} } } } }`, { id: b.id }, { as: 'ADMIN' });
      expect(d.branch.partnershipAggregate.totals).toEqual(recount(rows, inBranches([b.id])));
    }
    const staff = await graph.data(`query($id: ID!) { branch(id: $id) { partnershipAggregate { totals { ${MEASURES} } } } }`, { id: CEN.id }, { as: STAFF_CEN });
    expect(staff.branch.partnershipAggregate.totals).toEqual(recount(rows, inBranches([CEN.id])));
  });

  it('a consortium aggregate by BRANCH and PERIOD costs one SQL statement and equals a recount', async () => {
    const db = graph.subgraph('partners').db;
    const before = db.queryCount;
    const d = await graph.data(`query($id: ID!) { consortium(id: $id) {
      partnershipAggregate(groupBy: [BRANCH, PERIOD], interval: YEAR) { totals { ${MEASURES} } groups { key { branch { id } period } measures { ${MEASURES} } } }
    } }`, { id: DEMO_CONSORTIA[0].id }, { as: 'ANALYST' });
    expect(db.queryCount - before).toBe(1);
    const agg = d.consortium.partnershipAggregate;
    expect(agg.totals).toEqual(recount(rows, inBranches(DEMO_BRANCHES.map((b) => b.id))));
    for (const g of agg.groups) {
      const year = g.key.period;
      expect(g.measures).toEqual(recount(rows, (p) => inBranches([g.key.branch.id])(p) && (year === null ? p.startsOn === null : p.startsOn?.slice(0, 4) === year.slice(0, 4))));
    }
    // Every partnership appears in a group of each of its branches.
    expect(agg.groups.reduce((s: number, g: any) => s + g.measures.partnershipCount, 0)).toBe(rows.branches.length);
  });

  it('a STAFF consortium aggregate covers only their own branches', async () => {
    const d = await graph.data(`query($id: ID!) { consortium(id: $id) { partnershipAggregate(groupBy: [BRANCH]) { totals { ${MEASURES} } groups { key { branch { id } } } } } }`, { id: DEMO_CONSORTIA[0].id }, { as: STAFF_CEN });
    expect(d.consortium.partnershipAggregate.totals).toEqual(recount(rows, inBranches([CEN.id])));
    expect(d.consortium.partnershipAggregate.groups).toEqual([{ key: { branch: { id: CEN.id } } }]);
  });

  it('groups by service area, agreement type and status with filters, and checks its arguments', async () => {
    const d = await graph.data(`{ partnershipAggregate(filter: { statuses: [ACTIVE] }, groupBy: [SERVICE_AREA, AGREEMENT_TYPE]) {
      totals { partnershipCount activeCount } groups { key { serviceArea agreementType } measures { partnershipCount } } } }`, {}, { as: 'ADMIN' });
    const active = rows.partnerships.filter((p) => p.status === 'ACTIVE').length;
    expect(d.partnershipAggregate.totals).toEqual({ partnershipCount: active, activeCount: active });
    expect(d.partnershipAggregate.groups.length).toBeGreaterThan(3);
    const tooMany = await graph.query('{ partnershipAggregate(groupBy: [BRANCH, STATUS, PERIOD, SERVICE_AREA]) { totals { partnershipCount } } }', {}, { as: 'ADMIN' });
    expect(tooMany.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const ids = Array.from({ length: 101 }, (_, i) => `id-${i}`);
    const tooManyIds = await graph.query('query($ids: [ID!]) { partnershipAggregate(filter: { branchIds: $ids }) { totals { partnershipCount } } }', { ids }, { as: 'ADMIN' });
    expect(tooManyIds.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages partnerships with cursors and filters by activeOn, partner type and service area', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await graph.data('query($after: String) { partnerships(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }', { after }, { as: 'STAFF' });
      seen.push(...page.partnerships.nodes.map((n: any) => n.id));
      expect(page.partnerships.totalCount).toBe(rows.partnerships.length);
      if (!page.partnerships.pageInfo.hasNextPage) break;
      after = page.partnerships.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(rows.partnerships.length);
    const today = new Date().toISOString().slice(0, 10);
    const d = await graph.data('query($d: Date) { partnerships(first: 100, filter: { activeOn: $d, partnerTypes: [SCHOOL, NONPROFIT], serviceAreas: [HEALTH, EARLY_CHILDHOOD_LITERACY, SUMMER_READING, EDUCATION_LIFELONG_LEARNING] }) { nodes { startsOn endsOn partner { type } serviceAreas } } }', { d: today }, { as: 'ADMIN' });
    expect(d.partnerships.nodes.length).toBeGreaterThan(0);
    for (const n of d.partnerships.nodes) {
      expect(n.startsOn <= today && (n.endsOn === null || n.endsOn >= today)).toBe(true);
      expect(['SCHOOL', 'NONPROFIT']).toContain(n.partner.type);
    }
    const partners = await graph.data('{ partners(filter: { search: "museum", types: [CULTURAL_INSTITUTION] }) { totalCount nodes { name } } }');
    expect(partners.partners.totalCount).toBe(2);
    const bad = await graph.query('{ partnerships(first: 101) { totalCount } }');
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('Branch.partnerships for many branches costs a constant number of statements', async () => {
    const db = graph.subgraph('partners').db;
    const before = db.queryCount;
    const d = await graph.data('{ branches(first: 12) { nodes { code partnerships { id title serviceAreas partner { name } volunteerHours } } } }', {}, { as: 'ANALYST' });
    expect(d.branches.nodes.length).toBe(DEMO_BRANCHES.length);
    // One page of partnerships for every branch, their service areas, partners and value sums.
    expect(db.queryCount - before).toBeLessThanOrEqual(4);
  });
});
