/**
 * Per-capita measures: a layer over the aggregates, not part of them. An
 * aggregate resolver marks its answer with the branches it covers
 * (`withPopulationScope`); the `perCapita` field of the aggregate (its
 * totals) and of each group is resolved only when a client asks for it, from
 * the counts already computed and the population of the branches they cover.
 *
 * The population of a set of branches is the sum of their service
 * populations, asked of the libraries subgraph (the owner of
 * `Branch.servicePopulation`) through the directory client: batched per
 * request (one `_entities` call for all the branches a request needs) and
 * cached briefly across requests. It is null — and so is every per-capita
 * value over it — when any branch of the set has no recorded population, the
 * set is empty or not known (a root aggregate over every branch), or the sum
 * is 0: a per-capita value is never computed over a guessed or partial
 * population.
 */
import { GraphQLError } from 'graphql';
import { DirectoryUnavailable } from './directory-client';
import { aggregateBranches } from './authz';
import type { SubgraphContext } from './context';

const SCOPE = Symbol('populationScope');

/** Which branches an aggregate's totals or one of its groups cover; null: not known (every branch). */
export interface PopulationScope {
  branchIds: readonly string[] | null;
}

/** The scope an aggregate or group was marked with; unmarked: not known (null branches, so null per-capita values). */
export function populationScopeOf(target: object): PopulationScope {
  return (target as { [SCOPE]?: PopulationScope })[SCOPE] ?? { branchIds: null };
}

// A symbol key is never a GraphQL field nor serialized; enumerable so that it survives the copy type-graphql makes of a plain object it converts to its class (Object.assign).
function mark(target: object, scope: PopulationScope): void {
  Object.defineProperty(target, SCOPE, { value: scope, enumerable: true, configurable: true, writable: true });
}

/** Marks one answer (an aggregate without groups, e.g. a participation profile) with the branches it covers. */
export function markPopulationScope<T extends object>(target: T, branchIds: readonly string[] | null): T {
  mark(target, { branchIds });
  return target;
}

/**
 * Marks an aggregate (its totals) with the branches it covers, and each of
 * its groups with the branches the group covers: the group's own branch when
 * it is keyed by branch (`branchOf`), otherwise the aggregate's.
 */
export function withPopulationScope<G extends object, T extends { groups: G[] }>(
  aggregate: T,
  branchIds: readonly string[] | null,
  branchOf: (group: G) => string | null | undefined,
): T {
  mark(aggregate, { branchIds });
  for (const g of aggregate.groups) {
    const own = branchOf(g);
    mark(g, { branchIds: own ? [own] : branchIds });
  }
  return aggregate;
}

/**
 * The summed service population of the branches (see the file's comment for
 * when it is null). Throws SERVICE_UNAVAILABLE when the libraries subgraph
 * cannot be asked (the nullable `perCapita` field then reads null with that
 * error; the counts are unaffected).
 */
export async function populationOf(ctx: SubgraphContext, branchIds: readonly string[] | null): Promise<number | null> {
  if (!branchIds || branchIds.length === 0) return null;
  let facts;
  try {
    facts = await Promise.all([...new Set(branchIds)].map((id) => ctx.directory.branch(ctx, id)));
  } catch (e) {
    if (e instanceof DirectoryUnavailable) {
      throw new GraphQLError(`The ${e.owner} service could not be asked for service populations, so per-capita values cannot be given. Please try again shortly.`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: e.owner },
      });
    }
    throw e;
  }
  let sum = 0;
  for (const f of facts) {
    const p = f?.servicePopulation;
    if (p === null || p === undefined) return null;
    sum += p;
  }
  return sum > 0 ? sum : null;
}

/** Rounds a per-capita value to 6 decimals (per-capita values are descriptive, not exact). */
export const roundPerCapita = (v: number): number => Math.round(v * 1_000_000) / 1_000_000;

/**
 * count × scale / population, rounded to 6 decimals; null when the
 * population is null or the count is (a withheld count stays withheld).
 */
export function perResident(count: number | null | undefined, population: number | null, scale = 1): number | null {
  if (population === null || population <= 0 || count === null || count === undefined) return null;
  return roundPerCapita((count * scale) / population);
}

/**
 * Marks an aggregate with the branches it really covers: the parent's (a
 * branch, or a system's or consortium's branchIds; null for a root field),
 * narrowed by the client's `filter.branchIds` and by the viewer's aggregate
 * scope, exactly as the aggregate narrows its rows — so that STAFF get their
 * own branches' counts over their own branches' population.
 */
export function scopeForPerCapita<G extends { key: { branch?: { id: string } | null } }, T extends { groups: G[] }>(
  ctx: SubgraphContext,
  aggregate: T,
  parentBranchIds: readonly string[] | null,
  clientBranchIds?: readonly string[] | null,
): T {
  return withPopulationScope<G, T>(aggregate, aggregateBranches(ctx.viewer, parentBranchIds, clientBranchIds), (g) => g.key.branch?.id);
}
