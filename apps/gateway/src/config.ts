import { resolve } from 'node:path';
import { boolVar, commonConfig, type CommonConfig, COMPOSED_SUBGRAPHS, corsOrigins, type CorsOrigins, type Env, GATEWAY_PORT, intVar, type SubgraphName, subgraphUrl } from '@ceg/config';
import { limitsConfig, type LimitsConfig } from './limits/config';

export interface GatewayConfig extends CommonConfig {
  port: number;
  supergraphPath: string;
  subgraphs: { name: SubgraphName; url: string }[];
  subgraphTimeoutMs: number;
  /** Browser origins allowed to call /graphql (CORS_ORIGINS). */
  cors: CorsOrigins;
  /** Deadline of one operation at the gateway: past it, its subgraph calls are aborted. */
  operationTimeoutMs: number;
  /** Operation limits and the cost budget (RULES.md §6). */
  limits: LimitsConfig;
  /** Identical subgraph reads in flight at once share one call (GATEWAY_MERGE_READS). */
  mergeReads: boolean;
}

export const DEFAULT_SUPERGRAPH = resolve(__dirname, '../../../schema/supergraph.graphql');

export function gatewayConfig(env: Env = process.env): GatewayConfig {
  const common = commonConfig(env);
  return {
    ...common,
    port: intVar(env, 'PORT', intVar(env, 'GATEWAY_PORT', GATEWAY_PORT)),
    supergraphPath: env.SUPERGRAPH_PATH || DEFAULT_SUPERGRAPH,
    subgraphs: COMPOSED_SUBGRAPHS.map((name) => ({ name, url: subgraphUrl(name, env) })),
    subgraphTimeoutMs: intVar(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 1),
    cors: corsOrigins(env),
    operationTimeoutMs: intVar(env, 'OPERATION_TIMEOUT_MS', 15_000, 1),
    limits: limitsConfig(env, common.allowIntrospection),
    mergeReads: boolVar(env, 'GATEWAY_MERGE_READS', true),
  };
}
