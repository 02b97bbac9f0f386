import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import fetch from 'node-fetch';
import { type Env, intVar, type SubgraphName, subgraphUrl } from '@ceg/config';
import { type InputCheck, isUuid, UserErrorCode } from '@ceg/conventions';
import type { SubgraphContext } from './context';

/**
 * References a subgraph stores that another subgraph owns (RULES.md §4): a
 * branch (owned by libraries) or a program (owned by programs). Before a
 * write, the owner is asked whether the record exists and whether the caller
 * may see it, through the owner's `_entities` with the subgraph secret and
 * the caller's own token, so the owner's visibility policy decides. Lookups
 * are batched per request (one `_entities` call per owner) and cached for a
 * short time across requests (per caller for programs, whose visibility
 * depends on the caller; once for branches, which everyone may read).
 */
export type DirectoryKind = 'Branch' | 'Program' | 'PeerGroup';

export interface BranchFacts {
  id: string;
  /** Its legal service-area population (residents); null when not recorded. */
  servicePopulation?: number | null;
}

export interface PeerGroupFacts {
  id: string;
  /** The consortium that named the group. */
  consortiumId: string | null;
  /** Its member branches with their service populations. */
  branches: BranchFacts[];
}

export interface ProgramFacts {
  id: string;
  /** The branch that runs it. */
  branchId: string | null;
  /** Its ProgramStatus (DRAFT, PUBLISHED, …). */
  status: string;
}

type Facts = BranchFacts | ProgramFacts | PeerGroupFacts;

const OWNER: Record<DirectoryKind, SubgraphName> = { Branch: 'libraries', Program: 'programs', PeerGroup: 'libraries' };
const FRAGMENT: Record<DirectoryKind, string> = {
  Branch: '... on Branch { id servicePopulation }',
  Program: '... on Program { id status branch { id } }',
  PeerGroup: '... on PeerGroup { id consortium { id } branches { id servicePopulation } }',
};

const population = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

/** The owner could not be asked: the write is refused and nothing is written. */
export class DirectoryUnavailable extends Error {
  constructor(readonly owner: SubgraphName, cause?: unknown) {
    super(`the ${owner} service could not be reached`, { cause });
  }
}

/** What a client sees when the owner cannot be asked (RULES.md §4). */
export function directoryUnavailableError(e: DirectoryUnavailable): GraphQLError {
  return new GraphQLError(
    `The ${e.owner} service could not be asked whether the referenced record exists, so nothing was written. Please try again shortly.`,
    { extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: e.owner } },
  );
}

export interface DirectoryClientOptions {
  /** Where an owner answers (read when asked, so a test graph may start its subgraphs in any order). */
  urlOf: (owner: SubgraphName) => string;
  secret: string;
  /** How long an answer is reused across requests (0: not at all). */
  ttlMs?: number;
  /** How long one call to an owner may take before it counts as unreachable. */
  timeoutMs?: number;
  /** Most answers kept. */
  maxEntries?: number;
}

export const DEFAULT_DIRECTORY_CACHE_TTL_MS = 5000;
export const DEFAULT_DIRECTORY_TIMEOUT_MS = 3000;

/** The directory client's settings from the environment (DIRECTORY_CACHE_TTL_MS, DIRECTORY_TIMEOUT_MS, the subgraphs' *_URL). */
export function directoryClientFromEnv(env: Env, secret: string): DirectoryClient {
  return new DirectoryClient({
    urlOf: (owner) => subgraphUrl(owner, env),
    secret,
    ttlMs: intVar(env, 'DIRECTORY_CACHE_TTL_MS', DEFAULT_DIRECTORY_CACHE_TTL_MS, 0),
    timeoutMs: intVar(env, 'DIRECTORY_TIMEOUT_MS', DEFAULT_DIRECTORY_TIMEOUT_MS, 1),
  });
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });

/** What a subgraph asks about the records it references; DirectoryClient asks the owners, staticDirectory answers from a list (unit tests). */
export interface Directory {
  branch(ctx: SubgraphContext, id: string): Promise<BranchFacts | null>;
  program(ctx: SubgraphContext, id: string): Promise<ProgramFacts | null>;
  /** A consortium's named peer group with its members' populations, or null when there is none with this id. */
  peerGroup(ctx: SubgraphContext, id: string): Promise<PeerGroupFacts | null>;
}

/**
 * A directory that answers from fixed lists, for unit tests of a service that
 * runs without the owning subgraphs (the graph's own tests use the real
 * client through startGraph). `unavailable` makes every question fail as if
 * the owner were down.
 */
export function staticDirectory(known: { branches?: string[]; programs?: ProgramFacts[]; populations?: Record<string, number | null>; peerGroups?: PeerGroupFacts[]; unavailable?: boolean } = {}): Directory {
  const down = (owner: SubgraphName) => Promise.reject(new DirectoryUnavailable(owner));
  return {
    branch: async (_ctx, id) => (known.unavailable ? down('libraries') : known.branches?.includes(id) ? { id, servicePopulation: known.populations?.[id] ?? null } : null),
    program: async (_ctx, id) => (known.unavailable ? down('programs') : known.programs?.find((p) => p.id === id) ?? null),
    peerGroup: async (_ctx, id) => (known.unavailable ? down('libraries') : known.peerGroups?.find((g) => g.id === id) ?? null),
  };
}

export class DirectoryClient implements Directory {
  private readonly cache: LRUCache<string, { facts: Facts | null }> | null;
  /** Calls made to owners (for tests and metrics). */
  calls = 0;

  constructor(private readonly opts: DirectoryClientOptions) {
    const ttl = opts.ttlMs ?? DEFAULT_DIRECTORY_CACHE_TTL_MS;
    this.cache = ttl > 0 ? new LRUCache({ max: opts.maxEntries ?? 10_000, ttl }) : null;
  }

  /** Who the answer is for: branches and peer groups are public; a program's visibility depends on the caller's token. */
  private audience(kind: DirectoryKind, ctx: SubgraphContext): string {
    if (kind === 'Branch' || kind === 'PeerGroup') return 'public';
    return ctx.authorization ? createHash('sha256').update(ctx.authorization).digest('base64url').slice(0, 22) : 'anonymous';
  }

  /** The branch, or null when there is none with this id. Throws DirectoryUnavailable. */
  branch(ctx: SubgraphContext, id: string): Promise<BranchFacts | null> {
    return this.load(ctx, 'Branch', id) as Promise<BranchFacts | null>;
  }

  /** The program as the caller may see it, or null when there is none or the caller may not see it. Throws DirectoryUnavailable. */
  program(ctx: SubgraphContext, id: string): Promise<ProgramFacts | null> {
    return this.load(ctx, 'Program', id) as Promise<ProgramFacts | null>;
  }

  /** The named peer group with its members' populations, or null when there is none with this id. Throws DirectoryUnavailable. */
  peerGroup(ctx: SubgraphContext, id: string): Promise<PeerGroupFacts | null> {
    return this.load(ctx, 'PeerGroup', id) as Promise<PeerGroupFacts | null>;
  }

  private load(ctx: SubgraphContext, kind: DirectoryKind, id: string): Promise<Facts | null> {
    return ctx.loaders
      .get<string, Facts | null>('directory', (keys) => this.batch(ctx, keys), { cacheKeyFn: (k) => k })
      .load(`${kind}:${id}`);
  }

  private async batch(ctx: SubgraphContext, keys: readonly string[]): Promise<(Facts | null | Error)[]> {
    const answers = new Map<string, Facts | null | Error>();
    const missing = new Map<DirectoryKind, string[]>();
    for (const key of keys) {
      const [kind, id] = key.split(':') as [DirectoryKind, string];
      const hit = this.cache?.get(`${this.audience(kind, ctx)}:${key}`);
      if (hit) answers.set(key, hit.facts);
      else missing.set(kind, [...(missing.get(kind) ?? []), id]);
    }
    await Promise.all([...missing].map(async ([kind, ids]) => {
      try {
        const found = await this.ask(ctx, kind, ids);
        ids.forEach((id, i) => {
          answers.set(`${kind}:${id}`, found[i]);
          this.cache?.set(`${this.audience(kind, ctx)}:${kind}:${id}`, { facts: found[i] });
        });
      } catch (e) {
        const err = e instanceof DirectoryUnavailable ? e : new DirectoryUnavailable(OWNER[kind], e);
        for (const id of ids) answers.set(`${kind}:${id}`, err);
      }
    }));
    return keys.map((k) => answers.get(k) ?? null);
  }

  /** One `_entities` call to the owner for every id of one kind. */
  private async ask(ctx: SubgraphContext, kind: DirectoryKind, ids: string[]): Promise<(Facts | null)[]> {
    const owner = OWNER[kind];
    const url = this.opts.urlOf(owner);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-subgraph-secret': this.opts.secret,
      'x-request-id': ctx.requestId,
      'x-client-address': ctx.clientAddress,
    };
    if (ctx.authorization) headers.authorization = ctx.authorization;
    const query = `query DirectoryCheck($representations: [_Any!]!) { _entities(representations: $representations) { ${FRAGMENT[kind]} } }`;
    this.calls++;
    let res;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables: { representations: ids.map((id) => ({ __typename: kind, id })) } }),
        agent: url.startsWith('https:') ? httpsAgent : httpAgent,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_DIRECTORY_TIMEOUT_MS) as never,
      });
    } catch (e) {
      throw new DirectoryUnavailable(owner, e);
    }
    if (res.status !== 200) throw new DirectoryUnavailable(owner, new Error(`HTTP ${res.status}`));
    let body: { data?: { _entities?: (Record<string, unknown> | null)[] } | null; errors?: unknown[] };
    try {
      body = (await res.json()) as typeof body;
    } catch (e) {
      throw new DirectoryUnavailable(owner, e);
    }
    const entities = body.data?._entities;
    // Any error means the owner could not answer for sure: nothing is written on a guess.
    if (body.errors?.length || !Array.isArray(entities) || entities.length !== ids.length) {
      throw new DirectoryUnavailable(owner, new Error(`unexpected answer: ${JSON.stringify(body.errors ?? null).slice(0, 300)}`));
    }
    return entities.map((e) => {
      if (!e || typeof e.id !== 'string') return null;
      if (kind === 'Branch') return { id: e.id, servicePopulation: population(e.servicePopulation) };
      if (kind === 'PeerGroup') {
        const consortium = e.consortium as { id?: unknown } | null | undefined;
        const branches = Array.isArray(e.branches) ? (e.branches as { id?: unknown; servicePopulation?: unknown }[]) : [];
        return {
          id: e.id,
          consortiumId: typeof consortium?.id === 'string' ? consortium.id : null,
          branches: branches.filter((b) => typeof b?.id === 'string').map((b) => ({ id: b.id as string, servicePopulation: population(b.servicePopulation) })),
        };
      }
      const branch = e.branch as { id?: unknown } | null | undefined;
      return { id: e.id, status: String(e.status), branchId: typeof branch?.id === 'string' ? branch.id : null };
    });
  }
}

type Path = string | (string | number)[];

/**
 * The references of one write, checked in two steps: their form when the
 * input is read (a malformed id is INVALID), then, once the rest of the input
 * is valid, with their owners (unknown or invisible is NOT_FOUND on the
 * field; an owner that cannot be asked is a SERVICE_UNAVAILABLE error).
 */
export class ReferenceCheck {
  private readonly refs: { field: Path; kind: DirectoryKind; id: string }[] = [];
  private readonly found = new Map<string, Facts>();

  constructor(private readonly ctx: SubgraphContext, private readonly check: InputCheck) {}

  private add(kind: DirectoryKind, field: Path, value: string | null | undefined, label: string): string | null {
    if (value === null || value === undefined) return null;
    const id = value.trim();
    if (!isUuid(id)) {
      this.check.fail(field, UserErrorCode.INVALID, `${label} is not a ${kind.toLowerCase()} id (ids are UUIDs such as 3f2b8c1e-4d5a-4e6f-9a7b-1c2d3e4f5a6b)`);
      return null;
    }
    this.refs.push({ field, kind, id: id.toLowerCase() });
    return id.toLowerCase();
  }

  /** A branch id: its trimmed form, or null (and an INVALID error) when it is not one. */
  branch(field: Path, value: string | null | undefined): string | null {
    return this.add('Branch', field, value, Array.isArray(field) ? field.join('.') : field);
  }

  /** A program id: its trimmed form, or null (and an INVALID error) when it is not one. */
  program(field: Path, value: string | null | undefined): string | null {
    return this.add('Program', field, value, Array.isArray(field) ? field.join('.') : field);
  }

  /** Asks the owners; adds NOT_FOUND errors; throws SERVICE_UNAVAILABLE when an owner cannot be asked. */
  async verify(): Promise<void> {
    const directory = this.ctx.directory;
    const answers = await Promise.allSettled(this.refs.map((r) => (r.kind === 'Branch' ? directory.branch(this.ctx, r.id) : directory.program(this.ctx, r.id))));
    const down = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (down) {
      if (down.reason instanceof DirectoryUnavailable) {
        this.ctx.log.warn({ owner: down.reason.owner, err: down.reason.cause }, 'reference owner unreachable; write refused');
        throw directoryUnavailableError(down.reason);
      }
      throw down.reason;
    }
    answers.forEach((a, i) => {
      const ref = this.refs[i];
      const facts = (a as PromiseFulfilledResult<Facts | null>).value;
      if (facts) this.found.set(`${ref.kind}:${ref.id}`, facts);
      else this.check.fail(ref.field, UserErrorCode.NOT_FOUND, ref.kind === 'Branch' ? 'No branch has this id' : 'No program you may see has this id');
    });
  }

  /** A verified program's facts. */
  programFacts(id: string): ProgramFacts | undefined {
    return this.found.get(`Program:${id}`) as ProgramFacts | undefined;
  }
}
