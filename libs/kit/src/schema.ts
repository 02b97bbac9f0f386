import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, type BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { DateTimeScalar, ROOT_TYPE_DESCRIPTIONS } from '@ceg/conventions';
import type { SubgraphContext } from './context';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

export type ReferenceResolvers = Record<
  string,
  { __resolveReference: (reference: Record<string, unknown>, context: SubgraphContext) => unknown }
>;

export interface SubgraphSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `__resolveReference` per entity; wired through buildSubgraphSchema (adding them later does not work). */
  referenceResolvers?: ReferenceResolvers;
}

/**
 * Turns type-graphql resolvers into a Federation 2 subgraph schema: build the
 * type-graphql schema, print it with its directives after the federation
 * @link, and hand that SDL plus the resolvers (with __resolveReference) to
 * buildSubgraphSchema.
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    emitSchemaFile: false,
  });
  // type-graphql has no option for the root types' descriptions
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (root && !root.description) root.description = ROOT_TYPE_DESCRIPTIONS[root.name as keyof typeof ROOT_TYPE_DESCRIPTIONS];
  }
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, ref] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), __resolveReference: ref.__resolveReference } as never;
  }
  return buildSubgraphSchema({ typeDefs, resolvers });
}
