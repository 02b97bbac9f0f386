import type { GraphQLFormattedError } from 'graphql';
import { PUBLIC_ERROR_CODES } from '@ceg/conventions/core';

/** Extensions a client may see; everything else (stacktrace, exception, response, …) is dropped. */
const SAFE_EXTENSIONS = new Set(['code', 'argumentName', 'serviceName', 'requestId', 'field', 'limit', 'cost', 'retryAfterSeconds', 'outcome']);

export const INTERNAL_MESSAGE = 'Internal server error';

export function isPublicError(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && PUBLIC_ERROR_CODES.has(code);
}

/**
 * What a client sees of an error: public errors keep their message and code;
 * anything unexpected becomes "Internal server error" (the request id is
 * added when the response is sent, and the original is logged with it).
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (isPublicError(formatted)) {
    const extensions: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(formatted.extensions ?? {})) if (SAFE_EXTENSIONS.has(k)) extensions[k] = v;
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  const extensions: Record<string, unknown> = { code: 'INTERNAL_SERVER_ERROR' };
  if (typeof formatted.extensions?.serviceName === 'string') extensions.serviceName = formatted.extensions.serviceName;
  return { message: INTERNAL_MESSAGE, locations: formatted.locations, path: formatted.path, extensions };
}
