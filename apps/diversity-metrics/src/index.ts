import { intVar } from '@ceg/config';
import type { SubgraphDefinition } from '@ceg/kit';
import { ENTITIES } from './entities';
import { DiversityMetrics1764633600000 } from './migrations/1764633600000-diversity-metrics';
import { REFERENCE_RESOLVERS, RESOLVERS } from './resolvers';
import { seedDemo } from './seed';
import { DEFAULT_PRIVACY_MIN_CELL } from './suppression';
import { BranchEntity, ConsortiumEntity } from './types';

/**
 * Who lives in each branch's service area, who takes part, and how diverse
 * and accessible the collections and buildings are. `env` is read when the
 * subgraph is defined; the privacy threshold (PRIVACY_MIN_CELL) reaches the
 * service through the request context.
 */
export function createDiversityMetricsSubgraph(env: Record<string, string | undefined> = process.env): SubgraphDefinition {
  const privacyMinCell = intVar(env, 'PRIVACY_MIN_CELL', DEFAULT_PRIVACY_MIN_CELL, 1);
  return {
    name: 'diversity-metrics',
    resolvers: RESOLVERS,
    referenceResolvers: REFERENCE_RESOLVERS as SubgraphDefinition['referenceResolvers'],
    // Reached only as the parents of contributed fields, so named here.
    orphanedTypes: [BranchEntity, ConsortiumEntity],
    entities: ENTITIES,
    migrations: [DiversityMetrics1764633600000],
    seed: (db, log) => seedDemo(db, log),
    extendContext: () => ({ privacyMinCell }),
  };
}

export const diversityMetricsSubgraph: SubgraphDefinition = createDiversityMetricsSubgraph();
