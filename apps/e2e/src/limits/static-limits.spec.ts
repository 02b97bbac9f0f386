import { Lexer, Source, TokenKind } from 'graphql';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { codes, depthQuery, raw, repeat, tokensDocument } from './helpers';

/** Every static limit of RULES.md §6 at its default: accepted at the threshold, refused just above it. */
describe('operation limits at the gateway (defaults)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries'] });
  });
  afterAll(() => graph?.stop());

  const accepted = async (query: string, variables?: Record<string, unknown>) => {
    const res = await graph.query(query, variables, { as: 'ANALYST' });
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    return res;
  };
  const refused = async (query: string, limit: string) => {
    const res = await graph.query(query, undefined, { as: 'ANALYST' });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit });
    return res;
  };

  test('depth 12 is accepted, 13 is refused', async () => {
    await accepted(depthQuery(12));
    const res = await refused(depthQuery(13), 'depth');
    expect(res.body.errors![0].message).toMatch(/depth limit of 12/);
  });

  test('depth counts fields, not fragments', async () => {
    const q = `query { __type(name: "Query") { ...A } } fragment A on __Type { ofType { ...B } } fragment B on __Type { name }`;
    await accepted(q);
  });

  test('30 aliases are accepted, 31 are refused', async () => {
    await accepted(`{ branch(code: "RVL-CEN") { ${repeat(30, (i) => `a${i}: name`)} } }`);
    await refused(`{ branch(code: "RVL-CEN") { ${repeat(31, (i) => `a${i}: name`)} } }`, 'aliases');
  });

  test('20 root fields are accepted, 21 are refused (fragments included)', async () => {
    await accepted(`{ ${repeat(20, () => '__typename')} }`);
    await refused(`{ ${repeat(21, () => '__typename')} }`, 'rootFields');
    await refused(`query { ${repeat(11, () => '__typename')} ...R } fragment R on Query { ${repeat(10, () => '__typename')} }`, 'rootFields');
  });

  test('5,000 tokens are accepted, 5,001 are refused while parsing', async () => {
    const count = (doc: string) => {
      const lexer = new Lexer(new Source(doc));
      let n = 0;
      while (lexer.advance().kind !== TokenKind.EOF) n++;
      return n;
    };
    const atLimit = tokensDocument(5000);
    const over = tokensDocument(5001);
    expect([count(atLimit), count(over)]).toEqual([5000, 5001]);
    const post = async (query: string) => {
      const res = await raw(graph, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, operationName: 'Main' }) });
      return { status: res.status, body: res.body };
    };
    const ok = await post(atLimit);
    expect(ok.body).toMatchObject({ data: { __typename: 'Query' } });
    expect(ok.body.errors).toBeUndefined();
    const { status, body } = await post(over);
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'tokens' });
  });

  test('5 directives are accepted, 6 are refused', async () => {
    await accepted(`{ ${repeat(5, (i) => `d${i}: __typename @include(if: true)`)} }`);
    await refused(`{ ${repeat(6, (i) => `d${i}: __typename @include(if: true)`)} }`, 'directives');
  });

  test('first: 1 and 100 are served, 0 and 101 are BAD_USER_INPUT', async () => {
    const q = `query ($n: Int) { branches(first: $n) { nodes { code } } }`;
    for (const n of [1, 100]) {
      const res = await accepted(q, { n });
      expect((res.body.data as any).branches.nodes.length).toBeGreaterThan(0);
    }
    for (const n of [0, 101]) {
      const res = await graph.query(q, { n }, { as: 'ANALYST' });
      expect(codes(res.body)).toContain('BAD_USER_INPUT');
      expect((res.body.data as any)?.branches ?? null).toBeNull();
    }
  });

  test('a body of 1 MB is accepted, one byte more is HTTP 413', async () => {
    const body = (size: number) => {
      const head = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
      return head.replace('"pad":""', `"pad":"${'x'.repeat(size - head.length)}"`);
    };
    expect(body(1024 * 1024).length).toBe(1024 * 1024);
    const ok = await raw(graph, { headers: { 'content-type': 'application/json' }, body: body(1024 * 1024) });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ __typename: 'Query' });
    const tooLarge = await raw(graph, { headers: { 'content-type': 'application/json' }, body: body(1024 * 1024 + 1) });
    expect(tooLarge.status).toBe(413);
    expect(codes(tooLarge.body)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  test('HTTP batching is refused', async () => {
    const res = await raw(graph, { headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('"__typename"');
  });

  test('GET runs a query (with a preflight header) but never a mutation', async () => {
    const get = (query: string) =>
      raw(graph, { method: 'GET', search: `?query=${encodeURIComponent(query)}`, headers: { 'apollo-require-preflight': 'true', authorization: '' } });
    const q = await get('{ __typename }');
    expect(q.status).toBe(200);
    expect(q.body.data).toEqual({ __typename: 'Query' });
    const m = await get('mutation { createConsortium(input: { code: "GET-1", name: "Over GET" }) { userErrors { code } } }');
    expect(m.status).toBe(405);
    expect(m.body.data).toBeUndefined();
    const admin = await graph.data('{ consortium(code: "GET-1") { id } }', undefined, { as: 'ADMIN' });
    expect(admin.consortium).toBeNull();
  });

  test('outside production, field suggestions stay on (production turns them off: production.spec.ts)', async () => {
    const res = await graph.query('{ branch(code: "RVL-CEN") { nam } }', undefined, { as: 'ANALYST' });
    expect(res.body.errors![0].message).toMatch(/Did you mean "name"\?/);
  });

  test('a GET without a preflight header is refused (CSRF prevention)', async () => {
    const res = await raw(graph, { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}` });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('"__typename"');
  });
});

/** Every limit is configurable; the same thresholds with small values from the environment. */
describe('operation limits from the environment', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({
      only: ['libraries'],
      env: { MAX_DEPTH: '4', MAX_ALIASES: '2', MAX_ROOT_FIELDS: '3', MAX_TOKENS: '40', MAX_DIRECTIVES: '1', MAX_NODES: '100', MAX_BODY_BYTES: '2000' },
    });
  });
  afterAll(() => graph?.stop());

  const limitOf = async (query: string) => {
    const res = await graph.query(query, undefined, { as: 'ANALYST' });
    if (!res.body.errors) return 'ok';
    return `${res.body.errors[0].extensions?.code}:${res.body.errors[0].extensions?.limit ?? ''}`;
  };

  test.each([
    ['depth', depthQuery(4), depthQuery(5), 'OPERATION_LIMIT:depth'],
    ['aliases', '{ a: __typename b: __typename }', '{ a: __typename b: __typename c: __typename }', 'OPERATION_LIMIT:aliases'],
    ['root fields', '{ __typename __typename __typename }', '{ __typename __typename __typename __typename }', 'OPERATION_LIMIT:rootFields'],
    // 40 and 41 tokens: `{ branch ( code : "RVL-CEN" ) {` and `} }` are 10, the rest are `name`s
    ['tokens', `{ branch(code: "RVL-CEN") { ${Array(30).fill('name').join(' ')} } }`, `{ branch(code: "RVL-CEN") { ${Array(31).fill('name').join(' ')} } }`, 'OPERATION_LIMIT:tokens'],
    ['directives', '{ __typename @include(if: true) }', '{ a: __typename @include(if: true) b: __typename @skip(if: false) }', 'OPERATION_LIMIT:directives'],
    ['nodes', '{ branches(first: 100) { totalCount } }', '{ a: branches(first: 100) { totalCount } b: branches(first: 1) { totalCount } }', 'COST_LIMIT:nodes'],
  ])('%s', async (_name, atLimit, over, refusal) => {
    expect(await limitOf(atLimit)).toBe('ok');
    expect(await limitOf(over)).toBe(refusal);
  });

  test('body size', async () => {
    const empty = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } }).length;
    const body = (size: number) => JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(size - empty) } });
    expect(body(2000).length).toBe(2000);
    expect((await raw(graph, { headers: { 'content-type': 'application/json' }, body: body(2000) })).status).toBe(200);
    expect((await raw(graph, { headers: { 'content-type': 'application/json' }, body: body(2001) })).status).toBe(413);
  });
});
