import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, parse } from 'graphql';
import { operationCost } from '@ceg/gateway';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { codes, raw } from './helpers';

/**
 * Worst-case cost through the real gateway: the figures of the typical
 * operations listed in apps/gateway/README.md, the node limit at its
 * threshold, and `extensions.cost` on every kind of response.
 */
const apiSchema = buildSchema(readFileSync(resolve(__dirname, '../../../../schema/api.graphql'), 'utf8'));

describe('cost of operations (default limits)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    // The budgets of RULES.md §6 (test graphs otherwise get large ones).
    graph = await startGraph({ env: { RATE_LIMIT_SIGNED_IN_POINTS: '6000', RATE_LIMIT_ANONYMOUS_POINTS: '600' } });
  });
  afterAll(() => graph?.stop());

  const costOf = async (query: string, variables?: Record<string, unknown>) => {
    const res = await graph.query(query, variables, { as: 'ANALYST' });
    expect(res.body.errors).toBeUndefined();
    return (res.body.extensions as any).cost.requestedQueryCost as number;
  };

  /**
   * The README's "Cost of typical operations": each runs on the demo graph,
   * the nodes it really returns (items of every list of objects in the
   * answer) are counted, and the charge is compared with them: never less
   * than what came back, and within 2× of what the answer itself would cost
   * (points of the returned nodes).
   */
  const TYPICAL: [name: string, nodes: number, points: number, query: string][] = [
    ['branch directory page', 20, 1, '{ branches(first: 20) { nodes { code name address { city } } pageInfo { hasNextPage endCursor } totalCount } }'],
    ['one branch with its system and consortium', 0, 1, '{ branch(code: "RVL-CEN") { name system { name } consortium { name } } }'],
    ['consortia with their systems', 5, 1, '{ consortia { code systems { code name } } }'],
    ['consortia with their branches', 16, 1, '{ consortia { code branches { code name } } }'],
    ['the directory: consortia, systems, branches', 25, 1, '{ consortia { systems { branches { code } } } }'],
    ['the website\'s directory page', 20, 1, '{ consortia { name systems { name } branches { code name } } }'],
    ['a page of branches with their system\'s branches', 120, 2, '{ branches(first: 20) { nodes { code system { branches { code } } } } }'],
    ['feedback inbox', 150, 2, '{ feedbackItems(first: 50) { nodes { subject status branch { name } responses { body } tags } pageInfo { endCursor } } }'],
    ['feedback dashboard', 35, 1, '{ consortium(code: "CVLC") { feedbackAggregate(groupBy: [CATEGORY]) { totals { count } groups { key { category } measures { count averageRating } } } } }'],
    ['programs dashboard: a year by month per system', 156, 2, '{ consortium(code: "CVLC") { systems { name programAggregate(groupBy: [PERIOD], interval: MONTH) { totals { sessionCount } groups { key { period } measures { sessionCount attendance } } } } } }'],
    ['programs with their next sessions', 220, 3, '{ programs(first: 20) { nodes { title sessions(first: 10) { nodes { startsAt } } } } }'],
    ['branches with programs and sessions', 1452, 15, '{ branches(first: 12) { nodes { name programs(first: 20) { nodes { title sessions(first: 5) { nodes { startsAt } } } } } } }'],
    ['partners with their partnerships and branches', 180, 2, '{ partners(first: 20) { nodes { name partnerships { status branches { code } } } } }'],
    ['a mutation', 0, 1, 'mutation { createConsortium(input: { code: "COST-1", name: "Cost" }) { consortium { id } userErrors { code } } }'],
  ];

  /** Items of every list of objects in an answer. */
  const returnedNodes = (value: unknown): number => {
    if (Array.isArray(value)) return value.reduce((n: number, v) => n + (v && typeof v === 'object' ? 1 + returnedNodes(v) : 0), 0);
    if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + returnedNodes(v), 0);
    return 0;
  };
  const points = (nodes: number) => Math.max(1, Math.ceil(nodes / 100));

  test.each(TYPICAL)('%s: %d nodes, %d points, within 2× of what the demo graph returns', async (_name, nodes, charged, query) => {
    expect(operationCost(apiSchema, parse(query)).nodes).toBe(nodes);
    const res = await graph.query(query, undefined, { as: 'ADMIN' });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.extensions as any).cost.requestedQueryCost).toBe(charged);
    const returned = returnedNodes(res.body.data);
    expect(nodes).toBeGreaterThanOrEqual(returned);
    expect(charged).toBeLessThanOrEqual(2 * points(returned));
    expect(points(returned)).toBeLessThanOrEqual(2 * charged);
  });

  test('the directory `consortia { systems { branches { code } } }` runs (it was refused with COST_LIMIT: 1,010,100 nodes)', async () => {
    const res = await graph.query('{ consortia { systems { branches { code } } } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as any).consortia[0].systems.flatMap((s: any) => s.branches)).toHaveLength(12);
    expect((res.body.extensions as any).cost.requestedQueryCost).toBe(1);
  });

  test('the website\'s directory page costs an anonymous visitor 1 point, not 201', async () => {
    const res = await graph.query('{ consortia { name systems { name } branches { code name } } }', undefined, { as: undefined });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.extensions as any).cost).toMatchObject({ requestedQueryCost: 1, throttleStatus: { maximumAvailable: 600 } });
  });

  describe('the ANALYST attack: 20 aliases of a year of programs by branch, service area and day', () => {
    const alias = (i: number) =>
      `a${i}: programAggregate(from: $from, to: $to, groupBy: [BRANCH, SERVICE_AREA, PERIOD], interval: DAY) { groups { key { period serviceArea branch { code } } measures { sessionCount attendance registrationCount } } }`;
    const op = (n: number) => `query ($from: DateTime, $to: DateTime) { ${Array.from({ length: n }, (_, i) => alias(i)).join(' ')} }`;
    const to = new Date();
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const variables = { from: from.toISOString(), to: to.toISOString() };
    // 15 branches in scope × 9 service areas × 366 days, and the scan
    const perAlias = 25 + 15 * 9 * 366;

    test('is charged what it can return and refused with COST_LIMIT (it was 20 points)', async () => {
      const res = await graph.query(op(20), variables, { as: { role: 'ANALYST', sub: 'analyst-attack' } });
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(codes(res.body)).toEqual(['COST_LIMIT']);
      expect(res.body.errors![0].message).toContain(`${20 * perAlias} nodes`);
      expect((res.body.extensions as any).cost.throttleStatus.currentlyAvailable).toBe(6000);
    });

    test('one alias is served and charged its groups', async () => {
      const res = await graph.query(op(1), variables, { as: { role: 'ANALYST', sub: 'analyst-one' } });
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as any).a0.groups.length).toBeLessThanOrEqual(perAlias);
      expect((res.body.extensions as any).cost.requestedQueryCost).toBe(Math.ceil(perAlias / 100));
    });
  });

  test('every registration of every session of every program: 1,010,100 nodes, refused', async () => {
    const res = await graph.query('{ programs(first: 100) { nodes { sessions(first: 100) { nodes { registrations(first: 100) { nodes { id } } } } } } }', undefined, { as: 'ADMIN' });
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['COST_LIMIT']);
    expect((res.body.extensions as any).cost.requestedQueryCost).toBe(10101);
  });

  test('50,000 worst-case nodes are served; 50,001 are refused before execution with COST_LIMIT', async () => {
    const op = `query ($last: Int) {
      ${['a', 'b', 'c', 'd'].map((a) => `${a}: branches(first: 100) { nodes { programs(first: 100) { nodes { id } } } }`).join('\n')}
      e: programs(first: 95) { nodes { sessions(first: 100) { nodes { id } } } }
      f: branches(first: $last) { totalCount }
    }`;
    expect(await costOf(op, { last: 5 })).toBe(500); // 4 × 10,100 + 95 × 101 + 5 = 50,000
    const res = await graph.query(op, { last: 6 }, { as: 'ANALYST' });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(codes(res.body)).toEqual(['COST_LIMIT']);
    expect(res.body.errors![0].message).toMatch(/50001 nodes; the limit is 50000/);
    expect((res.body.extensions as any).cost).toMatchObject({ requestedQueryCost: 501, throttleStatus: { maximumAvailable: 6000, currentlyAvailable: expect.any(Number), restoreRate: 100 } });
  });

  test('a refused operation costs nothing', async () => {
    const deep = '{ programs(first: 100) { nodes { sessions(first: 100) { nodes { registrations(first: 100) { nodes { id } } } } } } }';
    const first = await graph.query(deep, undefined, { as: { role: 'ANALYST', sub: 'cost-refused' } });
    expect(codes(first.body)).toEqual(['COST_LIMIT']);
    expect((first.body.extensions as any).cost.throttleStatus.currentlyAvailable).toBe(6000);
  });

  describe('extensions.cost is on every response', () => {
    const shape = {
      requestedQueryCost: expect.any(Number),
      throttleStatus: { maximumAvailable: expect.any(Number), currentlyAvailable: expect.any(Number), restoreRate: expect.any(Number) },
    };
    test.each([
      ['success', '{ branches(first: 2) { nodes { code } } }', 200],
      ['parse error', '{ branches(', 400],
      ['validation error', '{ nope }', 400],
      ['operation limit', `{ ${Array(21).fill('__typename').join(' ')} }`, 400],
      ['error from a subgraph', '{ branches(first: 101) { totalCount } }', 200],
    ])('%s', async (_name, query, status) => {
      const res = await graph.query(query, undefined, { as: 'PATRON' });
      expect(res.status).toBe(status);
      expect((res.body.extensions as any)?.cost).toEqual(shape);
    });

    test('anonymous callers see the anonymous budget', async () => {
      const res = await graph.query('{ __typename }');
      expect((res.body.extensions as any).cost).toEqual({ requestedQueryCost: 1, throttleStatus: { maximumAvailable: 600, currentlyAvailable: 599, restoreRate: 10 } });
    });

    test('mutation over GET (405)', async () => {
      const res = await raw(graph, { method: 'GET', search: `?query=${encodeURIComponent('mutation { __typename }')}`, headers: { 'apollo-require-preflight': 'true' } });
      expect(res.status).toBe(405);
      expect(res.body.extensions.cost).toEqual(shape);
    });
  });
});
