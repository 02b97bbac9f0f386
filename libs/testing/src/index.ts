/**
 * The whole graph in-process for integration tests: every subgraph and the
 * gateway on free ports, each subgraph on a fresh database (in-memory SQLite,
 * or a throwaway MySQL/MariaDB database when TEST_DATABASE_URL is set), and a
 * signed token per role.
 */
import { randomBytes } from 'node:crypto';
import { type Role, signToken } from '@ceg/auth';
import { COMPOSED_SUBGRAPHS, type Env, SUBGRAPHS } from '@ceg/config';
import { DEMO_BRANCHES } from '@ceg/demo-data';
import { type RunningServer, runSubgraph, type SubgraphDefinition } from '@ceg/kit';
import { dropMysqlDatabase } from '@ceg/persistence';

/** At least 32 bytes, like any HS256 key in production (some suites start the graph with NODE_ENV=production). */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-of-at-least-32-bytes';
export const TEST_SUBGRAPH_SECRET = 'test-only-subgraph-secret';
/** Where a subgraph that a test graph leaves out "is": nothing listens on port 1 of loopback. */
export const UNREACHABLE_URL = 'http://127.0.0.1:1/graphql';

export interface GatewayHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface TestGraphOptions {
  subgraphs: SubgraphDefinition[];
  /** Starts the gateway with this environment (subgraph URLs included) on a free port. */
  startGateway: (env: Env) => Promise<GatewayHandle>;
  /** Which subgraphs load their demo data (default: all). */
  demoData?: boolean | string[];
  env?: Env;
}

export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
  headers: Headers;
}

export interface AsOptions {
  /** A role (a demo token is signed) or a raw Authorization header value. */
  as?: Role | { role: Role; sub?: string; branchCodes?: string[]; branchIds?: string[]; name?: string } | { authorization: string };
}

export class TestGraph {
  constructor(
    readonly gateway: GatewayHandle,
    readonly subgraphs: Map<string, RunningServer>,
    readonly env: Env,
    private readonly cleanup: () => Promise<void>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.gateway.port}/graphql`;
  }

  subgraph(name: string): RunningServer {
    const s = this.subgraphs.get(name);
    if (!s) throw new Error(`no subgraph ${name} in this test graph`);
    return s;
  }

  /** A token for a role; STAFF works for RVL-CEN unless other branches are given. */
  async token(role: Role, opts: { sub?: string; branchCodes?: string[]; branchIds?: string[]; name?: string } = {}): Promise<string> {
    const branchIds = opts.branchIds ?? (opts.branchCodes ?? (role === 'STAFF' ? ['RVL-CEN'] : [])).map((c) => DEMO_BRANCHES.find((b) => b.code === c)!.id);
    return signToken({ sub: opts.sub ?? `test-${role.toLowerCase()}`, roles: [role], branchIds, name: opts.name ?? `Test ${role}` }, { secret: TEST_JWT_SECRET });
  }

  async authorization(as: AsOptions['as']): Promise<string | undefined> {
    if (!as) return undefined;
    if (typeof as === 'string') return `Bearer ${await this.token(as)}`;
    if ('authorization' in as) return as.authorization;
    return `Bearer ${await this.token(as.role, as)}`;
  }

  /** POSTs an operation to the gateway. */
  async query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, opts: AsOptions = {}): Promise<GraphResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const authorization = await this.authorization(opts.as);
    if (authorization) headers.authorization = authorization;
    const res = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: text }] };
    }
    return { status: res.status, body, headers: res.headers };
  }

  /** Like query, but fails the test on any error and returns data. */
  async data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, opts: AsOptions = {}): Promise<T> {
    const res = await this.query<T>(query, variables, opts);
    if (res.status !== 200 || res.body.errors?.length) {
      throw new Error(`GraphQL request failed (HTTP ${res.status}): ${JSON.stringify(res.body.errors ?? res.body)}`);
    }
    return res.body.data as T;
  }

  async stop(): Promise<void> {
    await this.cleanup();
  }
}

/** The database the suites run on: in-memory SQLite, or MySQL/MariaDB when TEST_DATABASE_URL is set. */
export function testDatabase(): { dialect: 'sqlite' | 'mysql'; url: (prefix: string) => string } {
  const base = process.env.TEST_DATABASE_URL;
  if (base && /^(mysql|mariadb):/.test(base)) {
    return {
      dialect: 'mysql',
      url: (prefix) => {
        const u = new URL(base);
        u.pathname = `/${prefix}`;
        return u.toString();
      },
    };
  }
  return { dialect: 'sqlite', url: () => 'sqlite::memory:' };
}

export async function startTestGraph(opts: TestGraphOptions): Promise<TestGraph> {
  const db = testDatabase();
  const prefix = `ceg_test_${randomBytes(4).toString('hex')}`;
  const env: Env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    SUBGRAPH_SECRET: TEST_SUBGRAPH_SECRET,
    SHUTDOWN_GRACE_MS: '1000',
    // Suites send many operations from one address; the budget's own tests set small ones.
    RATE_LIMIT_SIGNED_IN_POINTS: '1000000',
    RATE_LIMIT_ANONYMOUS_POINTS: '1000000',
    ...opts.env,
  };
  const subgraphs = new Map<string, RunningServer>();
  const stopAll = async () => {
    await Promise.all([...subgraphs.values()].map((s) => s.stop()));
    if (db.dialect === 'mysql') await Promise.all(opts.subgraphs.map((d) => dropMysqlDatabase(db.url(prefix), d.name)));
  };
  // A subgraph left out of this graph is unreachable (not whatever else listens on its default port): the
  // gateway and the subgraphs that ask it about references see it as down.
  for (const name of COMPOSED_SUBGRAPHS) {
    const variable = SUBGRAPHS[name].urlVariable;
    if (!opts.subgraphs.some((d) => d.name === name) && env[variable] === undefined) env[variable] = UNREACHABLE_URL;
  }
  try {
    // Each subgraph reads its peers' URLs from its own environment when it asks them (directory checks), so
    // every URL is added to every subgraph's environment as its server starts.
    const envs: Env[] = [];
    for (const def of opts.subgraphs) {
      const demo = opts.demoData === undefined || opts.demoData === true || (Array.isArray(opts.demoData) && opts.demoData.includes(def.name));
      const subEnv: Env = { ...env, DEMO_DATA: String(demo) };
      envs.push(subEnv);
      const server = await runSubgraph(def, { env: subEnv, port: 0, databaseUrl: db.url(prefix), defaultMetrics: false });
      subgraphs.set(def.name, server);
      const variable = `${def.name.toUpperCase().replace(/-/g, '_')}_URL`;
      for (const e of [env, ...envs]) e[variable] = server.url;
    }
    const gateway = await opts.startGateway(env);
    return new TestGraph(gateway, subgraphs, env, async () => {
      await gateway.stop();
      await stopAll();
    });
  } catch (e) {
    await stopAll();
    throw e;
  }
}
export * from './notifications';
