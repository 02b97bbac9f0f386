// Builds the projects (incrementally, with Nx's cache) before a command needs their dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function build(projects) {
  const args = ['nx', 'run-many', '-t', 'build', '--output-style=static', ...(projects ? ['-p', projects.join(',')] : [])];
  const r = spawnSync('npx', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    console.error('build failed');
    process.exit(1);
  }
}

function newest(dir, pick) {
  let t = 0;
  let entries = [];
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return 0; }
  for (const e of entries) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p, pick) : pick(statSync(p).mtimeMs));
  }
  return t;
}

/**
 * Builds the given libraries only when a source is newer than its dist/ (a
 * quick look at file times instead of starting Nx): `npm run token` answers
 * at once when nothing changed.
 */
export function buildIfStale(libs) {
  const stale = libs.some((lib) => {
    const dir = join(root, 'libs', lib);
    const built = existsSync(join(dir, 'dist/index.js')) ? statSync(join(dir, 'dist/index.js')).mtimeMs : 0;
    return !built || newest(join(dir, 'src'), (m) => m) > built;
  });
  if (stale) build(libs);
}
