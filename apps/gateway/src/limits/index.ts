import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError, ParseOptions, ValidationRule } from 'graphql';
import type { GatewayContext } from '../context';
import { type BudgetStore, MemoryBudgetStore, RedisBudgetStore } from './budget';
import type { LimitsConfig } from './config';
import { formatLimitError } from './errors';
import { limitsPlugin } from './plugin';
import { limitRules } from './rules';

export * from './budget';
export * from './config';
export * from './cost';
export * from './errors';
export * from './list-sizes';
export * from './plugin';
export * from './rules';
export * from './shape';

export interface OperationLimits {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  plugin: ApolloServerPlugin<GatewayContext>;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  store: BudgetStore;
  close(): Promise<void>;
}

/** Everything the gateway's Apollo Server needs to enforce RULES.md §6. */
export function operationLimits(config: LimitsConfig, opts: { onStoreError?: (err: unknown) => void } = {}): OperationLimits {
  const store: BudgetStore = config.redisUrl ? new RedisBudgetStore(config.redisUrl, config.redisPrefix, opts.onStoreError) : new MemoryBudgetStore();
  return {
    validationRules: limitRules(config),
    parseOptions: { maxTokens: config.maxTokens },
    plugin: limitsPlugin(config, store),
    formatError: (formatted, error) => formatLimitError(formatted, error, { hideSuggestions: config.hideSuggestions }),
    store,
    close: () => store.close(),
  };
}
