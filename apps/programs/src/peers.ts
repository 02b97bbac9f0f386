/**
 * Peer comparison: a branch's program measures per resident of its service
 * population, and its rank and quartile among its peers: the branches of
 * the same population band, which the libraries subgraph names through
 * `Branch.peers` (@requires), or a consortium's named peer group
 * (`peerGroupId`), whose members and their populations are asked of the
 * libraries subgraph through the directory client (an argument cannot be
 * passed through @requires). Counts come from one GROUP BY over the peers.
 */
import { GraphQLError } from 'graphql';
import { badUserInput, forbidden, isUuid } from '@ceg/conventions';
import { aggregateScope, DirectoryUnavailable } from '@ceg/kit';
import { ProgramAggregates } from './aggregates';
import type { ProgramsContext } from './service';
import { PeerMeasure, ProgramDimension, ProgramPeerComparison, ProgramPeerRow } from './types';

export interface PeerRef {
  id: string;
  servicePopulation: number | null;
}

/** The median of the values; null when there are none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round = (v: number) => Math.round(v * 1_000_000) / 1_000_000;

/**
 * One measure of one branch among its peers: its value, the peers' median,
 * its rank (1 = highest; equal values share the better rank) and quartile
 * (1 = the top quarter: 1 + floor((rank - 1) × 4 / n)) among the n peers
 * that have a value. Null value, rank and quartile when the branch has no
 * value.
 */
export function peerMeasure(value: number | null, peerValues: number[]): PeerMeasure {
  const m = Object.assign(new PeerMeasure(), { value, peerMedian: median(peerValues), rank: null as number | null, quartile: null as number | null });
  if (value === null || !peerValues.length) return m;
  const rank = 1 + peerValues.filter((v) => v > value).length;
  m.rank = rank;
  m.quartile = 1 + Math.floor(((rank - 1) * 4) / peerValues.length);
  return m;
}

/**
 * Branch.programPeerComparison for the sessions in [from, to). STAFF of the
 * branch see their own per-capita figures; the peers' figures (rank,
 * quartile, median, the ranking) only ANALYST and ADMIN, who may aggregate
 * every branch. Others: FORBIDDEN, as for every aggregate.
 */
export async function programPeerComparison(
  ctx: ProgramsContext,
  branch: PeerRef & { peers?: PeerRef[] | null },
  from: Date | null | undefined,
  to: Date | null | undefined,
  peerGroupId?: string | null,
): Promise<ProgramPeerComparison> {
  const allowed = aggregateScope(ctx.viewer); // FORBIDDEN for roles that may not aggregate
  const seesPeers = allowed === null;
  if (!seesPeers && !allowed.includes(branch.id)) throw forbidden('Only staff of this branch, analysts and administrators may compare it with its peers.');
  const group = peerGroupId === null || peerGroupId === undefined ? null : await namedGroup(ctx, peerGroupId, branch.id);
  const peers = (group ? group.branches : branch.peers ?? []).filter((p) => p.id !== branch.id).concat([{ id: branch.id, servicePopulation: branch.servicePopulation }]);
  const ids = seesPeers ? peers.map((p) => p.id) : [branch.id];
  const agg = await new ProgramAggregates(ctx).programAggregate({ from, to, groupBy: [ProgramDimension.BRANCH], interval: null, filter: null }, ids);
  const byId = new Map(agg.groups.map((g) => [g.key.branch?.id ?? '', g.measures]));
  const rows = peers
    .filter((p) => seesPeers || p.id === branch.id)
    .map((p) => {
      const m = byId.get(p.id);
      const pop = p.servicePopulation && p.servicePopulation > 0 ? p.servicePopulation : null;
      const per = (n: number, scale = 1) => (pop === null ? null : round(((n ?? 0) * scale) / pop));
      return Object.assign(new ProgramPeerRow(), {
        branch: { id: p.id },
        servicePopulation: p.servicePopulation,
        attendance: m?.attendance ?? 0,
        sessionCount: m?.sessionCount ?? 0,
        registrationCount: m?.registrationCount ?? 0,
        attendancePerCapita: per(m?.attendance ?? 0),
        sessionsPerThousand: per(m?.sessionCount ?? 0, 1000),
        registrationsPerCapita: per(m?.registrationCount ?? 0),
      });
    });
  const own = rows.find((r) => r.branch.id === branch.id)!;
  const measure = (k: 'attendancePerCapita' | 'sessionsPerThousand' | 'registrationsPerCapita') =>
    seesPeers ? peerMeasure(own[k], rows.map((r) => r[k]).filter((v): v is number => v !== null)) : Object.assign(new PeerMeasure(), { value: own[k], peerMedian: null, rank: null, quartile: null });
  return Object.assign(new ProgramPeerComparison(), {
    servicePopulation: branch.servicePopulation,
    peerGroup: group ? { id: group.id } : null,
    peerCount: seesPeers ? rows.length : null,
    attendancePerCapita: measure('attendancePerCapita'),
    sessionsPerThousand: measure('sessionsPerThousand'),
    registrationsPerCapita: measure('registrationsPerCapita'),
    ranking: seesPeers ? [...rows].sort((a, b) => (b.attendancePerCapita ?? -1) - (a.attendancePerCapita ?? -1)) : [own],
  });
}

/**
 * A named peer group with its members' populations, from the libraries
 * subgraph. An id that names no group, or a group the branch is not in, is
 * BAD_USER_INPUT; the libraries subgraph unreachable is SERVICE_UNAVAILABLE.
 */
async function namedGroup(ctx: ProgramsContext, peerGroupId: string, branchId: string): Promise<{ id: string; branches: PeerRef[] }> {
  const id = peerGroupId.trim().toLowerCase();
  const notFound = () => badUserInput('No peer group has this id', { argumentName: 'peerGroupId' });
  if (!isUuid(id)) throw notFound();
  let facts;
  try {
    facts = await ctx.directory.peerGroup(ctx, id);
  } catch (e) {
    if (e instanceof DirectoryUnavailable) {
      throw new GraphQLError(`The ${e.owner} service could not be asked for the peer group. Please try again shortly.`, { extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: e.owner } });
    }
    throw e;
  }
  if (!facts) throw notFound();
  if (!facts.branches.some((b) => b.id === branchId)) throw badUserInput('The branch is not a member of this peer group', { argumentName: 'peerGroupId' });
  return { id: facts.id, branches: facts.branches.map((b) => ({ id: b.id, servicePopulation: b.servicePopulation ?? null })) };
}
