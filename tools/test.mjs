#!/usr/bin/env node
// `npm test`: every project's tests on SQLite; when TEST_DATABASE_URL is set
// (mysql://…), the database-backed suites again on MySQL/MariaDB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, root } from './build.mjs';

const DATABASE_SUITES = ['e2e', 'persistence'];
const extra = process.argv.slice(2);
const out = mkdtempSync(join(tmpdir(), 'ceg-test-'));
let passed = 0;
let failed = 0;
let ok = true;

function jest(label, env, args) {
  console.log(`\n== ${label}`);
  const file = join(out, `${label.replace(/\W+/g, '-')}.json`);
  const r = spawnSync('npx', ['jest', '--maxWorkers=2', '--forceExit', '--json', `--outputFile=${file}`, ...args, ...extra], { cwd: root, env, stdio: 'inherit' });
  try {
    const result = JSON.parse(readFileSync(file, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
  } catch {
    failed += 1;
  }
  if (r.status !== 0) ok = false;
}

// The process tests start the built apps, so build first (cached by Nx).
console.log('Building…');
build();
// The browser test drives Debian's chromium; install it when it is missing (it skips, loudly, if that fails).
if (!existsSync('/usr/bin/chromium')) spawnSync(join(root, 'tools/install-chromium.sh'), { cwd: root, stdio: 'inherit' });
const { TEST_DATABASE_URL, ...sqliteEnv } = process.env;
jest('all suites on SQLite', sqliteEnv, []);
if (TEST_DATABASE_URL) {
  jest(`database suites on ${new URL(TEST_DATABASE_URL).protocol.replace(':', '')}`, { ...process.env }, ['--selectProjects', ...DATABASE_SUITES]);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
