import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

export interface Composed {
  supergraph: string;
  /** The client-facing API schema (federation machinery stripped). */
  api: string;
  hints: string[];
}

/** Composes the subgraphs' SDL into the supergraph and the API schema; throws with every composition error. */
export function composeSupergraph(subgraphs: SubgraphSdl[]): Composed {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  const api = printSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  return { supergraph: result.supergraphSdl, api: `${api}\n`, hints: result.hints.map((h) => h.toString()) };
}
