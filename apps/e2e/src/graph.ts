import 'reflect-metadata';
import type { SubgraphName } from '@ceg/config';
import { gatewayConfig, startGateway } from '@ceg/gateway';
import type { SubgraphDefinition } from '@ceg/kit';
import { diversityMetricsSubgraph } from '@ceg/diversity-metrics';
import { feedbackSubgraph } from '@ceg/feedback';
import { librariesSubgraph } from '@ceg/libraries';
import { partnersSubgraph } from '@ceg/partners';
import { programsSubgraph } from '@ceg/programs';
import { startTestGraph, type TestGraph, type TestGraphOptions } from '@ceg/testing';

/** Every subgraph app, as the gateway composes them. */
export const ALL_SUBGRAPHS: Record<string, SubgraphDefinition> = {
  libraries: librariesSubgraph,
  feedback: feedbackSubgraph,
  programs: programsSubgraph,
  partners: partnersSubgraph,
  'diversity-metrics': diversityMetricsSubgraph,
};

/** The whole graph, in-process: the composed subgraphs and the real gateway. */
export function startGraph(opts: Partial<TestGraphOptions> & { only?: SubgraphName[] } = {}): Promise<TestGraph> {
  const subgraphs = Object.values(ALL_SUBGRAPHS).filter((d) => !opts.only || opts.only.includes(d.name));
  return startTestGraph({
    subgraphs,
    startGateway: (env) => startGateway(gatewayConfig(env), { port: 0, defaultMetrics: false }),
    ...opts,
  });
}
