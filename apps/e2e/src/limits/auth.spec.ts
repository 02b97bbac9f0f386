import { SignJWT } from 'jose';
import { ConfigError } from '@ceg/config';
import { gatewayConfig } from '@ceg/gateway';
import { TEST_JWT_SECRET, type TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { codes } from './helpers';

const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: { sub: string; roles: string[]; exp: number; iat?: number }) => {
  let b = new SignJWT({ roles: claims.roles, branchIds: [] }).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub).setExpirationTime(claims.exp);
  if (claims.iat !== undefined) b = b.setIssuedAt(claims.iat);
  return b.sign(Buffer.from(TEST_JWT_SECRET));
};

/** JWT hardening through the real gateway (RULES.md §4, issue: tokens that live too long, role-less callers). */
describe('tokens', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    // a slow refill (an hour) so that what is spent shows
    graph = await startGraph({ only: ['libraries'], env: { RATE_LIMIT_SIGNED_IN_POINTS: '6000', RATE_LIMIT_ANONYMOUS_POINTS: '600', RATE_LIMIT_WINDOW_SECONDS: '3600' } });
  });
  afterAll(() => graph?.stop());

  const withToken = (token: string, query = '{ branches(first: 1) { totalCount } }') => graph.query(query, undefined, { as: { authorization: `Bearer ${token}` } });

  test('a token whose exp is more than 24 h ahead is refused with 401 UNAUTHENTICATED', async () => {
    const res = await withToken(await sign({ sub: 'long-lived', roles: ['ADMIN'], exp: now() + 30 * 24 * 3600 }));
    expect(res.status).toBe(401);
    expect(codes(res.body)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.errors![0].message).toMatch(/exp is more than 86400 s ahead/);
    expect(res.body.data).toBeUndefined();
  });

  test('a token issued in the future is refused with 401 UNAUTHENTICATED', async () => {
    const res = await withToken(await sign({ sub: 'from-the-future', roles: ['ADMIN'], exp: now() + 3600, iat: now() + 3600 }));
    expect(res.status).toBe(401);
    expect(codes(res.body)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.errors![0].message).toMatch(/iat claim is in the future/);
  });

  test('a token valid for the next 23 hours is served', async () => {
    const res = await withToken(await sign({ sub: 'day-long', roles: ['ANALYST'], exp: now() + 23 * 3600, iat: now() }));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  test('roles: [] is signed in with no role: the anonymous budget, shared with anonymous callers of the address', async () => {
    const roleless = await sign({ sub: 'no-role', roles: [], exp: now() + 3600 });
    const first = await withToken(roleless);
    expect(first.status).toBe(200);
    expect((first.body.extensions as any).cost.throttleStatus).toMatchObject({ maximumAvailable: 600, restoreRate: 0.17 });
    const anonymous = await graph.query('{ branches(first: 1) { totalCount } }');
    const left = (anonymous.body.extensions as any).cost.throttleStatus.currentlyAvailable;
    // both spent from the same anonymous bucket of this address (1 point each), not a bucket per role-less sub
    expect(left).toBeLessThan(598.5);
    const other = await withToken(await sign({ sub: 'no-role-2', roles: [], exp: now() + 3600 }));
    expect((other.body.extensions as any).cost.throttleStatus.currentlyAvailable).toBeLessThan(left);
    // a caller with a role keeps the signed-in budget
    const patron = await graph.query('{ __typename }', undefined, { as: 'PATRON' });
    expect((patron.body.extensions as any).cost.throttleStatus.maximumAvailable).toBe(6000);
  });

  test('in production a JWT secret shorter than 32 bytes stops the start with a clear message', async () => {
    const short = { NODE_ENV: 'production', JWT_SECRET: 'too-short-secret', SUBGRAPH_SECRET: 's'.repeat(32) };
    expect(() => gatewayConfig(short)).toThrow(ConfigError);
    expect(() => gatewayConfig(short)).toThrow('JWT_SECRET is 16 bytes; in production it must be at least 32 bytes of randomness (for example `openssl rand -base64 48`).');
    await expect(startGraph({ only: ['libraries'], env: short })).rejects.toThrow(/JWT_SECRET is 16 bytes/);
    expect(gatewayConfig({ ...short, JWT_SECRET: 'x'.repeat(32) }).production).toBe(true);
  });
});
