import type { AsOptions, TestGraph } from '@ceg/testing';
import { CEN, createPartner, createPartnership, createProgram, MAP, NOR, record, setStatus, STAFF_CEN, STAFF_NOR, startPartnersGraph } from './helpers';

jest.setTimeout(120_000);

/**
 * The visibility matrix of RULES.md §2 for partners: partners and ACTIVE
 * partnerships for everyone; contacts, contributions and the other
 * partnerships for STAFF (any branch), ANALYST and ADMIN. Hidden records are
 * absent (null, left out, not counted); hidden parts are empty, never errors.
 */
describe('partners visibility', () => {
  let graph: TestGraph;
  let partnerId: string;
  const ids: Record<string, string> = {};
  const programs: Record<string, string> = {};
  const PUBLIC_VIEWERS: AsOptions['as'][] = [undefined, 'PATRON'];
  const INSIDERS: AsOptions['as'][] = [STAFF_CEN, STAFF_NOR, { role: 'STAFF', branchCodes: ['HCL-BAY'] }, 'ANALYST', 'ADMIN'];

  beforeAll(async () => {
    graph = await startPartnersGraph(['libraries']);
    const partner = await createPartner(graph, {
      name: 'Visibility Partner', contacts: [{ name: 'Private Person', email: 'private@example.org', phone: '+1 503-555-0000' }],
    });
    partnerId = partner.id;
    for (const status of ['PROPOSED', 'ACTIVE', 'ON_HOLD', 'ENDED']) {
      const p = await createPartnership(graph, partnerId, { title: `${status} partnership`, branchIds: [CEN.id, MAP.id] });
      ids[status] = p.id;
      if (status !== 'PROPOSED') await setStatus(graph, p.id, status === 'ENDED' ? 'ENDED' : 'ACTIVE');
      if (status === 'ON_HOLD') await setStatus(graph, p.id, 'ON_HOLD');
      await record(graph, { partnershipId: p.id, value: { amount: '100.00', currency: 'USD' } });
      await record(graph, { partnershipId: p.id, kind: 'VOLUNTEER_TIME', hours: 3, description: 'Volunteers' });
      programs[status] = await createProgram(graph, { title: `Program of the ${status} partnership` });
      const link = await graph.data('mutation($id: ID!, $p: ID!) { linkProgramToPartnership(partnershipId: $id, programId: $p) { userErrors { code } } }', { id: p.id, p: programs[status] }, { as: STAFF_CEN });
      expect(link.linkProgramToPartnership.userErrors).toEqual([]);
    }
  });
  afterAll(() => graph?.stop());

  const single = (id: string, as?: any) =>
    graph.query<any>('query($id: ID!) { partnership(id: $id) { id status contributions { id } contributedValue { amount } volunteerHours partner { contacts { name } } } }', { id }, { as });

  it('everyone reads partners; contacts only for STAFF, ANALYST and ADMIN (empty, not an error, otherwise)', async () => {
    for (const as of PUBLIC_VIEWERS) {
      const res = await graph.query<any>('query($id: ID!) { partner(id: $id) { name contacts { name email } } }', { id: partnerId }, { as });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.partner).toEqual({ name: 'Visibility Partner', contacts: [] });
    }
    for (const as of INSIDERS) {
      const d = await graph.data('query($id: ID!) { partner(id: $id) { contacts { name email } } }', { id: partnerId }, { as });
      expect(d.partner.contacts).toEqual([{ name: 'Private Person', email: 'private@example.org' }]);
    }
  });

  it('single fetch: ACTIVE for everyone without contributions; every status for insiders with contributions', async () => {
    for (const as of PUBLIC_VIEWERS) {
      for (const status of ['PROPOSED', 'ON_HOLD', 'ENDED']) {
        const res = await single(ids[status], as);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.partnership).toBeNull();
      }
      const res = await single(ids.ACTIVE, as);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.partnership).toEqual({ id: ids.ACTIVE, status: 'ACTIVE', contributions: [], contributedValue: [], volunteerHours: 0, partner: { contacts: [] } });
    }
    for (const as of INSIDERS) {
      for (const status of ['PROPOSED', 'ACTIVE', 'ON_HOLD', 'ENDED']) {
        const res = await single(ids[status], as);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.partnership).toMatchObject({ id: ids[status], status, contributedValue: [{ amount: '100.00' }], volunteerHours: 3 });
        expect(res.body.data.partnership.contributions).toHaveLength(2);
      }
    }
  });

  it('lists and totalCount leave hidden partnerships out, exactly as if they did not exist', async () => {
    const q = 'query($f: PartnershipFilter) { partnerships(filter: $f, first: 10) { totalCount nodes { id status } } }';
    const filter = { partnerIds: [partnerId] };
    for (const as of PUBLIC_VIEWERS) {
      const d = await graph.data(q, { f: filter }, { as });
      expect(d.partnerships).toEqual({ totalCount: 1, nodes: [{ id: ids.ACTIVE, status: 'ACTIVE' }] });
      const hidden = await graph.data(q, { f: { ...filter, statuses: ['PROPOSED', 'ENDED'] } }, { as });
      expect(hidden.partnerships).toEqual({ totalCount: 0, nodes: [] });
    }
    for (const as of INSIDERS) {
      const d = await graph.data(q, { f: filter }, { as });
      expect(d.partnerships.totalCount).toBe(4);
      expect(d.partnerships.nodes.map((n: any) => n.id).sort()).toEqual(Object.values(ids).sort());
    }
  });

  it('nested and contributed lists follow the same policy: Partner.partnerships, Branch.partnerships', async () => {
    const q = `query($id: ID!, $b: ID!) {
      partner(id: $id) { partnerships { id } }
      branch(id: $b) { partnerships(filter: { partnerIds: [$id] }) { id } }
      onHold: partnerships(filter: { partnerIds: [$id], statuses: [ON_HOLD] }) { totalCount }
    }`;
    for (const as of PUBLIC_VIEWERS) {
      const d = await graph.data(q, { id: partnerId, b: CEN.id }, { as });
      expect(d.partner.partnerships).toEqual([{ id: ids.ACTIVE }]);
      expect(d.branch.partnerships).toEqual([{ id: ids.ACTIVE }]);
      expect(d.onHold.totalCount).toBe(0);
    }
    for (const as of INSIDERS) {
      const d = await graph.data(q, { id: partnerId, b: CEN.id }, { as });
      expect(d.partner.partnerships).toHaveLength(4);
      expect(d.branch.partnerships).toHaveLength(4);
    }
    // A branch outside the partnership has none of them.
    const nor = await graph.data('query($b: ID!, $id: ID!) { branch(id: $b) { partnerships(filter: { partnerIds: [$id] }) { id } } }', { b: NOR.id, id: partnerId }, { as: 'ADMIN' });
    expect(nor.branch.partnerships).toEqual([]);
  });

  it('Program.partnerships (contributed to the programs subgraph\'s Program) follows the same policy', async () => {
    const programId = await createProgram(graph);
    for (const id of Object.values(ids)) {
      await graph.data('mutation($id: ID!, $p: ID!) { linkProgramToPartnership(partnershipId: $id, programId: $p) { userErrors { code } } }', { id, p: programId }, { as: STAFF_CEN });
    }
    const q = 'query($id: ID!) { program(id: $id) { title partnerships { id status } } }';
    for (const as of PUBLIC_VIEWERS) {
      const res = await graph.query<any>(q, { id: programId }, { as });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.program).toEqual({ title: 'Partner program', partnerships: [{ id: ids.ACTIVE, status: 'ACTIVE' }] });
    }
    for (const as of INSIDERS) {
      const d = await graph.data(q, { id: programId }, { as });
      expect(d.program.partnerships.map((p: any) => p.id).sort()).toEqual(Object.values(ids).sort());
    }
    const linked = await graph.data('query($id: ID!) { partnership(id: $id) { programs { id } } }', { id: ids.ACTIVE });
    expect(linked.partnership.programs).toContainEqual({ id: programId });
    // A link the programs subgraph does not confirm (here: a stored id naming no program) is left out, without an error.
    await graph.subgraph('partners').db.manager.query('INSERT INTO partnership_program (partnershipId, programId, linkedAt) VALUES (?, ?, ?)', [ids.ACTIVE, '00000000-0000-4000-8000-0000000000aa', new Date().toISOString().replace('T', ' ').slice(0, 23)]);
    const res = await graph.query<any>('query($id: ID!) { partnership(id: $id) { title programs { id title } } }', { id: ids.ACTIVE });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.partnership.title).toBe('ACTIVE partnership');
    expect(res.body.data.partnership.programs).toEqual([{ id: programs.ACTIVE, title: 'Program of the ACTIVE partnership' }, { id: programId, title: 'Partner program' }]);
  });

  it('Partnership.programs returns program references', async () => {
    const d = await graph.data('query($id: ID!) { partnership(id: $id) { programs { id } } }', { id: ids.ENDED }, { as: 'ANALYST' });
    expect(d.partnership.programs).toEqual(expect.arrayContaining([{ id: programs.ENDED }]));
  });

  it('aggregates: UNAUTHENTICATED for anonymous, FORBIDDEN for PATRON, own branches for STAFF, all for ANALYST and ADMIN', async () => {
    const q = 'query($id: ID!) { partnershipAggregate(filter: { partnerIds: [$id] }) { totals { partnershipCount activeCount } } }';
    const anon = await graph.query(q, { id: partnerId });
    expect(anon.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const patron = await graph.query(q, { id: partnerId }, { as: 'PATRON' });
    expect(patron.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const as of [STAFF_CEN, 'ANALYST', 'ADMIN'] as const) {
      expect((await graph.data(q, { id: partnerId }, { as })).partnershipAggregate.totals).toEqual({ partnershipCount: 4, activeCount: 1 });
    }
    // STAFF of a branch outside these partnerships: nothing, never more than their own branches.
    expect((await graph.data(q, { id: partnerId }, { as: STAFF_NOR })).partnershipAggregate.totals).toEqual({ partnershipCount: 0, activeCount: 0 });
    const branch = await graph.query<any>('query($b: ID!, $id: ID!) { branch(id: $b) { partnershipAggregate(filter: { partnerIds: [$id] }) { totals { partnershipCount } } } }', { b: CEN.id, id: partnerId }, { as: STAFF_NOR });
    expect(branch.body.data.branch.partnershipAggregate.totals.partnershipCount).toBe(0);
    const branchPatron = await graph.query<any>('query($b: ID!) { branch(id: $b) { name partnershipAggregate { totals { partnershipCount } } } }', { b: CEN.id }, { as: 'PATRON' });
    expect(branchPatron.body.data.branch.name).toBe(CEN.name);
    expect(branchPatron.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a partner reached through a partnership lists only what the viewer may see', async () => {
    const q = 'query($f: PartnershipFilter) { partnerships(filter: $f) { nodes { id partner { id partnerships { id } } } } }';
    const d = await graph.data(q, { f: { partnerIds: [partnerId] } }, { as: 'PATRON' });
    expect(d.partnerships.nodes).toEqual([{ id: ids.ACTIVE, partner: { id: partnerId, partnerships: [{ id: ids.ACTIVE }] } }]);
  });
});
