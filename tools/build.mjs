// Builds the projects (incrementally, with Nx's cache) before a command needs their dist/.
import { spawnSync } from 'node:child_process';
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
