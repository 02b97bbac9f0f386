import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies, validRange } from 'semver';

const root = join(__dirname, '../../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

/** The lowest Node version of each major line that package.json's `engines` allows: 20.19.0, 22.13.0, … */
function lowestSupported(range: string): string[] {
  return range.split('||').map((part) => minVersion(part.trim())!.version);
}

describe('dependencies', () => {
  test('`engines` matches the dependencies: every installed package accepts the lowest Node of each supported line', () => {
    expect(validRange(pkg.engines.node)).toBeTruthy();
    const lowest = lowestSupported(pkg.engines.node);
    expect(lowest[0]).toMatch(/^20\./);
    const refused: string[] = [];
    for (const [path, entry] of Object.entries<{ engines?: { node?: string } | string[]; optional?: boolean }>(lock.packages)) {
      const wants = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!path || !wants || entry.optional) continue;
      for (const node of lowest) if (!satisfies(node, wants)) refused.push(`${path.replace(/^.*node_modules\//, '')} wants node ${wants}, not ${node}`);
    }
    // (@whatwg-node/promise-helpers 2.x wants Node >= 22.15; `overrides` pins the 1.x line, a superset of its API.)
    expect(refused).toEqual([]);
  });

  test('every runtime dependency is used by the code', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|mjs|js)$/.test(name)) sources.push(readFileSync(path, 'utf8'));
      }
    };
    for (const dir of ['apps', 'libs', 'tools']) walk(join(root, dir));
    const all = sources.join('\n');
    // Pinned so that one copy serves every package that names it as a peer (@opentelemetry/api).
    const peersOfDirect = new Set(
      Object.keys(pkg.dependencies).flatMap((name) => Object.keys((lock.packages[`node_modules/${name}`]?.peerDependencies as object) ?? {})),
    );
    const unused = Object.keys(pkg.dependencies).filter((name) => {
      if (peersOfDirect.has(name)) return false;
      const quoted = new RegExp(`['"\`]${name.replace(/[/.]/g, '\\$&')}(/[^'"\`]*)?['"\`]`);
      return !quoted.test(all);
    });
    expect(unused).toEqual([]);
  });
});
