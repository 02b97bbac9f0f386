import { ConfigError } from '@ceg/config';
import { gatewayConfig } from '@ceg/gateway';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { codes, raw } from './helpers';

/**
 * Production mode against graphql-cop's checks
 * (https://github.com/dolevf/graphql-cop): each must fail to get through.
 * The payloads are graphql-cop's own.
 */
const J = 'j'.repeat(32);

describe('production mode: graphql-cop checks fail to get through', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries'], env: { NODE_ENV: 'production' } });
  });
  afterAll(() => graph?.stop());

  const json = (body: unknown, headers: Record<string, string> = {}) => raw(graph, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  /** Nothing in a response may look like debug output. */
  const noDebugDetails = (text: string) => {
    expect(text).not.toMatch(/stacktrace|exception|\bat .+\.(js|ts):\d+|node_modules|\/work\/|127\.0\.0\.1:\d+|SQLITE_/i);
    expect(text).not.toMatch(/\bER_[A-Z_]+/); // MySQL error codes
  };

  test('alias overloading (101 aliases) is refused', async () => {
    const query = `query cop { ${Array.from({ length: 101 }, (_, i) => `alias${i}:__typename`).join(' \n ')} }`;
    const res = await json({ query });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors.map((e: any) => `${e.extensions.code}:${e.extensions.limit}`).sort()).toEqual(['OPERATION_LIMIT:aliases', 'OPERATION_LIMIT:rootFields']);
    // The same aliases below the root: the alias limit alone.
    const nested = await json({ query: `query cop { branch(code: "RVL-CEN") { ${Array.from({ length: 101 }, (_, i) => `alias${i}:__typename`).join(' ')} } }` });
    expect(nested.body.errors.map((e: any) => e.extensions.limit)).toEqual(['aliases']);
  });

  test('batch queries (a JSON array) are refused', async () => {
    const res = await json(Array.from({ length: 10 }, () => ({ query: 'query cop { __typename }' })));
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('__typename');
  });

  test('directive overloading is refused with one error, not one per directive', async () => {
    const res = await json({ query: 'query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(codes(res.body)).toEqual(['OPERATION_LIMIT']);
  });

  test('circular introspection is refused: introspection is off', async () => {
    const query = 'query cop { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }';
    const res = await json({ query });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].message).toMatch(/introspection/i);
    const type = await json({ query: '{ __type(name: "Branch") { fields { name } } }' });
    expect(type.status).toBe(400);
    expect(type.body.data).toBeUndefined();
  });

  test('field suggestions ("Did you mean") are off', async () => {
    for (const query of ['query cop { __schema { directive } }', '{ branch(code: "RVL-CEN") { nam } }', '{ brnch(code: "RVL-CEN") { name } }', 'query ($f: BranchFilter) { branches(filter: $f) { totalCount } }']) {
      const res = await json({ query, variables: { f: { serch: 'x' } } });
      expect(res.body.errors?.length).toBeGreaterThan(0);
      expect(res.text).not.toMatch(/did you mean/i);
    }
  });

  test('GET-based queries without a preflight header are refused (CSRF)', async () => {
    const res = await raw(graph, { method: 'GET', search: `?query=${encodeURIComponent('query cop { __typename }')}` });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('"__typename"');
  });

  test('a mutation over GET is refused, even with a preflight header', async () => {
    const query = 'mutation cop { __typename }';
    const res = await raw(graph, { method: 'GET', search: `?query=${encodeURIComponent(query)}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
    expect(res.body.data).toBeUndefined();
  });

  test('POST with urlencoded or text/plain bodies is refused', async () => {
    const form = await raw(graph, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent('query cop { __typename }')}` });
    const text = await raw(graph, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: 'query cop { __typename }' }) });
    for (const res of [form, text]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toContain('"__typename"');
    }
  });

  test('no tracing in responses, even when asked for', async () => {
    const res = await json({ query: '{ branches(first: 1) { nodes { code } } }' }, { 'apollo-federation-include-trace': 'ftv1' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.extensions ?? {})).toEqual(['cost']);
    expect(res.text).not.toMatch(/ftv1|tracing/);
  });

  test('no debug details in errors', async () => {
    const responses = await Promise.all([
      json({ query: '{ branches(' }),
      json({ query: '{ nope }' }),
      json({ query: '{ branches(first: 101) { totalCount } }' }),
      json({ query: '{ branch(id: "1", code: "RVL-CEN") { name } }' }),
      raw(graph, { headers: { 'content-type': 'application/json' }, body: '{"query": ' }),
    ]);
    for (const res of responses) {
      expect(res.body.errors?.length).toBeGreaterThan(0);
      for (const e of res.body.errors) {
        expect(Object.keys(e.extensions ?? {}).every((k) => ['code', 'requestId', 'serviceName', 'argumentName', 'field', 'limit', 'cost', 'retryAfterSeconds'].includes(k))).toBe(true);
      }
      noDebugDetails(res.text);
    }
  });

  test('start-up refuses missing secrets with a clear message', async () => {
    expect(() => gatewayConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => gatewayConfig({ NODE_ENV: 'production', SUBGRAPH_SECRET: 's' })).toThrow(/JWT_SECRET/);
    expect(() => gatewayConfig({ NODE_ENV: 'production', JWT_SECRET: J })).toThrow(/SUBGRAPH_SECRET/);
    await expect(startGraph({ only: ['libraries'], env: { NODE_ENV: 'production', JWT_SECRET: '' } })).rejects.toThrow(/JWT_SECRET/);
  });

  test('ALLOW_INTROSPECTION=true turns introspection and suggestions back on', () => {
    const config = gatewayConfig({ NODE_ENV: 'production', JWT_SECRET: J, SUBGRAPH_SECRET: 's', ALLOW_INTROSPECTION: 'true' });
    expect(config.allowIntrospection).toBe(true);
    expect(config.limits.hideSuggestions).toBe(false);
    expect(gatewayConfig({ NODE_ENV: 'production', JWT_SECRET: J, SUBGRAPH_SECRET: 's' }).limits.hideSuggestions).toBe(true);
  });
});
