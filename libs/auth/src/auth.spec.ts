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
});
