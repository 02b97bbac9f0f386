import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { codes } from './helpers';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Small budgets so that throttling and refill are quick to see: anonymous 3 points, signed-in 4, refilled in 6 s. */
const BUDGET_ENV = { RATE_LIMIT_ANONYMOUS_POINTS: '3', RATE_LIMIT_SIGNED_IN_POINTS: '4', RATE_LIMIT_WINDOW_SECONDS: '6' };
const prefix = `ceg:e2e:${randomBytes(4).toString('hex')}:`;

const stores: [string, Record<string, string>][] = [
  ['in memory', {}],
  ['in Redis', { RATE_LIMIT_REDIS_URL: REDIS_URL, RATE_LIMIT_REDIS_PREFIX: prefix }],
];

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe.each(stores)('cost budget %s', (_name, storeEnv) => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries'], env: { ...BUDGET_ENV, ...storeEnv } });
  });
  afterAll(() => graph?.stop());

  const cost = (res: { body: { extensions?: Record<string, unknown> } }) => res.body.extensions?.cost as any;

  test('an anonymous caller is throttled with HTTP 429 once the budget is spent, and the budget refills', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await graph.query('{ __typename }');
      expect(res.status).toBe(200);
      expect(cost(res).throttleStatus).toMatchObject({ maximumAvailable: 3, restoreRate: 0.5 });
    }
    const refused = await graph.query('{ __typename }');
    expect(refused.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
    expect(codes(refused.body)).toEqual(['THROTTLED']);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect([1, 2]).toContain(retryAfter); // (1 point - what is left) / 0.5 points per second
    expect(refused.body.errors![0].extensions).toMatchObject({ retryAfterSeconds: retryAfter });
    expect(cost(refused).requestedQueryCost).toBe(1);
    expect(cost(refused).throttleStatus.currentlyAvailable).toBeLessThan(1);

    await sleep(retryAfter * 1000);
    const again = await graph.query('{ __typename }');
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ __typename: 'Query' });
  });

  test('signed-in callers have their own budget per sub', async () => {
    const a = { as: { role: 'ANALYST' as const, sub: `throttle-a-${randomBytes(2).toString('hex')}` } };
    const b = { as: { role: 'ANALYST' as const, sub: `throttle-b-${randomBytes(2).toString('hex')}` } };
    // 301 worst-case nodes: 4 points, the whole budget of a signed-in caller.
    const big = '{ x: branches(first: 100) { totalCount } y: branches(first: 100) { totalCount } z: branches(first: 100) { totalCount } w: branches(first: 1) { totalCount } }';
    const spent = await graph.query(big, undefined, a);
    expect(spent.status).toBe(200);
    expect(cost(spent)).toMatchObject({ requestedQueryCost: 4, throttleStatus: { maximumAvailable: 4, restoreRate: 0.67 } });
    expect(cost(spent).throttleStatus.currentlyAvailable).toBeLessThan(1);
    const refused = await graph.query('{ branches(first: 1) { totalCount } }', undefined, a);
    expect(refused.status).toBe(429);
    expect(codes(refused.body)).toEqual(['THROTTLED']);
    const other = await graph.query('{ branches(first: 1) { totalCount } }', undefined, b);
    expect(other.status).toBe(200);
    expect(cost(other).throttleStatus.currentlyAvailable).toBeCloseTo(3, 0);
  });

  test('an operation larger than what is left is refused whole; what is left stays', async () => {
    const a = { as: { role: 'ANALYST' as const, sub: `throttle-c-${randomBytes(2).toString('hex')}` } };
    await graph.query('{ __typename }', undefined, a);
    const big = '{ x: branches(first: 100) { totalCount } y: branches(first: 100) { totalCount } z: branches(first: 100) { totalCount } w: branches(first: 1) { totalCount } }';
    const refused = await graph.query(big, undefined, a);
    expect(refused.status).toBe(429);
    expect(cost(refused).requestedQueryCost).toBe(4);
    expect(cost(refused).throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(3);
  });
});

describe('cost budget in Redis, shared by two gateway replicas', () => {
  let one: TestGraph;
  let two: TestGraph;
  const env = { ...BUDGET_ENV, RATE_LIMIT_REDIS_URL: REDIS_URL, RATE_LIMIT_REDIS_PREFIX: `${prefix}shared:` };
  beforeAll(async () => {
    one = await startGraph({ only: ['libraries'], env });
    two = await startGraph({ only: ['libraries'], env });
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
  });

  test('points spent through one replica are gone on the other', async () => {
    const as = { as: { role: 'PATRON' as const, sub: `replicas-${randomBytes(2).toString('hex')}` } };
    for (let i = 0; i < 4; i++) expect((await one.query('{ __typename }', undefined, as)).status).toBe(200);
    const refused = await two.query('{ __typename }', undefined, as);
    expect(refused.status).toBe(429);
    expect(codes(refused.body)).toEqual(['THROTTLED']);
  });
});
