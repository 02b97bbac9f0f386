import { intVar } from '@ceg/config';
import type { SubgraphDefinition } from '@ceg/kit';
import { ENTITIES } from './entities';
import { Programs1764547200000 } from './migrations/1764547200000-programs';
import { REFERENCE_RESOLVERS, RESOLVERS } from './resolvers';
import { seedDemo } from './seed';
import { DEFAULT_PRIVACY_MIN_CELL } from './service';
import { BranchEntity, ConsortiumEntity, LibrarySystemEntity } from './types';

/**
 * Lifelong learning: programs, sessions, registrations, attendance and
 * outcome surveys. `env` is read when the subgraph is defined; the
 * privacy threshold (PRIVACY_MIN_CELL) reaches the service through the
 * request context.
 */
export function createProgramsSubgraph(env: Record<string, string | undefined> = process.env): SubgraphDefinition {
  const privacyMinCell = intVar(env, 'PRIVACY_MIN_CELL', DEFAULT_PRIVACY_MIN_CELL, 1);
  return {
    name: 'programs',
    resolvers: RESOLVERS,
    referenceResolvers: REFERENCE_RESOLVERS as SubgraphDefinition['referenceResolvers'],
    // Reached only as the parents of contributed fields, so named here.
    orphanedTypes: [BranchEntity, ConsortiumEntity, LibrarySystemEntity],
    entities: ENTITIES,
    migrations: [Programs1764547200000],
    seed: (db, log) => seedDemo(db, log),
    extendContext: () => ({ privacyMinCell }),
  };
}

export const programsSubgraph: SubgraphDefinition = createProgramsSubgraph();
