import type { TestGraph } from '@ceg/testing';
import {
  CEN, countRows, createPartner, createPartnership, createProgram, ERRORS, NOR, PARTNER_FIELDS, PARTNERSHIP_FIELDS, record, setStatus, STAFF_CEN, STAFF_NOR,
  startPartnersGraph,
} from './helpers';

jest.setTimeout(120_000);

const CREATE_PARTNER = `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { ${PARTNER_FIELDS} } ${ERRORS} } }`;
const CREATE_PARTNERSHIP = `mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) { partnership { ${PARTNERSHIP_FIELDS} } ${ERRORS} } }`;
const LINK = `mutation($id: ID!, $p: ID!) { linkProgramToPartnership(partnershipId: $id, programId: $p) { partnership { id programs { id title } } ${ERRORS} } }`;

describe('partners mutations', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startPartnersGraph(['libraries']);
  });
  afterAll(() => graph?.stop());

  describe('createPartner', () => {
    it('creates a partner with contacts (STAFF), trimmed and normalized', async () => {
      const p = await createPartner(graph, {
        name: '  Riverton Literacy Council ', description: 'Adult tutoring.\nSince 1985.', website: 'https://literacy.example.org',
        serviceAreas: ['EDUCATION_LIFELONG_LEARNING', 'EDUCATION_LIFELONG_LEARNING'],
        contacts: [{ name: 'Ada Lovelace', role: 'Director', email: 'ada@literacy.example.org', phone: '+1 503-555-0100' }],
      });
      expect(p).toMatchObject({ name: 'Riverton Literacy Council', type: 'NONPROFIT', website: 'https://literacy.example.org', serviceAreas: ['EDUCATION_LIFELONG_LEARNING'] });
      expect(p.contacts).toEqual([expect.objectContaining({ name: 'Ada Lovelace', role: 'Director', email: 'ada@literacy.example.org', phone: '+1 503-555-0100' })]);
      const again = await graph.data(`query($id: ID!) { partner(id: $id) { name contacts { name } } }`, { id: p.id });
      expect(again.partner).toEqual({ name: 'Riverton Literacy Council', contacts: [] });
    });

    it('ADMIN may create partners; ANALYST, PATRON and anonymous may not, and nothing is written', async () => {
      await createPartner(graph, { name: 'Admin-made partner' }, 'ADMIN');
      const before = await countRows(graph, 'partner');
      for (const [as, code] of [['ANALYST', 'FORBIDDEN'], ['PATRON', 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']] as const) {
        const res = await graph.query(CREATE_PARTNER, { input: { name: 'Nope', type: 'OTHER' } }, { as });
        expect(res.body.errors?.[0].extensions?.code).toBe(code);
      }
      expect(await countRows(graph, 'partner')).toBe(before);
    });

    it.each([
      [{ name: '' }, ['input', 'name'], 'REQUIRED'],
      [{ name: 'x'.repeat(201) }, ['input', 'name'], 'TOO_LONG'],
      [{ name: 'Bad\u0007name' }, ['input', 'name'], 'INVALID'],
      [{ website: 'not a url' }, ['input', 'website'], 'INVALID'],
      [{ website: 'ftp://files.example.org' }, ['input', 'website'], 'INVALID'],
      [{ description: 'x'.repeat(10_001) }, ['input', 'description'], 'TOO_LONG'],
      [{ contacts: [{ name: 'A', email: 'not-an-email' }] }, ['input', 'contacts', '0', 'email'], 'INVALID'],
      [{ contacts: [{ name: ' ' }] }, ['input', 'contacts', '0', 'name'], 'REQUIRED'],
      [{ contacts: [{ name: 'A', phone: 'call me' }] }, ['input', 'contacts', '0', 'phone'], 'INVALID'],
    ])('rejects invalid input #%# with a user error and writes nothing', async (over, field, code) => {
      const before = [await countRows(graph, 'partner'), await countRows(graph, 'partner_contact')];
      const d = await graph.data(CREATE_PARTNER, { input: { name: 'Valid name', type: 'BUSINESS', ...over } }, { as: STAFF_CEN });
      expect(d.createPartner.partner).toBeNull();
      expect(d.createPartner.userErrors).toContainEqual(expect.objectContaining({ field, code }));
      expect([await countRows(graph, 'partner'), await countRows(graph, 'partner_contact')]).toEqual(before);
    });
  });

  describe('createPartnership', () => {
    let partnerId: string;
    beforeAll(async () => {
      partnerId = (await createPartner(graph, { name: 'Partnership test partner', type: 'SCHOOL' })).id;
    });

    it('STAFF create a PROPOSED partnership that includes one of their branches', async () => {
      const p = await createPartnership(graph, partnerId, {
        title: ' Reading buddies ', branchIds: [CEN.id, NOR.id, CEN.id], sharedGoals: ['More readers', 'More readers', 'Happy kids'],
        serviceAreas: ['EARLY_CHILDHOOD_LITERACY'], startsOn: '2026-01-01', endsOn: '2026-12-31',
      });
      expect(p).toMatchObject({
        title: 'Reading buddies', status: 'PROPOSED', agreementType: 'MOU', startsOn: '2026-01-01', endsOn: '2026-12-31', sharedGoals: ['More readers', 'Happy kids'],
        serviceAreas: ['EARLY_CHILDHOOD_LITERACY'], partner: { id: partnerId, type: 'SCHOOL' }, contributions: [], contributedValue: [], volunteerHours: 0, programs: [],
      });
      expect(p.branches.map((b: any) => b.id).sort()).toEqual([CEN.id, NOR.id].sort());
    });

    it('STAFF may not create one only for other branches: FORBIDDEN, nothing written; ADMIN may', async () => {
      const before = await countRows(graph, 'partnership');
      const res = await graph.query(CREATE_PARTNERSHIP, { input: { partnerId, title: 'Elsewhere', branchIds: [NOR.id], agreementType: 'INFORMAL' } }, { as: STAFF_CEN });
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      for (const [as, code] of [['ANALYST', 'FORBIDDEN'], ['PATRON', 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']] as const) {
        const r = await graph.query(CREATE_PARTNERSHIP, { input: { partnerId, title: 'Nope', branchIds: [CEN.id], agreementType: 'INFORMAL' } }, { as });
        expect(r.body.errors?.[0].extensions?.code).toBe(code);
      }
      expect(await countRows(graph, 'partnership')).toBe(before);
      const p = await createPartnership(graph, partnerId, { branchIds: [NOR.id] }, 'ADMIN');
      expect(p.branches).toEqual([{ id: NOR.id }]);
    });

    it.each([
      [{ title: '' }, ['input', 'title'], 'REQUIRED'],
      [{ title: 'x'.repeat(201) }, ['input', 'title'], 'TOO_LONG'],
      [{ partnerId: '00000000-0000-5000-8000-000000000000' }, ['input', 'partnerId'], 'NOT_FOUND'],
      [{ branchIds: [] }, ['input', 'branchIds'], 'REQUIRED'],
      [{ startsOn: '2026-05-01', endsOn: '2026-04-30' }, ['input', 'endsOn'], 'INVALID'],
      [{ startsOn: '1850-01-01' }, ['input', 'startsOn'], 'INVALID'],
      [{ sharedGoals: ['x'.repeat(201)] }, ['input', 'sharedGoals', '0'], 'TOO_LONG'],
    ])('rejects invalid input #%# with a user error and writes nothing', async (over, field, code) => {
      const before = [await countRows(graph, 'partnership'), await countRows(graph, 'partnership_branch')];
      const d = await graph.data(CREATE_PARTNERSHIP, { input: { partnerId, title: 'Valid', branchIds: [CEN.id], agreementType: 'MOU', ...over } }, { as: STAFF_CEN });
      expect(d.createPartnership.partnership).toBeNull();
      expect(d.createPartnership.userErrors).toContainEqual(expect.objectContaining({ field, code }));
      expect([await countRows(graph, 'partnership'), await countRows(graph, 'partnership_branch')]).toEqual(before);
    });
  });

  describe('updatePartnershipStatus', () => {
    it('follows PROPOSED → ACTIVE → ON_HOLD → ACTIVE → ENDED and refuses everything else', async () => {
      const partner = await createPartner(graph, { name: 'Status partner' });
      const p = await createPartnership(graph, partner.id);
      expect((await setStatus(graph, p.id, 'ON_HOLD')).userErrors).toEqual([expect.objectContaining({ field: ['status'], code: 'INVALID_TRANSITION' })]);
      const active = await setStatus(graph, p.id, 'ACTIVE');
      expect(active.userErrors).toEqual([]);
      expect(active.partnership.status).toBe('ACTIVE');
      expect(active.partnership.startsOn).toBe(new Date().toISOString().slice(0, 10));
      expect((await setStatus(graph, p.id, 'PROPOSED')).userErrors[0].code).toBe('INVALID_TRANSITION');
      expect((await setStatus(graph, p.id, 'ACTIVE')).userErrors[0].code).toBe('INVALID_TRANSITION');
      expect((await setStatus(graph, p.id, 'ON_HOLD')).partnership.status).toBe('ON_HOLD');
      expect((await setStatus(graph, p.id, 'ACTIVE')).partnership.status).toBe('ACTIVE');
      const ended = await setStatus(graph, p.id, 'ENDED');
      expect(ended.partnership).toMatchObject({ status: 'ENDED', endsOn: new Date().toISOString().slice(0, 10) });
      for (const s of ['PROPOSED', 'ACTIVE', 'ON_HOLD']) expect((await setStatus(graph, p.id, s)).userErrors[0].code).toBe('INVALID_TRANSITION');
      const row = await graph.subgraph('partners').db.manager.query('SELECT status FROM partnership WHERE id = ?', [p.id]);
      expect(row[0].status).toBe('ENDED');
    });

    it('PROPOSED may end directly', async () => {
      const p = await createPartnership(graph, (await createPartner(graph, { name: 'Short-lived' })).id);
      expect((await setStatus(graph, p.id, 'ENDED')).partnership.status).toBe('ENDED');
    });

    it('only STAFF of an included branch and ADMIN; unknown ids are NOT_FOUND', async () => {
      const p = await createPartnership(graph, (await createPartner(graph, { name: 'Guarded' })).id);
      const res = await graph.query(`mutation($id: ID!) { updatePartnershipStatus(partnershipId: $id, status: ACTIVE) { partnership { id } ${ERRORS} } }`, { id: p.id }, { as: STAFF_NOR });
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const anon = await graph.query(`mutation($id: ID!) { updatePartnershipStatus(partnershipId: $id, status: ACTIVE) { partnership { id } } }`, { id: p.id });
      expect(anon.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await setStatus(graph, '00000000-0000-5000-8000-000000000000', 'ACTIVE')).userErrors).toEqual([expect.objectContaining({ field: ['partnershipId'], code: 'NOT_FOUND' })]);
      expect((await setStatus(graph, p.id, 'ACTIVE', 'ADMIN')).partnership.status).toBe('ACTIVE');
    });
  });

  describe('linkProgramToPartnership', () => {
    it('links a program once (linking again is a no-op) and shows it on both sides', async () => {
      const p = await createPartnership(graph, (await createPartner(graph, { name: 'Program partner' })).id);
      const programId = await createProgram(graph);
      const first = await graph.data(LINK.replace('programs { id title }', 'programs { id }'), { id: p.id, p: programId }, { as: STAFF_CEN });
      expect(first.linkProgramToPartnership).toEqual({ partnership: { id: p.id, programs: [{ id: programId }] }, userErrors: [] });
      const second = await graph.data(LINK.replace('programs { id title }', 'programs { id }'), { id: p.id, p: programId }, { as: STAFF_CEN });
      expect(second.linkProgramToPartnership.partnership.programs).toEqual([{ id: programId }]);
      expect(await countRows(graph, 'partnership_program')).toBeGreaterThanOrEqual(1);
      const bad = await graph.data(LINK.replace('programs { id title }', 'programs { id }'), { id: p.id, p: 'not a program id!' }, { as: STAFF_CEN });
      expect(bad.linkProgramToPartnership.userErrors).toEqual([expect.objectContaining({ field: ['programId'], code: 'INVALID' })]);
      const res = await graph.query(LINK.replace('programs { id title }', 'programs { id }'), { id: p.id, p: programId }, { as: STAFF_NOR });
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('recordContribution', () => {
    let partnershipId: string;
    beforeAll(async () => {
      partnershipId = (await createPartnership(graph, (await createPartner(graph, { name: 'Contributor' })).id)).id;
    });

    it('records funding and volunteer time; sums are exact decimals per currency', async () => {
      for (const input of [
        { value: { amount: '0.10', currency: 'USD' } },
        { value: { amount: '0.2', currency: 'usd' } },
        { value: { amount: '1250', currency: 'CAD' } },
        { kind: 'VOLUNTEER_TIME', hours: 2.25, description: 'Tutors' },
        { kind: 'VOLUNTEER_TIME', hours: 0.5, description: 'Tutors', direction: 'FROM_LIBRARY' },
        { kind: 'SPACE', description: 'Meeting room' },
      ]) {
        const res = await record(graph, { partnershipId, ...input });
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.recordContribution.userErrors).toEqual([]);
      }
      const d = await graph.data(`query($id: ID!) { partnership(id: $id) { ${PARTNERSHIP_FIELDS} } }`, { id: partnershipId }, { as: 'ANALYST' });
      expect(d.partnership.contributedValue).toEqual([{ amount: '1250.00', currency: 'CAD' }, { amount: '0.30', currency: 'USD' }]);
      expect(d.partnership.volunteerHours).toBe(2.75);
      expect(d.partnership.contributions).toHaveLength(6);
      expect(d.partnership.contributions).toContainEqual(expect.objectContaining({ kind: 'FUNDING', value: { amount: '0.20', currency: 'USD' }, hours: null, contributedOn: '2026-03-01' }));
    });

    it.each([
      [{ value: { amount: '12.345', currency: 'USD' } }, ['input', 'value', 'amount'], 'INVALID'],
      [{ value: { amount: '1e3', currency: 'USD' } }, ['input', 'value', 'amount'], 'INVALID'],
      [{ value: { amount: '-5.00', currency: 'USD' } }, ['input', 'value', 'amount'], 'INVALID'],
      [{ value: { amount: '0', currency: 'USD' } }, ['input', 'value', 'amount'], 'INVALID'],
      [{ value: { amount: '10.00', currency: 'DOLLARS' } }, ['input', 'value', 'currency'], 'INVALID'],
      [{ value: null }, ['input', 'value'], 'REQUIRED'],
      [{ kind: 'VOLUNTEER_TIME', value: null }, ['input', 'hours'], 'REQUIRED'],
      [{ kind: 'VOLUNTEER_TIME', value: null, hours: -1 }, ['input', 'hours'], 'INVALID'],
      [{ kind: 'VOLUNTEER_TIME', value: null, hours: 1.234 }, ['input', 'hours'], 'INVALID'],
      [{ value: { amount: '10.00', currency: 'USD' }, description: '' }, ['input', 'description'], 'REQUIRED'],
      [{ value: { amount: '10.00', currency: 'USD' }, contributedOn: '2101-01-01' }, ['input', 'contributedOn'], 'INVALID'],
    ])('rejects invalid input #%# with a user error and writes nothing', async (over, field, code) => {
      const before = await countRows(graph, 'contribution');
      const res = await record(graph, { partnershipId, ...over });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.recordContribution.partnership).toBeNull();
      expect(res.body.data.recordContribution.userErrors).toContainEqual(expect.objectContaining({ field, code }));
      expect(await countRows(graph, 'contribution')).toBe(before);
    });

    it('concurrent contributions and links are all kept, once each, with exact sums', async () => {
      const p = await createPartnership(graph, (await createPartner(graph, { name: 'Busy partner' })).id);
      const results = await Promise.all(Array.from({ length: 8 }, () => record(graph, { partnershipId: p.id, value: { amount: '12.34', currency: 'USD' }, hours: 1.5 })));
      for (const r of results) expect(r.body.errors).toBeUndefined();
      const programId = await createProgram(graph);
      const links = await Promise.all(Array.from({ length: 5 }, () => graph.query<any>(LINK.replace('programs { id title }', 'programs { id }'), { id: p.id, p: programId }, { as: STAFF_CEN })));
      for (const r of links) expect(r.body.errors).toBeUndefined();
      const d = await graph.data(`query($id: ID!) { partnership(id: $id) { contributedValue { amount currency } volunteerHours contributions { id } programs { id } } }`, { id: p.id }, { as: STAFF_CEN });
      expect(d.partnership).toMatchObject({ contributedValue: [{ amount: '98.72', currency: 'USD' }], volunteerHours: 12, programs: [{ id: programId }] });
      expect(d.partnership.contributions).toHaveLength(8);
    });

    it('STAFF of other branches, ANALYST and PATRON may not record; nothing is written', async () => {
      const before = await countRows(graph, 'contribution');
      for (const [as, code] of [[STAFF_NOR, 'FORBIDDEN'], ['ANALYST', 'FORBIDDEN'], ['PATRON', 'FORBIDDEN'], [null, 'UNAUTHENTICATED']] as const) {
        const res = await record(graph, { partnershipId, value: { amount: '5.00', currency: 'USD' } }, as);
        expect(res.body.errors?.[0].extensions?.code).toBe(code);
      }
      expect(await countRows(graph, 'contribution')).toBe(before);
      const missing = await record(graph, { partnershipId: '00000000-0000-5000-8000-000000000000', value: { amount: '5.00', currency: 'USD' } });
      expect(missing.body.data.recordContribution.userErrors).toContainEqual(expect.objectContaining({ field: ['input', 'partnershipId'], code: 'NOT_FOUND' }));
    });
  });
});
