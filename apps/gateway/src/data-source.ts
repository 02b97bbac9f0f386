import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import fetch, { type RequestInit } from 'node-fetch';
import type { GatewayContext } from './context';

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

/**
 * A subgraph call: keep-alive connections (the default fetcher is the
 * gateway's bottleneck), a timeout on every call, and the caller's token, the
 * request id and the subgraph secret forwarded. Failures become an error that
 * names the service and nothing internal.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly secret: string,
    timeoutMs: number,
  ) {
    super({
      url,
      fetcher: ((input: string, init?: RequestInit) =>
        fetch(input, { ...init, agent: input.startsWith('https:') ? httpsAgent : httpAgent, signal: AbortSignal.timeout(timeoutMs) as never })) as never,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    headers.set('x-subgraph-secret', this.secret);
    if (context?.requestId) headers.set('x-request-id', context.requestId);
    if (context?.authorization) headers.set('authorization', context.authorization);
    if (context?.clientAddress) headers.set('x-client-address', context.clientAddress);
  }

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError && error.extensions?.code && error.extensions.code !== 'INTERNAL_SERVER_ERROR' && !('response' in error.extensions)) {
      throw error;
    }
    const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || /aborted|timeout/i.test(error.message);
    throw new GraphQLError(timedOut ? `The ${this.name} service did not answer in time.` : `The ${this.name} service is unavailable.`, {
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.name },
    });
  }
}

export function closeAgents(): void {
  httpAgent.destroy();
  httpsAgent.destroy();
}
