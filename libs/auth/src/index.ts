/**
 * Who is calling: bearer JWT verification (HS256 with a shared secret or
 * RS256 with a public key, issuer and audience when configured) into a typed
 * viewer, and development tokens for the demo roles.
 */
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import type { CommonConfig } from '@ceg/config';

export const ROLES = ['PATRON', 'STAFF', 'ANALYST', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  /** Stable pseudonymous id (the token's `sub`); null when anonymous. */
  sub: string | null;
  roles: ReadonlySet<Role>;
  /** Branches a STAFF member works for. */
  branchIds: readonly string[];
  name: string | null;
}

export const ANONYMOUS: Viewer = Object.freeze({ sub: null, roles: new Set<Role>(), branchIds: [], name: null });

export const isAnonymous = (v: Viewer) => v.sub === null;
export const hasRole = (v: Viewer, role: Role) => v.roles.has(role);
export const isAdmin = (v: Viewer) => v.roles.has('ADMIN');
export const isAnalyst = (v: Viewer) => v.roles.has('ANALYST');
export const isPatron = (v: Viewer) => v.roles.has('PATRON');
export const isStaff = (v: Viewer) => v.roles.has('STAFF');
/** STAFF who work for this branch. */
export const isStaffOf = (v: Viewer, branchId: string) => v.roles.has('STAFF') && v.branchIds.includes(branchId);
/** The branches whose staff-only data the viewer may see: all (null) for ADMIN, their own for STAFF, none otherwise. */
export function staffScope(v: Viewer): string[] | null {
  if (isAdmin(v)) return null;
  if (isStaff(v)) return [...v.branchIds];
  return [];
}

/** Thrown for a token that is malformed, badly signed, expired, or from the wrong issuer or audience. */
export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED';
}

export type TokenVerifier = ((authorization: string | undefined) => Promise<Viewer>) & {
  /** Verified tokens kept, and how often one was served from there (for tests and metrics). */
  readonly cache: { readonly size: number; readonly max: number; readonly hits: number };
};

/** Verified tokens kept per process by default (a few MB at most). */
export const TOKEN_CACHE_SIZE = 10_000;

function verificationKey(jwt: CommonConfig['jwt']): { key: KeyObject; algorithms: string[] } {
  if (jwt.publicKey) return { key: createPublicKey(jwt.publicKey), algorithms: ['RS256'] };
  if (!jwt.secret) throw new Error('JWT_SECRET or JWT_PUBLIC_KEY is required');
  return { key: createSecretKey(Buffer.from(jwt.secret, 'utf8')), algorithms: ['HS256'] };
}

/** Tolerated clock difference with the token's issuer when checking `iat`. */
export const CLOCK_TOLERANCE_SECONDS = 30;
const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 3600;

/**
 * Builds the verifier every process uses: no header means anonymous, a bad
 * token throws. Besides signature, `exp`, `nbf`, issuer and audience, a token
 * is refused when it is valid for longer than `maxLifetimeSeconds` from now
 * (a stolen long-lived token stays useful for at most that long) or when it
 * claims to be issued in the future.
 */
export function createTokenVerifier(jwt: CommonConfig['jwt'], opts: { cacheSize?: number } = {}): TokenVerifier {
  const { key, algorithms } = verificationKey(jwt);
  const maxLifetime = jwt.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  // A token that passed every check stays valid until its `exp` (the lifetime and `iat` checks only get
  // easier with time), so the viewer it became is kept until then: the signature is checked once per token,
  // not once per request. Bounded (least recently used out); a token with `nbf` is never kept.
  const cacheSize = opts.cacheSize ?? jwt.cacheSize ?? TOKEN_CACHE_SIZE;
  const cached = new LRUCache<string, { viewer: Viewer; exp: number }>({ max: Math.max(1, cacheSize) });
  let hits = 0;
  const verify = async (authorization: string | undefined): Promise<Viewer> => {
    if (authorization === undefined || authorization.trim() === '') return ANONYMOUS;
    const match = /^Bearer\s+([A-Za-z0-9_\-.]+)\s*$/i.exec(authorization);
    if (!match) throw new AuthenticationError('Authorization must be "Bearer <token>"');
    const token = match[1];
    const hit = cached.get(token);
    if (hit) {
      // jose's rule: expired once `exp` <= now (seconds), no tolerance.
      if (hit.exp > Math.floor(Date.now() / 1000)) {
        hits += 1;
        return hit.viewer;
      }
      cached.delete(token);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms,
        issuer: jwt.issuer,
        audience: jwt.audience,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new AuthenticationError('Token expired');
      if (e instanceof joseErrors.JWTClaimValidationFailed) throw new AuthenticationError(`Token rejected: ${e.claim} claim invalid`);
      throw new AuthenticationError('Invalid token');
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp === 'number' && payload.exp - now > maxLifetime) {
      throw new AuthenticationError(`Token rejected: exp is more than ${maxLifetime} s ahead; tokens may be valid for at most that long`);
    }
    if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_TOLERANCE_SECONDS)) {
      throw new AuthenticationError('Token rejected: iat claim is in the future');
    }
    const viewer = viewerFromClaims(payload);
    if (cacheSize > 0 && typeof payload.exp === 'number' && payload.nbf === undefined) cached.set(token, { viewer, exp: payload.exp });
    return viewer;
  };
  return Object.assign(verify, {
    cache: {
      get size() {
        return cached.size;
      },
      max: cacheSize,
      get hits() {
        return hits;
      },
    },
  });
}

function viewerFromClaims(payload: JWTPayload): Viewer {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) throw new AuthenticationError('Token rejected: sub claim invalid');
  const rawRoles = payload.roles;
  if (!Array.isArray(rawRoles) || rawRoles.some((r) => !ROLES.includes(r as Role))) {
    throw new AuthenticationError('Token rejected: roles claim invalid');
  }
  const rawBranches = payload.branchIds ?? [];
  if (!Array.isArray(rawBranches) || rawBranches.some((b) => typeof b !== 'string')) {
    throw new AuthenticationError('Token rejected: branchIds claim invalid');
  }
  const name = typeof payload.name === 'string' ? payload.name : null;
  return Object.freeze({ sub, roles: new Set(rawRoles as Role[]), branchIds: Object.freeze([...(rawBranches as string[])]), name });
}

export interface TokenClaims {
  sub: string;
  roles: Role[];
  branchIds?: string[];
  name?: string;
}

/** Signs a token with the HS256 secret: development sign-in, tests and the `npm run token` command. */
export async function signToken(
  claims: TokenClaims,
  jwt: Pick<CommonConfig['jwt'], 'secret' | 'issuer' | 'audience'>,
  expiresIn: string | number = '8h',
): Promise<string> {
  if (!jwt.secret) throw new Error('signToken needs JWT_SECRET');
  let builder = new SignJWT({ roles: claims.roles, branchIds: claims.branchIds ?? [], ...(claims.name ? { name: claims.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (jwt.issuer) builder = builder.setIssuer(jwt.issuer);
  if (jwt.audience) builder = builder.setAudience(jwt.audience);
  return builder.sign(createSecretKey(Buffer.from(jwt.secret, 'utf8')));
}
