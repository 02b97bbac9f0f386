import type Redis from 'ioredis';

/** A caller's budget: `capacity` points, refilled continuously at `capacity / windowSeconds` per second. */
export interface BudgetLimit {
  capacity: number;
  refillPerSecond: number;
}

export interface BudgetResult {
  allowed: boolean;
  /** Points left after this request (fractional: the bucket refills continuously). */
  available: number;
  /** When not allowed: seconds until enough points have come back. */
  retryAfterSeconds: number;
}

/**
 * Where the token buckets live. `take(key, 0, …)` reads a bucket without
 * spending. A bucket that was never used (or has refilled and expired) is full.
 */
export interface BudgetStore {
  take(key: string, cost: number, limit: BudgetLimit): Promise<BudgetResult>;
  close(): Promise<void>;
}

const retryAfter = (cost: number, available: number, limit: BudgetLimit) =>
  Math.max(1, Math.ceil((Math.min(cost, limit.capacity) - available) / limit.refillPerSecond));

/** One gateway process: the buckets in a Map, full ones dropped when it grows. */
export class MemoryBudgetStore implements BudgetStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  async take(key: string, cost: number, limit: BudgetLimit): Promise<BudgetResult> {
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = bucket ? Math.min(limit.capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * limit.refillPerSecond) : limit.capacity;
    const allowed = tokens >= cost;
    if (allowed) tokens -= cost;
    this.buckets.delete(key); // re-insert: Map order is then least recently used first
    this.buckets.set(key, { tokens, at: Math.max(now, bucket?.at ?? 0) });
    if (this.buckets.size > this.maxEntries) this.evict();
    return { allowed, available: tokens, retryAfterSeconds: allowed ? 0 : retryAfter(cost, tokens, limit) };
  }

  private evict() {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxEntries * 0.9) break;
      this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

/**
 * The refilling bucket as one atomic Lua script, on Redis's clock, so that
 * every gateway replica spends from the same budget. The bucket is a hash
 * {tokens, ts} that expires once it would be full again.
 */
export const TOKEN_BUCKET_LUA = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * per_ms)
  ts = now
end
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / per_ms) + 1000)
return { allowed, tostring(tokens) }
`;

type RedisWithBucket = Redis & { tokenBucket(key: string, capacity: number, perMs: number, cost: number): Promise<[number, string]> };

export class RedisBudgetStore implements BudgetStore {
  private readonly redis: RedisWithBucket;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    // ioredis is loaded only when the budgets live in Redis (RATE_LIMIT_REDIS_URL).
    const { default: RedisClient } = require('ioredis') as typeof import('ioredis');
    const redis = new RedisClient(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, enableOfflineQueue: true });
    redis.on('error', (err) => this.onError(err));
    redis.defineCommand('tokenBucket', { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
    this.redis = redis as RedisWithBucket;
  }

  /**
   * If Redis cannot be reached the request goes through (the budget fails
   * open: the static limits and the node limit still apply) and the error is
   * reported, so that an outage of the budget store does not take the graph down.
   */
  async take(key: string, cost: number, limit: BudgetLimit): Promise<BudgetResult> {
    try {
      const [allowed, tokens] = await this.redis.tokenBucket(this.prefix + key, limit.capacity, limit.refillPerSecond / 1000, cost);
      const available = Number(tokens);
      return { allowed: allowed === 1, available, retryAfterSeconds: allowed === 1 ? 0 : retryAfter(cost, available, limit) };
    } catch (err) {
      this.onError(err);
      return { allowed: true, available: limit.capacity, retryAfterSeconds: 0 };
    }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
