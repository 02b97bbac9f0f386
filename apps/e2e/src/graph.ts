import 'reflect-metadata';
import { COMPOSED_SUBGRAPHS, type SubgraphName } from '@ceg/config';
import { gatewayConfig, startGateway } from '@ceg/gateway';
import { type SubgraphDefinition, subgraphDefinitionOf } from '@ceg/kit';
import { startTestGraph, type TestGraph, type TestGraphOptions } from '@ceg/testing';

/**
 * Every subgraph app, as the gateway composes them: loaded by name from
 * COMPOSED_SUBGRAPHS (`@ceg/<name>`), so that a new subgraph needs no line here.
 */
export const ALL_SUBGRAPHS: Record<string, SubgraphDefinition> = Object.fromEntries(
  COMPOSED_SUBGRAPHS.map((name) => [name, subgraphDefinitionOf(require(`@ceg/${name}`) as Record<string, unknown>, name)]),
);

/** The whole graph, in-process: the composed subgraphs and the real gateway. */
export function startGraph(opts: Partial<TestGraphOptions> & { only?: SubgraphName[] } = {}): Promise<TestGraph> {
  const subgraphs = Object.values(ALL_SUBGRAPHS).filter((d) => !opts.only || opts.only.includes(d.name));
  return startTestGraph({
    subgraphs,
    startGateway: (env) => startGateway(gatewayConfig(env), { port: 0, defaultMetrics: false }),
    ...opts,
  });
}
