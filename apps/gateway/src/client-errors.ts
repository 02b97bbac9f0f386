import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import { DateScalar, DateTimeScalar } from '@ceg/conventions/core';
import {
  type ASTVisitor,
  type GraphQLFormattedError,
  GraphQLError,
  type GraphQLScalarType,
  type GraphQLSchema,
  isScalarType,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  valueFromASTUntyped,
} from 'graphql';
import type { GatewayContext } from './context';

/**
 * A client's mistake is never reported as an outage or an internal error
 * (RULES.md §4): malformed scalars, unknown or ambiguous operation names,
 * subscriptions over HTTP and persisted-query mistakes are HTTP 400 with
 * their own codes, and gateway-internal detail never reaches a client.
 */

const badRequest = () => ({ status: 400, headers: new HeaderMap() });

export const userInputError = (message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions, http: badRequest() } });

/**
 * The supergraph only names the custom scalars; the gateway checks `Date` and
 * `DateTime` values as the subgraphs do (a day on the calendar: no
 * 2026-02-30), so a malformed one is refused before any subgraph is called —
 * a variable as BAD_USER_INPUT, a literal as a validation error. The values
 * travel on unchanged.
 */
export function checkScalars(schema: GraphQLSchema): void {
  for (const checked of [DateScalar, DateTimeScalar] as GraphQLScalarType[]) {
    const type = schema.getType(checked.name);
    if (!type || !isScalarType(type)) continue;
    type.parseValue = (value) => {
      checked.parseValue(value);
      return value;
    };
    type.parseLiteral = (ast, variables) => {
      checked.parseLiteral(ast, variables);
      return valueFromASTUntyped(ast, variables);
    };
  }
}

/** No subscription runs over HTTP (the API has none): a validation error, HTTP 400. */
export const noSubscriptionsRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(node: OperationDefinitionNode) {
    if (node.operation === 'subscription') {
      context.reportError(new GraphQLError('Subscriptions are not served over HTTP: the API has no subscriptions.', { nodes: node }));
    }
  },
});

/** Why no operation of the document was chosen: an unknown name, or several operations and no name. */
export function operationResolutionError(document: { definitions: readonly { kind: string }[] }, operationName: string | null | undefined): GraphQLError {
  const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition').length;
  if (operationName) return userInputError(`Unknown operation named "${operationName}".`, { argumentName: 'operationName' });
  if (operations > 1) return userInputError('The document has several operations: name the one to run in `operationName`.', { argumentName: 'operationName' });
  return userInputError('The document has no operation to run.');
}

/**
 * A subgraph that answers HTTP 400 refused the request as malformed (a value
 * its scalars reject, typically): that is the client's mistake, reported as
 * BAD_USER_INPUT with HTTP 400 and the subgraph's own message, never as the
 * service being unavailable. Null when the error is not such a refusal.
 */
export function subgraphClientError(error: Error, serviceName: string): GraphQLError | null {
  if (!(error instanceof GraphQLError)) return null;
  const response = error.extensions?.response as { status?: number; body?: unknown } | undefined;
  if (response?.status !== 400) return null;
  const body = response.body as { errors?: { message?: unknown }[] } | undefined;
  const first = typeof body === 'object' && body && Array.isArray(body.errors) ? body.errors[0] : undefined;
  const message = typeof first?.message === 'string' && first.message ? first.message : `The ${serviceName} service refused the request as malformed.`;
  return userInputError(message, { serviceName });
}

const PERSISTED_QUERY_MESSAGES: Record<string, string> = {
  'provided sha does not match query': 'PERSISTED_QUERY_HASH_MISMATCH',
  'Unsupported persisted query version': 'PERSISTED_QUERY_VERSION_UNSUPPORTED',
};

/**
 * Applied to every error before masking: Apollo's persisted-query refusals get
 * their own codes, and a literal that a scalar refuses (`from:
 * "2026-02-30T00:00:00Z"`) is BAD_USER_INPUT like the same value in a variable.
 */
export function formatClientError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const pq = PERSISTED_QUERY_MESSAGES[formatted.message];
  if (pq) return { ...formatted, extensions: { ...formatted.extensions, code: pq } };
  // graphql reports a scalar's refusal of a literal as a validation error whose original error is the scalar's
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && error instanceof GraphQLError && /^Expected value of type "/.test(formatted.message)) {
    const cause = error.originalError;
    if (cause && !(cause instanceof GraphQLError)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  return formatted;
}

/** The only response extension a client sees. */
const CLIENT_EXTENSIONS = new Set(['cost']);

/**
 * Gateway-internal detail never reaches a client: `extensions.valueCompletion`
 * (what the gateway could not complete from a subgraph's answer; logged
 * instead), query plans and anything else but `extensions.cost`.
 */
export function responseHygienePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single') return;
          const result = rc.response.body.singleResult;
          const extensions = result.extensions;
          if (!extensions) return;
          if (extensions.valueCompletion) rc.contextValue.log?.warn({ valueCompletion: extensions.valueCompletion }, 'incomplete subgraph answer');
          for (const key of Object.keys(extensions)) if (!CLIENT_EXTENSIONS.has(key)) delete extensions[key];
        },
      };
    },
  };
}
