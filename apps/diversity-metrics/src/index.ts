import { subgraphSettings } from '@ceg/config';
import type { SubgraphDefinition } from '@ceg/kit';
import { ENTITIES } from './entities';
import { CommunityProfileImportResolver } from './import';
import { DiversityMetrics1764633600000 } from './migrations/1764633600000-diversity-metrics';
import { RecordKeys1796342400000 } from './migrations/1796342400000-record-keys';
import { SubmissionSlots1796371300000 } from './migrations/1796371300000-submission-slots';
import { MarginsOfError1796520000000 } from './migrations/1796520000000-margins-of-error';
import { REFERENCE_RESOLVERS, RESOLVERS } from './resolvers';
import { seedDemo } from './seed';
import { Branch, Consortium, LibrarySystem } from './types';

/**
 * Who lives in each branch's service area, who takes part, and how diverse
 * and accessible the collections and buildings are. Given an `env`, its
 * settings (PRIVACY_MIN_CELL) are fixed here; otherwise the kit reads them
 * when the subgraph starts.
 */
export function createDiversityMetricsSubgraph(env?: Record<string, string | undefined>): SubgraphDefinition {
  return {
    name: 'diversity-metrics',
    resolvers: [...RESOLVERS, CommunityProfileImportResolver],
    referenceResolvers: REFERENCE_RESOLVERS as SubgraphDefinition['referenceResolvers'],
    // Reached only as the parents of contributed fields, so named here.
    orphanedTypes: [Branch, LibrarySystem, Consortium],
    entities: ENTITIES,
    migrations: [DiversityMetrics1764633600000, RecordKeys1796342400000, SubmissionSlots1796371300000, MarginsOfError1796520000000],
    seed: (db, log) => seedDemo(db, log),
    ...(env ? { settings: subgraphSettings(env) } : {}),
  };
}

export const diversityMetricsSubgraph: SubgraphDefinition = createDiversityMetricsSubgraph();
