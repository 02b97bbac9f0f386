import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { ANONYMOUS, AuthenticationError, createTokenVerifier, isStaffOf, signToken, staffScope } from './index';

const jwt = { secret: 'unit-test-secret' };

describe('token verification', () => {
  const verify = createTokenVerifier(jwt);

  test('no header is anonymous', async () => {
    expect(await verify(undefined)).toBe(ANONYMOUS);
    expect(await verify('')).toBe(ANONYMOUS);
  });

  test('a signed token becomes a typed viewer', async () => {
    const token = await signToken({ sub: 'p-1', roles: ['STAFF'], branchIds: ['b1'], name: 'Ana' }, jwt);
    const v = await verify(`Bearer ${token}`);
    expect(v).toMatchObject({ sub: 'p-1', branchIds: ['b1'], name: 'Ana' });
    expect([...v.roles]).toEqual(['STAFF']);
    expect(isStaffOf(v, 'b1')).toBe(true);
    expect(isStaffOf(v, 'b2')).toBe(false);
    expect(staffScope(v)).toEqual(['b1']);
  });

  test('RS256 with a public key, and HS256 tokens are then refused', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = createTokenVerifier({ publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    const good = await new SignJWT({ roles: ['ANALYST'] }).setProtectedHeader({ alg: 'RS256' }).setSubject('a').setExpirationTime('1h').sign(privateKey);
    expect((await rs(`Bearer ${good}`)).sub).toBe('a');
    const hs = await signToken({ sub: 'a', roles: ['ADMIN'] }, jwt);
    await expect(rs(`Bearer ${hs}`)).rejects.toBeInstanceOf(AuthenticationError);
  });

  test.each([
    ['roles missing', { branchIds: [] }],
    ['roles not a list', { roles: 'ADMIN' }],
    ['branchIds not strings', { roles: ['STAFF'], branchIds: [1] }],
  ])('%s is refused', async (_l, claims) => {
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(Buffer.from(jwt.secret));
    await expect(verify(`Bearer ${token}`)).rejects.toBeInstanceOf(AuthenticationError);
  });

  describe('token lifetime', () => {
    const secret = Buffer.from(jwt.secret);
    const now = () => Math.floor(Date.now() / 1000);
    const token = (claims: { exp?: number; iat?: number }) => {
      let b = new SignJWT({ roles: ['PATRON'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('p');
      if (claims.exp !== undefined) b = b.setExpirationTime(claims.exp);
      if (claims.iat !== undefined) b = b.setIssuedAt(claims.iat);
      return b.sign(secret);
    };

    test('an exp more than 24 h ahead is refused; 24 h is accepted', async () => {
      await expect(verify(`Bearer ${await token({ exp: now() + 24 * 3600 + 120 })}`)).rejects.toThrow(/exp is more than 86400 s ahead/);
      await expect(verify(`Bearer ${await token({ exp: now() + 30 * 24 * 3600 })}`)).rejects.toBeInstanceOf(AuthenticationError);
      expect((await verify(`Bearer ${await token({ exp: now() + 24 * 3600 - 5 })}`)).sub).toBe('p');
    });

    test('the maximum is configurable', async () => {
      const strict = createTokenVerifier({ ...jwt, maxLifetimeSeconds: 600 });
      await expect(strict(`Bearer ${await token({ exp: now() + 3600 })}`)).rejects.toThrow(/exp is more than 600 s ahead/);
      expect((await strict(`Bearer ${await token({ exp: now() + 300 })}`)).sub).toBe('p');
    });

    test('an iat in the future is refused (beyond a small clock difference)', async () => {
      await expect(verify(`Bearer ${await token({ exp: now() + 3600, iat: now() + 3600 })}`)).rejects.toThrow(/iat claim is in the future/);
      expect((await verify(`Bearer ${await token({ exp: now() + 3600, iat: now() + 5 })}`)).sub).toBe('p');
      expect((await verify(`Bearer ${await token({ exp: now() + 3600, iat: now() - 60 })}`)).sub).toBe('p');
    });

    test('development tokens (8 h) are accepted', async () => {
      expect((await verify(`Bearer ${await signToken({ sub: 'd', roles: ['STAFF'] }, jwt)}`)).sub).toBe('d');
    });
  });

  test('roles: [] is a signed-in caller with no role', async () => {
    const v = await verify(`Bearer ${await signToken({ sub: 'nobody', roles: [] }, jwt)}`);
    expect(v.sub).toBe('nobody');
    expect(v.roles.size).toBe(0);
  });
});

describe('verified tokens are kept until they expire', () => {
  afterEach(() => jest.useRealTimers());

  test('a token is verified once and then served from the cache', async () => {
    const verify = createTokenVerifier(jwt);
    const token = await signToken({ sub: 'c-1', roles: ['ANALYST'] }, jwt);
    const first = await verify(`Bearer ${token}`);
    expect(verify.cache).toMatchObject({ size: 1, hits: 0 });
    expect(await verify(`Bearer ${token}`)).toBe(first);
    expect(verify.cache.hits).toBe(1);
  });

  test('a kept token is refused once its exp has passed', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const verify = createTokenVerifier(jwt);
    const token = await signToken({ sub: 'c-2', roles: ['PATRON'] }, jwt, '60s');
    expect((await verify(`Bearer ${token}`)).sub).toBe('c-2');
    jest.setSystemTime(new Date('2026-03-01T10:00:59Z'));
    expect((await verify(`Bearer ${token}`)).sub).toBe('c-2');
    expect(verify.cache.hits).toBe(1);
    jest.setSystemTime(new Date('2026-03-01T10:01:00Z'));
    await expect(verify(`Bearer ${token}`)).rejects.toThrow('Token expired');
    expect(verify.cache.size).toBe(0);
  });

  test('the cache is bounded and keeps neither refused tokens nor tokens with nbf', async () => {
    const verify = createTokenVerifier(jwt, { cacheSize: 3 });
    for (let i = 0; i < 10; i++) await verify(`Bearer ${await signToken({ sub: `c-${i}`, roles: ['PATRON'] }, jwt)}`);
    expect(verify.cache).toMatchObject({ size: 3, max: 3 });
    const other = createTokenVerifier(jwt);
    const badSignature = await signToken({ sub: 'x', roles: ['ADMIN'] }, { secret: 'another-secret' });
    await expect(other(`Bearer ${badSignature}`)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(other(`Bearer ${badSignature}`)).rejects.toBeInstanceOf(AuthenticationError);
    const withNbf = await new SignJWT({ roles: ['PATRON'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('n').setExpirationTime('1h').setNotBefore('0s').sign(Buffer.from(jwt.secret));
    expect((await other(`Bearer ${withNbf}`)).sub).toBe('n');
    expect(other.cache.size).toBe(0);
  });
});
