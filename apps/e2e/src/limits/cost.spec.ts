import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { codes, raw } from './helpers';

/**
 * Worst-case cost through the real gateway: the figures of the typical
 * operations listed in apps/gateway/README.md, the node limit at its
 * threshold, and `extensions.cost` on every kind of response.
 */
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

  /** The operations of the README's "Cost of typical operations" table (the libraries part of the graph). */
  test.each([
    ['branch directory page', 20, 1, '{ branches(first: 20) { nodes { code name address { city } } pageInfo { hasNextPage endCursor } totalCount } }'],
    ['one branch with its system and consortium', 0, 1, '{ branch(code: "RVL-CEN") { name system { name } consortium { name } } }'],
    ['consortia with their systems', 10_100, 101, '{ consortia { code systems { code name } } }'],
    ['consortia with their branches', 10_100, 101, '{ consortia { code branches { code name } } }'],
    ['every branch (100) with its system\'s branches', 10_100, 101, '{ branches(first: 100) { nodes { code system { branches { code } } } } }'],
    ['a mutation', 0, 1, 'mutation { createConsortium(input: { code: "COST-1", name: "Cost" }) { consortium { id } userErrors { code } } }'],
  ])('%s: %d nodes, %d points', async (_name, _nodes, points, query) => {
    const res = await graph.query(query, undefined, { as: 'ADMIN' });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.extensions as any).cost.requestedQueryCost).toBe(points);
  });

  /** The feedback and programs rows of the README's table: the calculator counts whatever subgraphs are composed. */
  test.each([
    ['feedback inbox', 5050, 51, '{ feedbackItems(first: 50) { nodes { subject status branch { name } responses { body } tags } pageInfo { endCursor } } }'],
    ['feedback dashboard', 100, 1, '{ consortium(code: "RVL") { feedbackAggregate(groupBy: [CATEGORY]) { totals { count } groups { key { category } measures { count averageRating } } } } }'],
    ['programs with their next sessions', 220, 3, '{ programs(first: 20) { nodes { title sessions(first: 10) { nodes { startsAt } } } } }'],
    ['branches with programs and sessions', 6050, 61, '{ branches(first: 50) { nodes { name programs(first: 20) { nodes { title sessions(first: 5) { nodes { startsAt } } } } } } }'],
  ])('%s: %d nodes, %d points', async (_name, _nodes, points, query) => {
    const res = await graph.query(query, undefined, { as: 'ADMIN' });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.extensions as any).cost.requestedQueryCost).toBe(points);
  });

  test('every registration of every session of every program: 1,010,100 nodes, refused', async () => {
    const res = await graph.query('{ programs(first: 100) { nodes { sessions(first: 100) { nodes { registrations(first: 100) { nodes { id } } } } } } }', undefined, { as: 'ADMIN' });
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['COST_LIMIT']);
    expect((res.body.extensions as any).cost.requestedQueryCost).toBe(10101);
  });

  test('50,000 worst-case nodes are served; 50,001 are refused before execution with COST_LIMIT', async () => {
    const op = `query ($last: Int) {
      ${['a', 'b', 'c', 'd'].map((a) => `${a}: consortia { branches { id } }`).join('\n')}
      e: branches(first: 95) { nodes { system { branches { id } } } }
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
    const deep = '{ consortia { systems { branches { system { branches { id } } } } } }'; // 100 + 10^4 + 10^6 + …
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
