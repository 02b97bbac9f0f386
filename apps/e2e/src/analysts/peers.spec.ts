/**
 * Peer comparison: population bands and peer groups (libraries), per-resident
 * program measures with rank and quartile among the peers (programs, over
 * `Branch.peers` by @requires), through the real gateway.
 */
import { DEMO_BRANCHES } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

jest.setTimeout(180_000);

const M = 'value peerMedian rank quartile';
const COMPARISON = `servicePopulation peerCount attendancePerCapita { ${M} } sessionsPerThousand { ${M} } registrationsPerCapita { ${M} }
  ranking { branch { code } servicePopulation attendance sessionCount registrationCount attendancePerCapita sessionsPerThousand registrationsPerCapita }`;

describe('analysts: peer comparison', () => {
  let graph: TestGraph;
  const year = new Date().getUTCFullYear() - 1;
  const vars = { f: `${year}-01-01T00:00:00Z`, t: `${year + 1}-01-01T00:00:00Z` };

  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'] });
  });
  afterAll(() => graph?.stop());

  test('population bands and peer groups follow the service population', async () => {
    const data = await graph.data('{ branches(first: 100) { nodes { code servicePopulation populationBand peers { code } } } }');
    const band = (p: number) => (p < 10_000 ? 'UNDER_10K' : p < 50_000 ? 'FROM_10K_TO_50K' : p < 250_000 ? 'FROM_50K_TO_250K' : 'FROM_250K');
    for (const b of data.branches.nodes) {
      expect(b.populationBand).toBe(band(b.servicePopulation));
      const expected = DEMO_BRANCHES.filter((d) => band(d.servicePopulation) === b.populationBand).map((d) => d.code).sort();
      expect(b.peers.map((p: any) => p.code)).toEqual(expected);
      expect(b.peers.map((p: any) => p.code)).toContain(b.code);
    }
    const small = data.branches.nodes.find((b: any) => b.code === 'MCL-PIN');
    expect(small.peers.length).toBeGreaterThan(2);
  });

  test('ANALYST: per-resident measures are the aggregate\'s counts over the population; rank, quartile and median among the peers', async () => {
    const data = await graph.data(`query($f: DateTime, $t: DateTime) { branch(code: "MCL-PIN") { servicePopulation peers { code servicePopulation programAggregate(from: $f, to: $t) { totals { attendance sessionCount registrationCount } } } programPeerComparison(from: $f, to: $t) { ${COMPARISON} } } }`, vars, { as: 'ANALYST' });
    const b = data.branch;
    const c = b.programPeerComparison;
    const per = (p: any) => ({
      code: p.code,
      attendancePerCapita: p.programAggregate.totals.attendance / p.servicePopulation,
      sessionsPerThousand: (p.programAggregate.totals.sessionCount * 1000) / p.servicePopulation,
      registrationsPerCapita: p.programAggregate.totals.registrationCount / p.servicePopulation,
    });
    const peers = b.peers.map(per);
    expect(c.peerCount).toBe(peers.length);
    expect(c.servicePopulation).toBe(b.servicePopulation);
    const own = peers.find((p: any) => p.code === 'MCL-PIN');
    for (const k of ['attendancePerCapita', 'sessionsPerThousand', 'registrationsPerCapita'] as const) {
      const values = peers.map((p: any) => p[k]);
      expect(c[k].value).toBeCloseTo(own[k], 5);
      const rank = 1 + values.filter((v: number) => v > own[k] + 1e-9).length;
      expect(c[k].rank).toBe(rank);
      expect(c[k].quartile).toBe(1 + Math.floor(((rank - 1) * 4) / values.length));
      const sorted = [...values].sort((x, y) => x - y);
      const mid = Math.floor(sorted.length / 2);
      expect(c[k].peerMedian).toBeCloseTo(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 5);
    }
    // the ranking lists every peer, highest attendance per resident first, with the API's counts
    expect(c.ranking.map((r: any) => r.branch.code)).toEqual([...peers].sort((x: any, y: any) => y.attendancePerCapita - x.attendancePerCapita).map((p: any) => p.code));
    for (const r of c.ranking) {
      const p = b.peers.find((x: any) => x.code === r.branch.code);
      expect(r.attendance).toBe(p.programAggregate.totals.attendance);
      expect(r.servicePopulation).toBe(p.servicePopulation);
    }
  });

  test('STAFF of the branch: their own per-resident figures, nothing of the peers', async () => {
    const staff = { role: 'STAFF' as const, branchCodes: ['MCL-PIN'] };
    const data = await graph.data(`query($f: DateTime, $t: DateTime) { branch(code: "MCL-PIN") { programAggregate(from: $f, to: $t) { totals { attendance } } servicePopulation programPeerComparison(from: $f, to: $t) { ${COMPARISON} } } }`, vars, { as: staff });
    const c = data.branch.programPeerComparison;
    expect(c.attendancePerCapita.value).toBeCloseTo(data.branch.programAggregate.totals.attendance / data.branch.servicePopulation, 5);
    expect(c.attendancePerCapita).toMatchObject({ peerMedian: null, rank: null, quartile: null });
    expect(c.peerCount).toBeNull();
    expect(c.ranking.map((r: any) => r.branch.code)).toEqual(['MCL-PIN']);
  });

  test.each([
    ['STAFF of another branch', { role: 'STAFF' as const, branchCodes: ['RVL-CEN'] }, 'FORBIDDEN'],
    ['PATRON', 'PATRON' as const, 'FORBIDDEN'],
    ['anonymous', undefined, 'UNAUTHENTICATED'],
  ])('%s is refused', async (_, as, code) => {
    const res = await graph.query(`{ branch(code: "MCL-PIN") { name programPeerComparison { attendancePerCapita { value } } } }`, undefined, { as });
    expect((res.body.data as any).branch.name).toBe('Pine Ridge Community Library');
    expect((res.body.data as any).branch.programPeerComparison).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
  });
});
