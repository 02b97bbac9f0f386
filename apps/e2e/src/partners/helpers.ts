import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPOSED_SUBGRAPHS, type SubgraphName } from '@ceg/config';
import { demoBranch } from '@ceg/demo-data';
import { gatewayConfig, startGateway } from '@ceg/gateway';
import { composeSupergraph, printSubgraphSdl } from '@ceg/kit';
import { librariesSubgraph } from '@ceg/libraries';
import { partnersSubgraph } from '@ceg/partners';
import { programsSubgraph } from '@ceg/programs';
import type { TestGraph } from '@ceg/testing';
import { ALL_SUBGRAPHS, startGraph } from '../graph';

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

const NAMES: SubgraphName[] = ['libraries', 'programs', 'partners'];

/**
 * libraries, programs and partners behind the real gateway. Once partners is
 * composed (COMPOSED_SUBGRAPHS), the committed supergraph is used as for
 * every other suite; until then the three subgraphs are composed here.
 */
export async function startPartnersGraph(demoData: string[] = ['libraries', 'programs', 'partners']): Promise<TestGraph> {
  if (COMPOSED_SUBGRAPHS.includes('partners') && ALL_SUBGRAPHS.partners) return startGraph({ only: NAMES, demoData });
  const defs = [librariesSubgraph, programsSubgraph, partnersSubgraph];
  const composed = composeSupergraph(await Promise.all(defs.map(async (d) => ({ name: d.name, url: `http://127.0.0.1/${d.name}`, sdl: await printSubgraphSdl(d) }))));
  const path = join(mkdtempSync(join(tmpdir(), 'ceg-partners-')), 'supergraph.graphql');
  writeFileSync(path, composed.supergraph);
  return startGraph({
    subgraphs: defs,
    demoData,
    startGateway: (env) => {
      const config = gatewayConfig({ ...env, SUPERGRAPH_PATH: path });
      config.subgraphs = NAMES.map((name) => ({ name, url: env[`${name.toUpperCase()}_URL`]! }));
      return startGateway(config, { port: 0, defaultMetrics: false });
    },
  });
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
