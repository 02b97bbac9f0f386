import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMPOSED_SUBGRAPHS, GATEWAY_PORT, SUBGRAPHS, type SubgraphName, VARIABLES } from '@ceg/config';

const root = join(__dirname, '../../../..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const known = new Set(VARIABLES.map((v) => v.name));

/** docker-compose.yml must match the code's real configuration. */
describe('docker-compose.yml', () => {
  const services = compose.services as Record<string, any>;
  const subgraphServices = Object.keys(services).filter((s) => s in SUBGRAPHS) as SubgraphName[];

  test('a service per composed subgraph, the gateway and MySQL 8', () => {
    for (const name of COMPOSED_SUBGRAPHS) expect(subgraphServices).toContain(name);
    expect(Object.keys(services).sort()).toEqual(['gateway', 'mysql', ...subgraphServices].sort());
    expect(services.mysql.image).toMatch(/^mysql:8/);
  });

  test.each(Object.keys(SUBGRAPHS))('%s: command, port, health check and variables match the code', (name) => {
    const s = services[name];
    if (!s) return; // not deployed yet
    const info = SUBGRAPHS[name as SubgraphName];
    expect(s.command).toEqual(['node', `apps/${name}/dist/main.js`]);
    expect(s.ports).toBeUndefined();
    expect(String(s.environment[info.portVariable])).toBe(String(info.port));
    expect(s.healthcheck.test.join(' ')).toContain(`127.0.0.1:${info.port}/`);
    for (const key of Object.keys(s.environment)) expect(known).toContain(key);
    expect(s.environment.NODE_ENV).toBe('production');
    expect(s.environment.HOST).toBe('0.0.0.0');
    expect(s.environment.DATABASE_URL).toMatch(/^mysql:\/\/.*@mysql:3306\//);
    expect(services.gateway.environment[info.urlVariable]).toBe(`http://${name}:${info.port}/graphql`);
  });

  test('only the gateway publishes a port, and secrets are variables, never literals', () => {
    expect(services.gateway.ports).toEqual([`${GATEWAY_PORT}:${GATEWAY_PORT}`]);
    expect(String(services.gateway.environment.GATEWAY_PORT)).toBe(String(GATEWAY_PORT));
    for (const key of Object.keys(services.gateway.environment)) expect(known).toContain(key);
    for (const s of Object.values(services)) {
      for (const [key, value] of Object.entries<any>(s.environment ?? {})) {
        if (/SECRET|PASSWORD/.test(key)) expect(String(value)).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
      }
    }
  });

  test('every variable the code reads is in the README configuration table', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const v of VARIABLES) expect(readme).toContain(`\`${v.name}\``);
  });
});
