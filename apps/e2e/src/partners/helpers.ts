import { demoBranch } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

export const CEN = demoBranch('RVL-CEN');
export const NOR = demoBranch('RVL-NOR');
export const WST = demoBranch('RVL-WST');
export const MAP = demoBranch('MCL-MAP');

export const STAFF_CEN = { role: 'STAFF' as const, branchCodes: ['RVL-CEN'], sub: 'staff-cen' };
export const STAFF_NOR = { role: 'STAFF' as const, branchCodes: ['RVL-NOR'], sub: 'staff-nor' };
export const STAFF_MAP = { role: 'STAFF' as const, branchCodes: ['MCL-MAP'], sub: 'staff-map' };

export const ERRORS = 'userErrors { field message code }';
export const PARTNER_FIELDS = 'id name type description website serviceAreas createdAt contacts { id name role email phone }';
export const PARTNERSHIP_FIELDS = `id title status agreementType startsOn endsOn sharedGoals serviceAreas partner { id name type }
  branches { id } programs { id } contributions { id kind direction description value { amount currency } hours contributedOn }
  contributedValue { amount currency } volunteerHours`;

/** libraries, programs and partners behind the real gateway, on the committed supergraph. */
export function startPartnersGraph(demoData: string[] = ['libraries', 'programs', 'partners']): Promise<TestGraph> {
  return startGraph({ only: ['libraries', 'programs', 'partners'], demoData });
}

export async function createPartner(graph: TestGraph, input: Record<string, unknown> = {}, as: any = STAFF_CEN) {
  const d = await graph.data(
    `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { ${PARTNER_FIELDS} } ${ERRORS} } }`,
    { input: { name: 'Riverside Literacy Council', type: 'NONPROFIT', serviceAreas: ['EDUCATION_LIFELONG_LEARNING'], ...input } },
    { as },
  );
  expect(d.createPartner.userErrors).toEqual([]);
  return d.createPartner.partner;
}

export async function createPartnership(graph: TestGraph, partnerId: string, input: Record<string, unknown> = {}, as: any = STAFF_CEN) {
  const d = await graph.data(
    `mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) { partnership { ${PARTNERSHIP_FIELDS} } ${ERRORS} } }`,
    { input: { partnerId, title: 'Adult literacy tutoring', branchIds: [CEN.id], agreementType: 'MOU', serviceAreas: ['EDUCATION_LIFELONG_LEARNING'], ...input } },
    { as },
  );
  expect(d.createPartnership.userErrors).toEqual([]);
  return d.createPartnership.partnership;
}

export async function setStatus(graph: TestGraph, partnershipId: string, status: string, as: any = STAFF_CEN) {
  return (await graph.data(
    `mutation($id: ID!, $s: PartnershipStatus!) { updatePartnershipStatus(partnershipId: $id, status: $s) { partnership { id status startsOn endsOn } ${ERRORS} } }`,
    { id: partnershipId, s: status },
    { as },
  )).updatePartnershipStatus;
}

export async function record(graph: TestGraph, input: Record<string, unknown>, as: any = STAFF_CEN) {
  return graph.query<any>(
    `mutation($input: RecordContributionInput!) { recordContribution(input: $input) { partnership { id contributedValue { amount currency } volunteerHours contributions { id } } ${ERRORS} } }`,
    { input: { kind: 'FUNDING', direction: 'FROM_PARTNER', description: 'Grant', contributedOn: '2026-03-01', ...input } },
    { as },
  );
}

/** Rows in a partners table, for "nothing was written" checks. */
export async function countRows(graph: TestGraph, table: string): Promise<number> {
  const r = await graph.subgraph('partners').db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(r[0].n);
}

/** A program of the programs subgraph (PUBLISHED unless told otherwise), for links: they are checked with programs (RULES.md §4). */
export async function createProgram(graph: TestGraph, opts: { branchId?: string; status?: 'DRAFT' | 'PUBLISHED' | 'CANCELLED'; as?: any; title?: string } = {}): Promise<string> {
  const as = opts.as ?? STAFF_CEN;
  const d = await graph.data(
    'mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id } userErrors { field code } } }',
    { input: { branchId: opts.branchId ?? CEN.id, title: opts.title ?? 'Partner program', description: 'Run with a partner.', serviceArea: 'HEALTH', ageGroup: 'ADULTS', format: 'ONSITE' } },
    { as },
  );
  expect(d.createProgram.userErrors).toEqual([]);
  const id: string = d.createProgram.program.id;
  const steps = opts.status === 'DRAFT' ? [] : opts.status === 'CANCELLED' ? ['PUBLISHED', 'CANCELLED'] : ['PUBLISHED'];
  for (const status of steps) {
    const u = await graph.data('mutation($input: UpdateProgramInput!) { updateProgram(input: $input) { userErrors { field code } } }', { input: { programId: id, status } }, { as });
    expect(u.updateProgram.userErrors).toEqual([]);
  }
  return id;
}
