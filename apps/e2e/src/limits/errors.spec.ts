import { createHash } from 'node:crypto';
import { gatewayConfig, type RunningGateway, startGateway, SubgraphDataSource } from '@ceg/gateway';
import { TEST_SUBGRAPH_SECRET, type TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { codes, raw } from './helpers';
import { SlowProxy } from './proxy';

/**
 * RULES.md §4: a client's mistake is never reported as an outage or an
 * internal error, and gateway-internal detail never reaches a client. One
 * test per finding, through the real gateway.
 */
describe('errors that tell the truth', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs', 'diversity-metrics'] });
  });
  afterAll(() => graph?.stop());

  const post = async (body: unknown, headers: Record<string, string> = {}) =>
    raw(graph, { headers: { 'content-type': 'application/json', authorization: (await graph.authorization('ANALYST'))!, ...headers }, body: JSON.stringify(body) });

  describe('a date that is not on the calendar is BAD_USER_INPUT with HTTP 400, not SERVICE_UNAVAILABLE', () => {
    test('DateTime in a variable', async () => {
      const res = await post({ query: 'query ($from: DateTime) { programAggregate(from: $from) { totals { sessionCount } } }', variables: { from: '2026-02-30T00:00:00Z' } });
      expect(res.status).toBe(400);
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toMatch(/2026-02-30T00:00:00Z is not a time on the calendar/);
      expect(res.body.data).toBeUndefined();
    });

    test('DateTime as a literal', async () => {
      const res = await post({ query: '{ programAggregate(from: "2026-02-30T00:00:00Z") { totals { sessionCount } } }' });
      expect(res.status).toBe(400);
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toMatch(/Expected value of type "DateTime"/);
    });

    test('Date in a variable and as a literal', async () => {
      const query = 'query ($from: Date!) { consortium(code: "CVLC") { plsProgramReport(from: $from, to: "2026-03-31") { rows { item value } } } }';
      const variable = await post({ query, variables: { from: '2026-02-30' } });
      expect(variable.status).toBe(400);
      expect(codes(variable.body)).toEqual(['BAD_USER_INPUT']);
      const literal = await post({ query: '{ consortium(code: "CVLC") { plsProgramReport(from: "2026-02-30", to: "2026-03-31") { rows { item value } } } }' });
      expect(literal.status).toBe(400);
      expect(codes(literal.body)).toEqual(['BAD_USER_INPUT']);
    });

    test('a well-formed date still goes through', async () => {
      const res = await post({ query: 'query ($from: DateTime) { programAggregate(from: $from) { totals { sessionCount } } }', variables: { from: '2026-02-28T00:00:00Z' } });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    });

    test('a subgraph that answers HTTP 400 reports the client\'s mistake, not an outage (data-source.ts)', async () => {
      // the programs subgraph itself, asked through the gateway's data source with a date it refuses
      const source = new SubgraphDataSource('programs', graph.env.PROGRAMS_URL!, TEST_SUBGRAPH_SECRET, 10_000);
      const error = await source
        .process({
          kind: 'health check' as never, // GraphQLDataSourceRequestKind.HEALTH_CHECK (not exported at runtime)
          request: { query: 'query ($from: DateTime) { programAggregate(from: $from) { totals { sessionCount } } }', variables: { from: '2026-02-30T00:00:00Z' } },
          context: {},
        })
        .then(
          () => null,
          (e: any) => e,
        );
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', serviceName: 'programs', http: { status: 400 } });
      expect(error.message).toMatch(/not a time on the calendar/);
      expect(error.extensions.response).toBeUndefined();
    });
  });

  describe('operation names', () => {
    test('an unknown operationName is BAD_USER_INPUT with HTTP 400, not 500, and costs nothing', async () => {
      const res = await post({ query: 'query A { __typename } query B { __typename }', operationName: 'C' });
      expect(res.status).toBe(400);
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toBe('Unknown operation named "C".');
      expect(res.body.extensions.cost.requestedQueryCost).toBe(0);
      const single = await post({ query: 'query A { branches(first: 1) { totalCount } }', operationName: 'Nope' });
      expect(single.status).toBe(400);
      expect(codes(single.body)).toEqual(['BAD_USER_INPUT']);
    });

    test('several operations and no operationName is BAD_USER_INPUT with HTTP 400', async () => {
      const res = await post({ query: 'query A { __typename } query B { __typename }' });
      expect(res.status).toBe(400);
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toMatch(/several operations/);
      const named = await post({ query: 'query A { __typename } query B { __typename }', operationName: 'B' });
      expect(named.status).toBe(200);
      expect(named.body.data).toEqual({ __typename: 'Query' });
    });
  });

  test('a subscription over HTTP is GRAPHQL_VALIDATION_FAILED with HTTP 400, not 500', async () => {
    const res = await post({ query: 'subscription { __typename }' });
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.body.errors[0].message).toMatch(/Subscriptions are not served over HTTP/);
  });

  describe('persisted queries', () => {
    const query = '{ branches(first: 1) { totalCount } }';
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');

    test('a hash that does not match the query is PERSISTED_QUERY_HASH_MISMATCH with HTTP 400, not an internal error', async () => {
      const res = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha('something else') } } });
      expect(res.status).toBe(400);
      expect(codes(res.body)).toEqual(['PERSISTED_QUERY_HASH_MISMATCH']);
    });

    test('an unsupported version is PERSISTED_QUERY_VERSION_UNSUPPORTED with HTTP 400', async () => {
      const res = await post({ query, extensions: { persistedQuery: { version: 2, sha256Hash: sha(query) } } });
      expect(res.status).toBe(400);
      expect(codes(res.body)).toEqual(['PERSISTED_QUERY_VERSION_UNSUPPORTED']);
    });

    test('the right hash registers the query, which then runs by hash alone', async () => {
      const hash = { persistedQuery: { version: 1, sha256Hash: sha(query) } };
      const unknown = await post({ extensions: hash });
      expect(codes(unknown.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect((await post({ query, extensions: hash })).body.data).toEqual({ branches: { totalCount: 12 } });
      expect((await post({ extensions: hash })).body.data).toEqual({ branches: { totalCount: 12 } });
    });
  });

  test('query plans never reach a client, even when asked for', async () => {
    const res = await post({ query: '{ branches(first: 1) { totalCount } }' }, { 'apollo-query-plan-experimental': '1' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.extensions)).toEqual(['cost']);
    expect(res.text).not.toMatch(/QueryPlan|Fetch\(service/);
  });

  describe('a subgraph that breaks its own schema', () => {
    let proxy: SlowProxy;
    let gateway: RunningGateway;
    beforeAll(async () => {
      proxy = new SlowProxy(graph.env.LIBRARIES_URL!);
      const url = await proxy.start();
      gateway = await startGateway(gatewayConfig({ ...graph.env, LIBRARIES_URL: url }), { port: 0, defaultMetrics: false });
    });
    afterAll(async () => {
      await gateway?.stop();
      await proxy?.stop();
    });

    test('extensions.valueCompletion never reaches a client', async () => {
      // a null where the schema promises a branch code
      proxy.transform = (body) => body.replace(/"code":"[^"]*"/g, '"code":null');
      const res = await fetch(`http://127.0.0.1:${gateway.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ branches(first: 2) { nodes { code } } }' }),
      });
      const body = (await res.json()) as any;
      expect(body.extensions.valueCompletion).toBeUndefined();
      expect(Object.keys(body.extensions)).toEqual(['cost']);
      expect(JSON.stringify(body)).not.toMatch(/valueCompletion/);
    });
  });
});
