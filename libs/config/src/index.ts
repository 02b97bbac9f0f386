/**
 * The graph's configuration: which services exist, their ports, and every
 * environment variable the processes read, with its safe default. The
 * README's configuration table and docker-compose.yml are checked against
 * this file by a test.
 */

import { NOTIFICATION_VARIABLES } from './notifications';

export * from './notifications';

export type ServiceName = 'gateway' | SubgraphName;
export type SubgraphName = 'libraries' | 'feedback' | 'programs' | 'partners' | 'diversity-metrics';

export interface SubgraphInfo {
  name: SubgraphName;
  port: number;
  /** Environment variable holding the subgraph's URL, as the gateway reaches it. */
  urlVariable: string;
  /** Environment variable holding the port the subgraph listens on. */
  portVariable: string;
}

const subgraph = (name: SubgraphName, port: number): SubgraphInfo => {
  const stem = name.toUpperCase().replace(/-/g, '_');
  return { name, port, urlVariable: `${stem}_URL`, portVariable: `${stem}_PORT` };
};

/** Every subgraph of the contract, with its port from RULES.md §1. */
export const SUBGRAPHS: Record<SubgraphName, SubgraphInfo> = {
  libraries: subgraph('libraries', 4101),
  feedback: subgraph('feedback', 4102),
  programs: subgraph('programs', 4103),
  partners: subgraph('partners', 4104),
  'diversity-metrics': subgraph('diversity-metrics', 4105),
};

/**
 * The subgraphs composed into the gateway: every one in SUBGRAPHS, in that
 * order. Adding a subgraph is its line there (plus `npm run schema` to
 * regenerate `schema/`); the gateway, the schema tools and the integration
 * tests take it from here.
 */
export const COMPOSED_SUBGRAPHS: SubgraphName[] = Object.keys(SUBGRAPHS) as SubgraphName[];

export const GATEWAY_PORT = 4000;

/**
 * V8 flags every process of the graph runs with: `npm start` (tools/start.mjs), `npm run bench`, the
 * Dockerfile and docker-compose.yml (README, Performance → Memory).
 *
 * - `--heap-growing-percent=50`: after each full collection V8 lets the old generation grow to 1.5×
 *   what survived before it collects again, instead of the factor V8 picks from its collection speed,
 *   up to 4× when the heap limit is 2 GB or more (Node's default on a 64-bit machine with 16 GB or
 *   more: 4 GB). Not allowed in NODE_OPTIONS, hence on the command line.
 * - `--max-semi-space-size=8`: the young generation's two halves at most 8 MB each instead of 16.
 *
 * Neither changes the heap limit: a request that needs more live heap still gets it; garbage is
 * collected sooner.
 */
export const NODE_FLAGS: readonly string[] = ['--heap-growing-percent=50', '--max-semi-space-size=8'];

/** RULES.md §3: the smallest count a breakdown of people shows (PRIVACY_MIN_CELL). */
export const DEFAULT_PRIVACY_MIN_CELL = 5;
/** Anonymous feedback submissions per client address per hour (FEEDBACK_ANON_RATE_PER_HOUR). */
export const DEFAULT_FEEDBACK_ANON_RATE_PER_HOUR = 60;
/** Outcome surveys and answer sheets per client per hour (SURVEY_RATE_PER_HOUR). */
export const DEFAULT_SURVEY_RATE_PER_HOUR = 30;

export interface VariableDoc {
  name: string;
  default: string;
  description: string;
  /** Which processes read it. */
  usedBy: 'all' | 'gateway' | 'subgraphs';
}

/** Every environment variable the processes read. Kept in step with the README by a test. */
export const VARIABLES: VariableDoc[] = [
  { name: 'NODE_ENV', default: 'development', usedBy: 'all', description: '`production` turns off development tokens, introspection and the built-in development secrets (a missing secret then stops the process).' },
  { name: 'LOG_LEVEL', default: 'info', usedBy: 'all', description: 'pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent` (anything else stops the process with a clear message).' },
  { name: 'LOG_FORMAT', default: 'pretty on a terminal in development, else json', usedBy: 'all', description: '`json` (one JSON object per line, for log collectors) or `pretty` (human-readable, development only: needs the `pino-pretty` dev dependency).' },
  { name: 'HOST', default: '127.0.0.1', usedBy: 'all', description: 'Address to listen on. Subgraphs stay on loopback unless told otherwise; containers set `0.0.0.0`.' },
  { name: 'PORT', default: 'the service\'s port', usedBy: 'all', description: 'Port of a single process (overrides the per-service `*_PORT`).' },
  { name: 'GATEWAY_PORT', default: '4000', usedBy: 'gateway', description: 'Port of the gateway.' },
  ...Object.values(SUBGRAPHS).flatMap((s): VariableDoc[] => [
    { name: s.portVariable, default: String(s.port), usedBy: 'subgraphs', description: `Port of the ${s.name} subgraph.` },
    { name: s.urlVariable, default: `http://127.0.0.1:${s.port}/graphql`, usedBy: 'all', description: `Where the gateway reaches the ${s.name} subgraph (default: on loopback at \`${s.portVariable}\`)${s.name === 'libraries' || s.name === 'programs' ? `; the other subgraphs ask it here whether a referenced ${s.name === 'libraries' ? 'branch' : 'program'} exists before they write` : ''}.` },
  ]),
  { name: 'DATABASE_URL', default: '(embedded SQLite under ./data/)', usedBy: 'subgraphs', description: 'Absent: one SQLite file per subgraph under `DATA_DIR`. `mysql://user:pass@host:3306/prefix`: MySQL or MariaDB, one database per subgraph named `<prefix>_<subgraph>` (created if missing).' },
  { name: 'DATA_DIR', default: './data', usedBy: 'subgraphs', description: 'Folder of the embedded SQLite files.' },
  { name: 'JWT_SECRET', default: '(development default)', usedBy: 'all', description: 'HS256 key that verifies bearer tokens, at least 32 bytes in production. Required in production unless `JWT_PUBLIC_KEY` is set.' },
  { name: 'JWT_MAX_LIFETIME_SECONDS', default: '86400', usedBy: 'all', description: 'Longest a token may still be valid: a token whose `exp` is further ahead than this (or whose `iat` is in the future) is refused with HTTP 401.' },
  { name: 'JWT_PUBLIC_KEY', default: '', usedBy: 'all', description: 'PEM public key (RS256) that verifies bearer tokens instead of `JWT_SECRET`.' },
  { name: 'JWT_ISSUER', default: '', usedBy: 'all', description: 'When set, tokens must carry this `iss`.' },
  { name: 'JWT_AUDIENCE', default: '', usedBy: 'all', description: 'When set, tokens must carry this `aud`.' },
  { name: 'SUBGRAPH_SECRET', default: '(development default)', usedBy: 'all', description: 'Shared secret the gateway sends in `x-subgraph-secret`; subgraphs refuse GraphQL without it. Required in production.' },
  { name: 'DIRECTORY_CACHE_TTL_MS', default: '5000', usedBy: 'subgraphs', description: 'How long a subgraph reuses an owner\'s answer about a referenced branch or program (RULES.md §4: checked with the owning subgraph before a write; per caller for programs). `0`: ask every time.' },
  { name: 'DIRECTORY_TIMEOUT_MS', default: '3000', usedBy: 'subgraphs', description: 'How long a subgraph waits for the owner of a referenced branch or program; past it the write is refused with `SERVICE_UNAVAILABLE` and nothing is written.' },
  { name: 'DEMO_DATA', default: 'true', usedBy: 'subgraphs', description: 'Load the demo consortium into an empty database at start: a short-lived process of its own (`main.js --prepare-only`) migrates and loads it, then the server starts, so its heap never holds what loading left behind. `false` starts empty.' },
  { name: 'FEEDBACK_ANON_RATE_PER_HOUR', default: String(DEFAULT_FEEDBACK_ANON_RATE_PER_HOUR), usedBy: 'subgraphs', description: 'Anonymous feedback submissions allowed per client address per hour (the suggestion box cannot be flooded).' },
  { name: 'SURVEY_RATE_PER_HOUR', default: String(DEFAULT_SURVEY_RATE_PER_HOUR), usedBy: 'subgraphs', description: 'Outcome surveys (`submitOutcomeSurvey`) and answer sheets (`submitParticipantDemographics`) allowed per client per hour, each counted on its own: per client address for anonymous callers, per `sub` for patrons and analysts; STAFF and ADMIN, who enter paper surveys, are not limited. One client can neither stuff outcome scores nor pad small cells.' },
  { name: 'PRIVACY_MIN_CELL', default: String(DEFAULT_PRIVACY_MIN_CELL), usedBy: 'subgraphs', description: 'Smallest count shown in a demographic or outcome breakdown; smaller cells are withheld.' },
  { name: 'SUBGRAPH_TIMEOUT_MS', default: '10000', usedBy: 'gateway', description: 'Time allowed for one subgraph call; past it that part of the answer is null with an error.' },
  { name: 'OPERATION_TIMEOUT_MS', default: '15000', usedBy: 'gateway', description: 'Deadline of one operation at the gateway: past it, the subgraph calls it still has in flight are aborted and the rest of the answer is null with a `DEADLINE_EXCEEDED` error.' },
  { name: 'JWT_CACHE_SIZE', default: '10000', usedBy: 'all', description: 'Verified tokens each process keeps until their `exp` (least recently used out), so a token\'s signature is checked once, not on every request. `0` checks every time.' },
  { name: 'GATEWAY_MERGE_READS', default: 'true', usedBy: 'gateway', description: 'Identical subgraph reads in flight at once (same subgraph, body, token and client address) share one subgraph call. `false` sends each.' },
  { name: 'MAX_BODY_BYTES', default: '1048576', usedBy: 'all', description: 'Largest request body; larger ones get HTTP 413.' },
  { name: 'ALLOW_INTROSPECTION', default: 'false in production', usedBy: 'all', description: '`true` keeps introspection on in production.' },
  { name: 'MAX_DEPTH', default: '12', usedBy: 'gateway', description: 'Deepest field nesting an operation may have; deeper ones are refused with `OPERATION_LIMIT`.' },
  { name: 'MAX_ALIASES', default: '30', usedBy: 'gateway', description: 'Most aliases in one operation (`OPERATION_LIMIT` above it).' },
  { name: 'MAX_ROOT_FIELDS', default: '20', usedBy: 'gateway', description: 'Most root fields in one operation (`OPERATION_LIMIT` above it).' },
  { name: 'MAX_TOKENS', default: '5000', usedBy: 'gateway', description: 'Most lexical tokens in one document; parsing stops past it (`OPERATION_LIMIT`).' },
  { name: 'MAX_DIRECTIVES', default: '5', usedBy: 'gateway', description: 'Most directives (`@include`, `@skip`, …) in one operation (`OPERATION_LIMIT` above it).' },
  { name: 'MAX_FIELDS', default: '2000', usedBy: 'gateway', description: 'Most fields an operation (or any fragment) may have once its fragments are expanded; measured in linear time before any other check (`OPERATION_LIMIT`, `limit: fields`).' },
  { name: 'MAX_OVERLAPS', default: '10000', usedBy: 'gateway', description: 'Most pairs of fields on one response path (the sum of squares of the fields selected at each place); bounds graphql\'s overlap check, which compares every pair (`OPERATION_LIMIT`, `limit: overlaps`).' },
  { name: 'MAX_NODES', default: '50000', usedBy: 'gateway', description: 'Largest worst-case node count (products of `first` down each path); larger operations are refused before execution with `COST_LIMIT`.' },
  { name: 'RATE_LIMIT_SIGNED_IN_POINTS', default: '6000', usedBy: 'gateway', description: 'Cost budget of a signed-in caller (per `sub`), in points per `RATE_LIMIT_WINDOW_SECONDS`, refilled continuously.' },
  { name: 'RATE_LIMIT_ANONYMOUS_POINTS', default: '600', usedBy: 'gateway', description: 'Cost budget of an anonymous caller (per client address), in points per `RATE_LIMIT_WINDOW_SECONDS`.' },
  { name: 'RATE_LIMIT_WINDOW_SECONDS', default: '60', usedBy: 'gateway', description: 'Time in which a spent budget refills completely.' },
  { name: 'RATE_LIMIT_REDIS_URL', default: '', usedBy: 'gateway', description: 'Redis URL (`redis://host:6379/0`) to keep the cost budgets in, shared by every gateway replica. Empty: in the gateway\'s memory (one replica).' },
  { name: 'RATE_LIMIT_REDIS_PREFIX', default: 'ceg:budget:', usedBy: 'gateway', description: 'Prefix of the budget keys in Redis.' },
  { name: 'SUBGRAPH_MAX_IN_FLIGHT', default: '64', usedBy: 'subgraphs', description: 'GraphQL requests one subgraph process works on at once (its bulkhead); beyond it a read or an aggregate is refused at once (a short write may wait: `SUBGRAPH_MAX_QUEUED_WRITES`) with HTTP 503 `SERVICE_UNAVAILABLE`, which the gateway reports as that service being unavailable for that part of the answer only. Health endpoints are never counted.' },
  { name: 'SUBGRAPH_MAX_HEAVY_IN_FLIGHT', default: '4', usedBy: 'subgraphs', description: 'Of those, how many may be aggregates or reports (`*Aggregate`, `participation`, `representationGaps`, `plsProgramReport`) at once; more are refused the same way, so heavy analysis cannot take every slot from lists and single fetches.' },
  { name: 'SUBGRAPH_MAX_QUEUED_WRITES', default: '1000', usedBy: 'subgraphs', description: 'Mutations that are not aggregates or reports (short writes such as `registerForSession`) that may wait, first come first served, for a slot when all `SUBGRAPH_MAX_IN_FLIGHT` are taken, instead of being refused at once; past it they are refused with 503 as above. Reads never wait. `0`: writes are refused at once like reads.' },
  { name: 'SUBGRAPH_MAX_QUEUE_WAIT_MS', default: '5000', usedBy: 'subgraphs', description: 'Longest time a queued write waits for a slot (keep it below the gateway\'s `SUBGRAPH_TIMEOUT_MS`); then it is refused with 503 and `Retry-After`, having written nothing.' },
  { name: 'DB_STATEMENT_TIMEOUT_MS', default: '5000', usedBy: 'subgraphs', description: 'MySQL/MariaDB: longest time one statement may run (`max_statement_time` on MariaDB, `MAX_EXECUTION_TIME` for reads on MySQL), set on every pool connection; past it the statement is killed and that part of the answer is an `OPERATION_LIMIT` error. SQLite cannot interrupt a statement: there the range and group caps bound each statement (see the README). `0` turns it off.' },
  { name: 'SQLITE_READ_WORKERS', default: '2', usedBy: 'subgraphs', description: 'Embedded SQLite: worker threads with read-only connections that answer reads outside transactions, so that a long statement never holds the event loop (SQLite statements cannot be interrupted). `0` runs every statement on the main thread.' },
  { name: 'AGGREGATE_MAX_GROUPS', default: '5000', usedBy: 'subgraphs', description: 'Most groups one aggregate may return; a larger grouping is refused with `OPERATION_LIMIT` (narrow the range, the interval or the dimensions).' },
  { name: 'AGGREGATE_MAX_GROUPS_PER_REQUEST', default: '5000', usedBy: 'subgraphs', description: 'Most groups all aggregates of one request to a subgraph may return together (aliases included); the aggregates past it are `OPERATION_LIMIT` errors and the rest of the answer is kept. It also bounds the gateway\'s work on one answer: 1,000 suits a 2-core machine (see What one request may use of a subgraph).' },
  { name: 'TRUST_PROXY', default: '(nobody)', usedBy: 'all', description: 'Which proxies may set `X-Forwarded-For` (the client address of anonymous budgets and the feedback limit): a comma list of addresses, CIDRs or `loopback`/`linklocal`/`uniquelocal`, or a hop count. Empty: nobody, the socket address is the client.' },
  { name: 'CORS_ORIGINS', default: 'development: any http://localhost or 127.0.0.1 port; production: none', usedBy: 'gateway', description: 'Comma list of browser origins (`https://library.example.org`) that may call `/graphql` from another origin; `*` allows any. Preflight requests are answered; CSRF prevention still refuses simple requests.' },
  { name: 'METRICS_PORT', default: '', usedBy: 'gateway', description: 'When set, the gateway serves `/metrics` only on this separate port (on `HOST`), for the scraper, and not on the public port.' },
  { name: 'METRICS_TOKEN', default: '', usedBy: 'all', description: 'When set, `/metrics` needs `Authorization: Bearer <token>`. In production the gateway serves `/metrics` on its public port only with a token (without `METRICS_PORT` or `METRICS_TOKEN` it answers 404 there).' },
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', default: '', usedBy: 'all', description: 'OpenTelemetry collector (`http://collector:4318`): when set, traces of HTTP, Express, GraphQL, MySQL and Redis calls (and the gateway\'s query plans) are exported over OTLP and W3C `traceparent` goes from the gateway to the subgraphs. The other standard `OTEL_*` variables apply (e.g. `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_TRACES_SAMPLER`). Empty: tracing is off and its modules are not even loaded.' },
  { name: 'OTEL_SERVICE_NAME', default: 'the process (gateway, libraries, …)', usedBy: 'all', description: 'Service name on exported traces.' },
  { name: 'SHUTDOWN_GRACE_MS', default: '10000', usedBy: 'all', description: 'On SIGTERM, how long in-flight requests may take before the process exits.' },
  ...NOTIFICATION_VARIABLES,
];

export type Env = Record<string, string | undefined>;

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-not-for-production';
export const DEV_SUBGRAPH_SECRET = 'dev-only-subgraph-secret-not-for-production';

export class ConfigError extends Error {}

/** HS256 keys shorter than this are refused in production (RFC 7518 §3.2: a key at least as long as the hash). */
export const MIN_JWT_SECRET_BYTES = 32;
/** Default longest time a token may still be valid (JWT_MAX_LIFETIME_SECONDS). */
export const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 24 * 3600;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Express' `trust proxy`: false (nobody), a hop count, or addresses/CIDRs/names. */
export type TrustProxy = false | number | string[];

export interface CommonConfig {
  production: boolean;
  logLevel: string;
  logFormat: 'json' | 'pretty' | undefined;
  trustProxy: TrustProxy;
  metrics: { port?: number; token?: string };
  host: string;
  jwt: { secret?: string; publicKey?: string; issuer?: string; audience?: string; maxLifetimeSeconds?: number; cacheSize?: number };
  subgraphSecret: string;
  maxBodyBytes: number;
  allowIntrospection: boolean;
  shutdownGraceMs: number;
}

export function intVar(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

export function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Reads what every process needs; in production refuses to start without real secrets. */
export function commonConfig(env: Env = process.env): CommonConfig {
  const production = env.NODE_ENV === 'production';
  const publicKey = env.JWT_PUBLIC_KEY?.replace(/\\n/g, '\n') || undefined;
  let secret = env.JWT_SECRET || undefined;
  let subgraphSecret = env.SUBGRAPH_SECRET || undefined;
  if (production) {
    const missing: string[] = [];
    if (!secret && !publicKey) missing.push('JWT_SECRET (or JWT_PUBLIC_KEY)');
    if (!subgraphSecret) missing.push('SUBGRAPH_SECRET');
    if (missing.length) {
      throw new ConfigError(`NODE_ENV=production needs ${missing.join(' and ')}; there are no built-in secrets in production.`);
    }
    if (secret && Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_BYTES) {
      throw new ConfigError(
        `JWT_SECRET is ${Buffer.byteLength(secret, 'utf8')} bytes; in production it must be at least ${MIN_JWT_SECRET_BYTES} bytes of randomness (for example \`openssl rand -base64 48\`).`,
      );
    }
  } else {
    if (!secret && !publicKey) secret = DEV_JWT_SECRET;
    subgraphSecret ??= DEV_SUBGRAPH_SECRET;
  }
  return {
    production,
    logLevel: logLevel(env),
    logFormat: logFormat(env, production),
    trustProxy: trustProxy(env),
    metrics: { port: env.METRICS_PORT ? intVar(env, 'METRICS_PORT', 0, 1) : undefined, token: env.METRICS_TOKEN || undefined },
    host: env.HOST || '127.0.0.1',
    jwt: {
      secret,
      publicKey,
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
      maxLifetimeSeconds: intVar(env, 'JWT_MAX_LIFETIME_SECONDS', DEFAULT_JWT_MAX_LIFETIME_SECONDS, 1),
      cacheSize: intVar(env, 'JWT_CACHE_SIZE', 10_000, 0),
    },
    subgraphSecret: subgraphSecret!,
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 1024 * 1024, 1),
    allowIntrospection: boolVar(env, 'ALLOW_INTROSPECTION', !production),
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 10_000),
  };
}

/** What one subgraph process lets one request use (RULES.md §6: bulkheads, statement timeout, aggregate caps). */
export interface SubgraphLimits {
  maxInFlight: number;
  maxHeavyInFlight: number;
  /** Short writes that may wait for a slot of the bulkhead. */
  maxQueuedWrites: number;
  maxQueueWaitMs: number;
  statementTimeoutMs: number;
  maxGroups: number;
  maxGroupsPerRequest: number;
  sqliteReadWorkers: number;
}

export function subgraphLimits(env: Env = process.env): SubgraphLimits {
  return {
    maxInFlight: intVar(env, 'SUBGRAPH_MAX_IN_FLIGHT', 64, 1),
    maxHeavyInFlight: intVar(env, 'SUBGRAPH_MAX_HEAVY_IN_FLIGHT', 4, 1),
    maxQueuedWrites: intVar(env, 'SUBGRAPH_MAX_QUEUED_WRITES', 1000, 0),
    maxQueueWaitMs: intVar(env, 'SUBGRAPH_MAX_QUEUE_WAIT_MS', 5000, 0),
    statementTimeoutMs: intVar(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 0),
    maxGroups: intVar(env, 'AGGREGATE_MAX_GROUPS', 5000, 1),
    maxGroupsPerRequest: intVar(env, 'AGGREGATE_MAX_GROUPS_PER_REQUEST', 5000, 1),
    sqliteReadWorkers: intVar(env, 'SQLITE_READ_WORKERS', 2, 0),
  };
}

export function subgraphPort(name: SubgraphName, env: Env = process.env): number {
  return intVar(env, 'PORT', intVar(env, SUBGRAPHS[name].portVariable, SUBGRAPHS[name].port, 1), 1);
}

export function subgraphUrl(name: SubgraphName, env: Env = process.env): string {
  const info = SUBGRAPHS[name];
  return env[info.urlVariable] || `http://127.0.0.1:${intVar(env, info.portVariable, info.port, 1)}/graphql`;
}

/** LOG_LEVEL, refused clearly when pino would not know it. */
export function logLevel(env: Env = process.env): string {
  const raw = (env.LOG_LEVEL || 'info').trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}"`);
  }
  return raw;
}

function logFormat(env: Env, production: boolean): CommonConfig['logFormat'] {
  const raw = env.LOG_FORMAT?.trim().toLowerCase();
  if (!raw) return undefined;
  if (raw !== 'json' && raw !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);
  if (raw === 'pretty' && production) throw new ConfigError('LOG_FORMAT=pretty is for development; production logs are JSON');
  return raw;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]+$/i;

/** TRUST_PROXY: whose X-Forwarded-For is believed. Default: nobody's. */
export function trustProxy(env: Env = process.env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || /^(false|no|off|0)$/i.test(raw)) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const v4 = IPV4.test(address);
    const v6 = !v4 && address.includes(':') && IPV6.test(address);
    const okAddress = PROXY_NAMES.has(address) ? bits === undefined : v4 || v6;
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (v4 ? 32 : 128)) || (v4 && IPV4.test(bits));
    if (!okAddress || !okBits || extra !== undefined) {
      throw new ConfigError(`TRUST_PROXY must be a hop count or a comma list of addresses, CIDRs or loopback/linklocal/uniquelocal; "${entry}" is none of these`);
    }
  }
  return entries;
}

/** Browser origins allowed by CORS: a list, "*" (any), or the development default. */
export type CorsOrigins = '*' | string[] | RegExp;

/** Any http origin on localhost or a loopback address, any port: the development default. */
export const DEV_CORS_ORIGINS = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/** CORS_ORIGINS: comma list of origins, or "*"; default any localhost origin in development and none in production. */
export function corsOrigins(env: Env = process.env): CorsOrigins {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return env.NODE_ENV === 'production' ? [] : DEV_CORS_ORIGINS;
  if (raw === '*') return '*';
  return raw.split(',').map((e) => e.trim()).filter(Boolean).map((entry) => {
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== entry.replace(/\/$/, '')) {
      throw new ConfigError(`CORS_ORIGINS must list origins such as https://library.example.org (scheme, host, optional port; no path); got "${entry}"`);
    }
    return origin;
  });
}

/** The domain rules' settings: read once when a subgraph starts and handed to every request. */
export interface SubgraphSettings {
  /** Smallest count shown in a breakdown of people; smaller cells are withheld. */
  privacyMinCell: number;
  /** Anonymous feedback submissions allowed per client address per hour. */
  anonymousRatePerHour: number;
  /** Outcome surveys and answer sheets allowed per client per hour (each on its own). */
  surveyRatePerHour: number;
}

export function subgraphSettings(env: Env = process.env): SubgraphSettings {
  return {
    privacyMinCell: intVar(env, 'PRIVACY_MIN_CELL', DEFAULT_PRIVACY_MIN_CELL, 1),
    anonymousRatePerHour: intVar(env, 'FEEDBACK_ANON_RATE_PER_HOUR', DEFAULT_FEEDBACK_ANON_RATE_PER_HOUR),
    surveyRatePerHour: intVar(env, 'SURVEY_RATE_PER_HOUR', DEFAULT_SURVEY_RATE_PER_HOUR),
  };
}
