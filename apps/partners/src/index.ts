import type { SubgraphDefinition } from '@ceg/kit';
import { ENTITIES } from './entities';
import { Partners1764547200000 } from './migrations/1764547200000-partners';
import { REFERENCE_RESOLVERS, RESOLVERS } from './resolvers';
import { seedDemo } from './seed';
import { Consortium, LibrarySystem, Program } from './types';

/** Collaboration with community organizations: partners, partnerships, what each side contributes and the programs run together. */
export const partnersSubgraph: SubgraphDefinition = {
  name: 'partners',
  resolvers: RESOLVERS,
  referenceResolvers: REFERENCE_RESOLVERS as SubgraphDefinition['referenceResolvers'],
  // Reached only as the parents of contributed fields, so named here.
  orphanedTypes: [Consortium, LibrarySystem, Program],
  entities: ENTITIES,
  migrations: [Partners1764547200000],
  seed: (db, log) => seedDemo(db, log),
};
