import { spawn } from 'node:child_process';
import { printSubgraphSchema } from '@apollo/subgraph';
import {
  boolVar, type CommonConfig, commonConfig, ConfigError, type Env, subgraphLimits, subgraphPort, type SubgraphName, type SubgraphSettings, subgraphSettings,
} from '@ceg/config';
import { type Database, type DatabaseOptions, openDatabase } from '@ceg/persistence';
import { exitOnSignals } from './http';
import { directoryClientFromEnv } from './directory-client';
import { createLogger, type Logger } from './logger';
import { buildFederatedSchema, type SubgraphSchemaOptions } from './schema';
import { type BackgroundJob, type RunningServer, startSubgraphServer, type SubgraphServerOptions } from './subgraph-server';

/** Everything a subgraph app declares; the kit does the rest. */
export interface SubgraphDefinition extends SubgraphSchemaOptions {
  name: SubgraphName;
  entities: DatabaseOptions['entities'];
  migrations: DatabaseOptions['migrations'];
  /** Loads demo data into an empty database; returns whether it did. */
  seed?: (db: Database, log: Logger) => Promise<boolean>;
  extendContext?: SubgraphServerOptions['extendContext'];
  /** Settings fixed when the subgraph is defined; otherwise read from the environment at start. */
  settings?: SubgraphSettings;
  /** Work beside serving requests and the routes it needs (the notification dispatcher and unsubscribe links). */
  background?: (ctx: BackgroundContext) => BackgroundSetup;
  /**
   * HTTP routes of the subgraph's own beside GraphQL (programs: calendar feeds). They are served without the
   * kit's secret check: each route decides (e.g. demands `x-subgraph-secret`, or a signed token in its path).
   */
  httpRoutes?: (ctx: BackgroundContext) => (app: import('express').Express) => void;
}

export interface BackgroundContext {
  name: SubgraphName;
  db: Database;
  env: Env;
  config: CommonConfig;
  log: Logger;
}

export interface BackgroundSetup {
  routes?: (app: import('express').Express) => void;
  /** Added to every request's context. */
  context?: Record<string, unknown>;
  /** Called once the server listens, with its base URL (http://host:port). */
  start?: (baseUrl: string) => BackgroundJob | undefined;
}

export interface RunOptions {
  env?: Env;
  /** Overrides the configured port (0: any free port). */
  port?: number;
  /** Overrides DATABASE_URL. */
  databaseUrl?: string;
  log?: Logger;
  defaultMetrics?: boolean;
  /** Loads demo data into an empty database (when DEMO_DATA allows); default true. */
  seed?: boolean;
}

/**
 * The subgraph definition an app's module exports (its index.ts), found by
 * name: how tools and tests load a subgraph from its name alone.
 */
export function subgraphDefinitionOf(mod: Record<string, unknown>, name: SubgraphName): SubgraphDefinition {
  const def = Object.values(mod).find((v): v is SubgraphDefinition =>
    !!v && typeof v === 'object' && (v as SubgraphDefinition).name === name && Array.isArray((v as SubgraphDefinition).resolvers));
  if (!def) throw new Error(`apps/${name}/src/index.ts exports no subgraph definition named ${name}`);
  return def;
}

/** The subgraph's SDL as the gateway composes it. */
export async function printSubgraphSdl(def: SubgraphDefinition): Promise<string> {
  return printSubgraphSchema(await buildFederatedSchema(def));
}

/** Opens and migrates the subgraph's database. */
export async function openSubgraphDatabase(def: SubgraphDefinition, env: Env, databaseUrl?: string, log?: Logger): Promise<Database> {
  const db = await openDatabase({
    service: def.name,
    databaseUrl: databaseUrl ?? env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    entities: def.entities,
    migrations: def.migrations,
    onQuery: log?.isLevelEnabled('trace') ? (sql) => log.trace({ sql }, 'sql') : undefined,
    statementTimeoutMs: subgraphLimits(env).statementTimeoutMs,
    readWorkers: subgraphLimits(env).sqliteReadWorkers,
  });
  const applied = await db.migrate();
  if (applied.length) log?.info({ migrations: applied }, 'migrations applied');
  return db;
}

/** Migrates, loads demo data into an empty database (unless DEMO_DATA=false), and serves. */
export async function runSubgraph(def: SubgraphDefinition, opts: RunOptions = {}): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  const config = commonConfig(env);
  // Read once, here: the run's environment first, then the process's (a test may set one variable for a whole graph).
  const settings = def.settings ?? subgraphSettings(opts.env ? { ...process.env, ...opts.env } : process.env);
  const log = opts.log ?? createLogger(def.name, config);
  const db = await openSubgraphDatabase(def, env, opts.databaseUrl, log);
  try {
    if (opts.seed !== false) await seedDemoData(def, db, env, log);
    const schema = await buildFederatedSchema(def);
    const background = def.background?.({ name: def.name, db, env: opts.env ? { ...process.env, ...opts.env } : process.env, config, log });
    const server = await startSubgraphServer({
      name: def.name,
      schema,
      db,
      config,
      settings,
      log,
      port: opts.port ?? subgraphPort(def.name, env),
      extendContext: background?.context ? (c) => ({ ...def.extendContext?.(c), ...background.context }) : def.extendContext,
      defaultMetrics: opts.defaultMetrics,
      limits: subgraphLimits(env),
      // The environment object itself, read when an owner is asked: a test graph adds its subgraphs' URLs as they start.
      directory: directoryClientFromEnv(env, config.subgraphSecret),
      routes: (app) => {
        def.httpRoutes?.({ name: def.name, db, env: opts.env ? { ...process.env, ...opts.env } : process.env, config, log })(app);
        background?.routes?.(app);
      },
    });
    const job = background?.start?.(server.url.replace(/\/graphql$/, ''));
    if (!job) return server;
    const stopServer = server.stop;
    let stopped: Promise<void> | undefined;
    return Object.assign(server, {
      background: job,
      stop: () => (stopped ??= job.stop().catch((err) => log.error({ err }, 'background work did not stop cleanly')).then(stopServer)),
    });
  } catch (e) {
    await db.close();
    throw e;
  }
}

async function seedDemoData(def: SubgraphDefinition, db: Database, env: Env, log: Logger): Promise<void> {
  if (!def.seed || !boolVar(env, 'DEMO_DATA', true)) return;
  const started = Date.now();
  if (await def.seed(db, log)) log.info({ ms: Date.now() - started }, 'demo data loaded');
}

/** The argument with which a subgraph's entry point only migrates and loads the demo data, then exits. */
const PREPARE_ONLY = '--prepare-only';

/**
 * Migrates and loads the demo data in a process of its own, which exits when done: building the demo rows
 * (programs: about 80,000 registrations) leaves 100–200 MB of garbage and grown heap that V8 does not give
 * back, and the serving process should not start with it.
 */
function prepareApart(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], PREPARE_ONLY], { stdio: ['ignore', 'inherit', 'inherit'] });
    // Stopped while it loads: the loading process stops too.
    const stop = () => child.kill('SIGTERM');
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      if (code === 0) resolve();
      else reject(new Error(`${name}: loading the demo data failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Process entry point of a subgraph app. */
export function main(def: SubgraphDefinition): void {
  if (process.argv.includes(PREPARE_ONLY)) {
    Promise.resolve()
      .then(async () => {
        const log = createLogger(def.name, commonConfig(process.env));
        const db = await openSubgraphDatabase(def, process.env, undefined, log);
        try {
          await seedDemoData(def, db, process.env, log);
        } finally {
          await db.close();
        }
      })
      .then(() => process.exit(0))
      .catch((err) => {
        if (err instanceof ConfigError) console.error(`${def.name}: ${err.message}`);
        else console.error(`${def.name}: loading the demo data failed:`, err);
        process.exit(1);
      });
    return;
  }
  Promise.resolve()
    .then(async () => {
      commonConfig(process.env); // a configuration mistake is said once, by this process
      // An in-memory database lives in this process only: it is loaded here.
      const inMemory = process.env.DATABASE_URL === 'sqlite::memory:';
      const apart = Boolean(def.seed && process.argv[1] && !inMemory && boolVar(process.env, 'DEMO_DATA', true));
      if (apart) await prepareApart(def.name);
      return runSubgraph(def, { seed: !apart });
    })
    .then((server) => exitOnSignals(server.stop, server.log))
    .catch((err) => {
      if (err instanceof ConfigError) console.error(`${def.name}: ${err.message}`);
      else console.error(`${def.name} failed to start:`, err);
      process.exit(1);
    });
}
