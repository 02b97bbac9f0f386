import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a process loads at start is most of its resident memory. The gateway loads no database layer,
 * schema builder or export library: TypeORM, type-graphql, the SQL drivers, exceljs, ioredis and the
 * explorer's bundle are about 90 MB it never needs there (exceljs is loaded on the first workbook,
 * ioredis only with RATE_LIMIT_REDIS_URL, altair-static on the explorer's first request). Each built
 * `main.js` is run with a preload that lists every module loaded when the process exits.
 */
const root = join(__dirname, '../../../..');
const built = (app: string) => existsSync(join(root, `apps/${app}/dist/main.js`));

/** The modules a built app's main.js loaded before it stopped (a bad LOG_LEVEL stops it right after its imports). */
async function modulesAtStart(app: string): Promise<{ loaded: string[]; packages: Set<string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ceg-modules-'));
  try {
    const preload = join(dir, 'list-modules.js');
    const out = join(dir, 'modules.json');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`);
    const child = spawn(process.execPath, ['-r', preload, join(root, `apps/${app}/dist/main.js`)], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'development', LOG_LEVEL: 'not-a-level' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr: /LOG_LEVEL/.test(stderr) }).toEqual({ code: 1, stderr: true });
    const loaded: string[] = JSON.parse(readFileSync(out, 'utf8'));
    const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.slice(file.lastIndexOf('node_modules/')))?.[1];
    return { loaded, packages: new Set(loaded.map(packageOf).filter((p): p is string => Boolean(p))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NOT_AT_START = ['typeorm', 'type-graphql', 'better-sqlite3', 'mysql2', 'exceljs', 'ioredis', 'altair-static', '@opentelemetry/sdk-node'];

(built('gateway') ? test : test.skip)('the gateway starts without TypeORM, type-graphql, the SQL drivers, exceljs, ioredis or altair-static', async () => {
  const { loaded, packages } = await modulesAtStart('gateway');
  // What the gateway is made of did load (the list is real) …
  for (const p of ['@apollo/gateway', '@apollo/server', 'express', 'jose']) expect(packages).toContain(p);
  // … and the database layer, the schema builder and the lazily loaded libraries did not,
  expect(NOT_AT_START.filter((p) => packages.has(p))).toEqual([]);
  // nor the kit's or the conventions' full entry points (which bring them in): only the kit's runtime.
  expect(loaded.filter((f) => /\/libs\/(kit|conventions)\/dist\/index\.js$|\/libs\/persistence\//.test(f))).toEqual([]);
  expect(loaded.some((f) => f.endsWith('/libs/kit/dist/runtime.js'))).toBe(true);
}, 60_000);

/** The feedback subgraph loads compromise (names) and tinyld (languages) on the first text it screens, not at start. */
(built('feedback') ? test : test.skip)('the feedback subgraph starts without compromise or tinyld', async () => {
  const { packages } = await modulesAtStart('feedback');
  for (const p of ['typeorm', 'type-graphql', 'obscenity', 'sentiment']) expect(packages).toContain(p);
  expect(['compromise', 'tinyld'].filter((p) => packages.has(p))).toEqual([]);
}, 60_000);
