import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEMO_BRANCHES } from '@ceg/demo-data';
import { TEST_JWT_SECRET, TEST_SUBGRAPH_SECRET, type TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

const key = createSecretKey(Buffer.from(TEST_JWT_SECRET));
const claims = { roles: ['ADMIN'], branchIds: [] };
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('authentication, the subgraph secret and error masking', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries'], env: { JWT_ISSUER: 'https://id.example.org', JWT_AUDIENCE: 'community-graph' } });
  });
  afterAll(() => graph?.stop());

  const sign = (mutate: (j: SignJWT) => SignJWT = (j) => j, signingKey: any = key, alg = 'HS256') =>
    mutate(new SignJWT(claims).setProtectedHeader({ alg }).setSubject('someone').setIssuedAt().setExpirationTime('1h').setIssuer('https://id.example.org').setAudience('community-graph')).sign(signingKey);

  test('a good token (issuer and audience checked) is accepted', async () => {
    const token = await sign();
    const res = await graph.query('{ consortia { code } }', undefined, { as: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ consortia: [{ code: 'CVLC' }] });
  });

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  test.each([
    ['malformed', async () => 'Bearer not.a.jwt'],
    ['not a bearer token', async () => 'Basic dXNlcjpwYXNz'],
    ['badly signed', async () => `Bearer ${await sign((j) => j, createSecretKey(Buffer.from('another-secret')))}`],
    ['expired', async () => `Bearer ${await sign((j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 60))}`],
    ['wrong issuer', async () => `Bearer ${await sign((j) => j.setIssuer('https://evil.example'))}`],
    ['wrong audience', async () => `Bearer ${await sign((j) => j.setAudience('other-app'))}`],
    ['alg none', async () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', roles: ['ADMIN'], exp: Math.floor(Date.now() / 1000) + 600, iss: 'https://id.example.org', aud: 'community-graph' })}.`],
    ['RS256 when HS256 is configured', async () => `Bearer ${await sign((j) => j, privateKey, 'RS256')}`],
    ['unknown role', async () => `Bearer ${await new SignJWT({ roles: ['ROOT'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').setIssuer('https://id.example.org').setAudience('community-graph').sign(key)}`],
    ['no expiry', async () => `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('https://id.example.org').setAudience('community-graph').sign(key)}`],
  ])('%s token: HTTP 401 UNAUTHENTICATED', async (_label, header) => {
    const res = await graph.query('{ consortia { code } }', undefined, { as: { authorization: await header() } });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.body.data ?? null).toBeNull();
  });

  test('a subgraph refuses GraphQL without the gateway secret, and with a wrong one', async () => {
    const url = graph.subgraph('libraries').url;
    for (const headers of [{}, { 'x-subgraph-secret': 'guess' }] as Record<string, string>[]) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ consortia { code } }' }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const health = await fetch(url.replace('/graphql', '/health'));
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  test('a subgraph verifies the token again and never trusts the caller', async () => {
    const url = graph.subgraph('libraries').url;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-subgraph-secret': TEST_SUBGRAPH_SECRET, authorization: `Bearer ${await sign((j) => j, createSecretKey(Buffer.from('forged')))}` },
      body: JSON.stringify({ query: 'mutation { createConsortium(input: { code: "FORGED", name: "F" }) { consortium { id } } }' }),
    });
    expect(res.status).toBe(401);
  });

  test('__resolveReference for N branches costs one SQL statement', async () => {
    const sub = graph.subgraph('libraries');
    const representations = DEMO_BRANCHES.map((b) => ({ __typename: 'Branch', id: b.id }));
    const before = sub.db.queryCount;
    const res = await fetch(sub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-subgraph-secret': TEST_SUBGRAPH_SECRET },
      body: JSON.stringify({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Branch { id code name } } }', variables: { r: representations } }),
    });
    const body = (await res.json()) as any;
    expect(sub.db.queryCount - before).toBe(1);
    expect(body.data._entities.map((e: any) => e.id)).toEqual(DEMO_BRANCHES.map((b) => b.id));
    // and with the system of each: one more statement, not one per branch
    const before2 = sub.db.queryCount;
    await fetch(sub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-subgraph-secret': TEST_SUBGRAPH_SECRET },
      body: JSON.stringify({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Branch { code system { name } consortium { name } } } }', variables: { r: representations } }),
    });
    expect(sub.db.queryCount - before2).toBe(3);
  });

  test('the directory query costs a fixed number of statements whatever its size', async () => {
    const sub = graph.subgraph('libraries');
    const before = sub.db.queryCount;
    await graph.data('{ consortia { systems { code branchIds consortium { code } } branches { code system { code } consortium { code } } branchIds } }');
    // consortia, systems of consortia, branches of systems, branches of consortia (branchIds shares it), consortium by id, system by id
    expect(sub.db.queryCount - before).toBeLessThanOrEqual(6);
  });
});
