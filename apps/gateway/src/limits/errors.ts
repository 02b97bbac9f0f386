import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export type LimitName = 'depth' | 'aliases' | 'rootFields' | 'tokens' | 'directives' | 'fields' | 'overlaps';

/**
 * A static limit was exceeded. Apollo Server wraps validation errors in its
 * own (code GRAPHQL_VALIDATION_FAILED); formatLimitError restores our code.
 */
export class OperationLimitError extends GraphQLError {
  constructor(
    message: string,
    readonly limit: LimitName,
  ) {
    super(message, { extensions: { code: 'OPERATION_LIMIT', limit } });
  }
}

export function costLimitError(nodes: number, maxNodes: number): GraphQLError {
  return new GraphQLError(
    `This operation could return up to ${nodes} nodes; the limit is ${maxNodes}. Ask for fewer items (smaller \`first\`) or fewer nested connections.`,
    { extensions: { code: 'COST_LIMIT', limit: 'nodes', http: { status: 400, headers: new HeaderMap() } } },
  );
}

export function throttledError(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Your query budget is spent; try again in ${retryAfterSeconds} s.`, {
    extensions: {
      code: 'THROTTLED',
      retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

/** graphql-js's own message when parse() stops at `maxTokens`. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Applied before the platform's maskError: restores OPERATION_LIMIT on limit
 * errors that Apollo re-coded, turns the parser's token-limit error into one,
 * and (in production) strips "Did you mean …" suggestions from every message.
 */
export function formatLimitError(formatted: GraphQLFormattedError, error: unknown, opts: { hideSuggestions: boolean }): GraphQLFormattedError {
  let result = formatted;
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof OperationLimitError) {
    result = { ...result, extensions: { ...result.extensions, code: 'OPERATION_LIMIT', limit: original.limit } };
  } else {
    const tokens = TOKEN_LIMIT.exec(formatted.message);
    if (tokens && formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
      result = {
        ...result,
        message: `Operation has more than ${tokens[1]} tokens; the limit is ${tokens[1]}.`,
        extensions: { ...result.extensions, code: 'OPERATION_LIMIT', limit: 'tokens' },
      };
    }
  }
  if (opts.hideSuggestions) {
    const message = result.message.replace(SUGGESTION, '');
    if (message !== result.message) result = { ...result, message };
  }
  return result;
}
