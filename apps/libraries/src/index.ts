import type { SubgraphDefinition } from '@ceg/kit';
import { ENTITIES } from './entities';
import { Directory1764460800000 } from './migrations/1764460800000-directory';
import { PeerGroups1796515200000 } from './migrations/1796515200000-peer-groups';
import { REFERENCE_RESOLVERS, RESOLVERS } from './resolvers';
import { seedDemo } from './seed';

/** The directory: consortia, library systems, branches and the consortia's named peer groups. */
export const librariesSubgraph: SubgraphDefinition = {
  name: 'libraries',
  resolvers: RESOLVERS,
  referenceResolvers: REFERENCE_RESOLVERS,
  entities: ENTITIES,
  migrations: [Directory1764460800000, PeerGroups1796515200000],
  seed: (db) => seedDemo(db),
};
