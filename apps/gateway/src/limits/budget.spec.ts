import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { type BudgetStore, MemoryBudgetStore, RedisBudgetStore } from './budget';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const limit = { capacity: 10, refillPerSecond: 5 };

describe('MemoryBudgetStore', () => {
  test('spends, refuses when spent, refills continuously up to the capacity', async () => {
    let now = 1_000_000;
    const store = new MemoryBudgetStore(() => now);
    expect(await store.take('a', 0, limit)).toEqual({ allowed: true, available: 10, retryAfterSeconds: 0 });
    expect(await store.take('a', 8, limit)).toMatchObject({ allowed: true, available: 2 });
    expect(await store.take('a', 3, limit)).toEqual({ allowed: false, available: 2, retryAfterSeconds: 1 });
    expect(await store.take('b', 3, limit)).toMatchObject({ allowed: true, available: 7 }); // another caller
    now += 200; // +1 point
    expect(await store.take('a', 3, limit)).toMatchObject({ allowed: true, available: 0 });
    now += 60_000;
    expect(await store.take('a', 0, limit)).toMatchObject({ available: 10 });
  });

  test('forgets the least recently used buckets when it grows', async () => {
    const store = new MemoryBudgetStore(Date.now, 10);
    for (let i = 0; i < 50; i++) await store.take(`k${i}`, 1, limit);
    expect((store as any).buckets.size).toBeLessThanOrEqual(10);
  });
});

describe('RedisBudgetStore (real Redis)', () => {
  const prefix = `ceg:test:${randomBytes(4).toString('hex')}:`;
  let store: BudgetStore;
  let redis: Redis;
  beforeAll(() => {
    store = new RedisBudgetStore(REDIS_URL, prefix);
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await store.close();
    await redis.quit();
  });

  test('spends, refuses when spent and refills on Redis time', async () => {
    expect(await store.take('a', 8, limit)).toMatchObject({ allowed: true });
    const refused = await store.take('a', 5, limit);
    expect(refused.allowed).toBe(false);
    expect(refused.available).toBeLessThan(5);
    expect(refused.retryAfterSeconds).toBe(1);
    await new Promise((r) => setTimeout(r, 700)); // +3.5 points
    expect(await store.take('a', 5, limit)).toMatchObject({ allowed: true });
    expect(await redis.pttl(`${prefix}a`)).toBeGreaterThan(0); // expires once full again
  });

  test('is atomic under concurrency: exactly capacity single points are granted', async () => {
    const slow = { capacity: 10, refillPerSecond: 0.001 };
    const results = await Promise.all(Array.from({ length: 30 }, () => store.take('c', 1, slow)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  test('two stores (two gateway replicas) share one budget', async () => {
    const other = new RedisBudgetStore(REDIS_URL, prefix);
    try {
      expect(await store.take('shared', 10, limit)).toMatchObject({ allowed: true });
      expect(await other.take('shared', 5, limit)).toMatchObject({ allowed: false });
    } finally {
      await other.close();
    }
  });

  test('fails open (and reports) when Redis is unreachable', async () => {
    const errors: unknown[] = [];
    const down = new RedisBudgetStore('redis://127.0.0.1:1/0', prefix, (e) => errors.push(e));
    try {
      expect(await down.take('x', 5, limit)).toEqual({ allowed: true, available: 10, retryAfterSeconds: 0 });
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await down.close();
    }
  });
});
