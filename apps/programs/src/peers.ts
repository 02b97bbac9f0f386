/**
 * Peer comparison: a branch's program measures per resident of its service
 * population, and its rank and quartile among its peers (the branches of
 * the same population band, which the libraries subgraph names through
 * `Branch.peers`, @requires). Counts come from one GROUP BY over the peers.
 */
import { forbidden } from '@ceg/conventions';
import { aggregateScope } from '@ceg/kit';
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
export async function programPeerComparison(ctx: ProgramsContext, branch: PeerRef & { peers?: PeerRef[] | null }, from: Date | null | undefined, to: Date | null | undefined): Promise<ProgramPeerComparison> {
  const allowed = aggregateScope(ctx.viewer); // FORBIDDEN for roles that may not aggregate
  const seesPeers = allowed === null;
  if (!seesPeers && !allowed.includes(branch.id)) throw forbidden('Only staff of this branch, analysts and administrators may compare it with its peers.');
  const peers = (branch.peers ?? []).filter((p) => p.id !== branch.id).concat([{ id: branch.id, servicePopulation: branch.servicePopulation }]);
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
    peerCount: seesPeers ? rows.length : null,
    attendancePerCapita: measure('attendancePerCapita'),
    sessionsPerThousand: measure('sessionsPerThousand'),
    registrationsPerCapita: measure('registrationsPerCapita'),
    ranking: seesPeers ? [...rows].sort((a, b) => (b.attendancePerCapita ?? -1) - (a.attendancePerCapita ?? -1)) : [own],
  });
}
