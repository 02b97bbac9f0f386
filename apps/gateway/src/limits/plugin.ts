import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import type { DocumentNode, GraphQLError } from 'graphql';
import { operationResolutionError } from '../client-errors';
import type { GatewayContext } from '../context';
import type { BudgetLimit, BudgetResult, BudgetStore } from './budget';
import type { LimitsConfig } from './config';
import { costLimitError, OperationLimitError, throttledError } from './errors';
import { CostMemo } from './cost';
import { refusedDocument } from './rules';
import { checkDocumentShape } from './shape';

/** What every response carries in `extensions.cost` (RULES.md §6, after GitHub and Shopify). */
export interface CostExtension {
  requestedQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/**
 * Whether a caller gets the signed-in budget: a token with a `sub` and at
 * least one role. A token with `roles: []` is a signed-in caller with no role
 * (it sees what anonymous visitors see) and gets no more budget than one:
 * the anonymous budget, per client address, so that role-less accounts
 * cannot multiply it.
 */
export const hasSignedInBudget = (viewer: GatewayContext['viewer'] | undefined) => Boolean(viewer?.sub) && (viewer?.roles.size ?? 0) > 0;

/** Signed-in callers spend from a budget per `sub`, anonymous (and role-less) ones per client address. */
export function budgetKey(context: Pick<GatewayContext, 'viewer' | 'clientAddress'>): string {
  return hasSignedInBudget(context.viewer) ? `sub:${context.viewer.sub}` : `ip:${context.clientAddress ?? 'unknown'}`;
}

export function budgetLimit(config: LimitsConfig, signedIn: boolean): BudgetLimit {
  const capacity = signedIn ? config.signedInPoints : config.anonymousPoints;
  return { capacity, refillPerSecond: capacity / config.windowSeconds };
}

/** Two decimals; what is available is rounded down so that it is never overstated. */
const floor2 = (n: number) => Math.floor(n * 100) / 100;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Cost and budget: once the operation is known (after validation, before
 * execution) its worst-case node count is computed; over MAX_NODES it is
 * refused with COST_LIMIT, otherwise its points are taken from the caller's
 * budget, or it is refused with THROTTLED and HTTP 429. Every response gets
 * `extensions.cost`. Also: when a static limit is exceeded only the limit
 * errors are reported (an overloaded operation gets no further analysis),
 * and in production field suggestions are removed from validation errors.
 */
export function limitsPlugin(config: LimitsConfig, store: BudgetStore, costs: CostMemo = new CostMemo()): ApolloServerPlugin<GatewayContext> {
  const hideSuggestions = blockFieldSuggestionsPlugin({ mask: '' });
  return {
    async requestDidStart() {
      let requestedQueryCost = 0;
      let budget: BudgetResult | undefined;
      const limitFor = (rc: GraphQLRequestContext<GatewayContext>) => budgetLimit(config, hasSignedInBudget(rc.contextValue.viewer));
      return {
        async validationDidStart(rc) {
          // Linear-time measure of the document before graphql's own rules (some of which are
          // quadratic in the number of overlapping fields) or ours walk it.
          const refusal = checkDocumentShape(rc.document, config);
          if (refusal) (rc as { document: DocumentNode }).document = refusedDocument(refusal);
          return async (errors?: readonly Error[]) => {
            if (!errors?.length) return;
            const list = errors as Error[];
            if (list.some((e) => e instanceof OperationLimitError)) {
              const limits = list.filter((e) => e instanceof OperationLimitError);
              list.splice(0, list.length, ...limits);
            }
            if (config.hideSuggestions) {
              const onValidateEnd = (hideSuggestions.onValidate as any)();
              onValidateEnd({ valid: false, result: list, setResult: () => {} });
            }
          };
        },
        async didResolveOperation(rc) {
          if (!rc.document) return;
          // An unknown operation name, or several operations and none named: the client's mistake, before costing.
          if (!rc.operation) throw operationResolutionError(rc.document, rc.request.operationName);
          const { nodes, points } = costs.cost(rc.schema, rc.document, rc.operationName, rc.request.variables);
          requestedQueryCost = points;
          const limit = limitFor(rc);
          const key = budgetKey(rc.contextValue);
          if (nodes > config.maxNodes) {
            budget = await store.take(key, 0, limit);
            throw costLimitError(nodes, config.maxNodes);
          }
          budget = await store.take(key, points, limit);
          if (!budget.allowed) throw throttledError(budget.retryAfterSeconds);
        },
        async willSendResponse(rc) {
          const limit = limitFor(rc);
          budget ??= await store.take(budgetKey(rc.contextValue), 0, limit);
          const cost: CostExtension = {
            requestedQueryCost,
            throttleStatus: { maximumAvailable: limit.capacity, currentlyAvailable: floor2(budget.available), restoreRate: round2(limit.refillPerSecond) },
          };
          if (rc.response.body.kind === 'single') {
            const result = rc.response.body.singleResult;
            result.extensions = { ...result.extensions, cost };
            if (result.errors?.some((e: { extensions?: GraphQLError['extensions'] }) => e.extensions?.code === 'THROTTLED')) rc.response.http.status = 429;
          }
        },
      };
    },
  };
}
