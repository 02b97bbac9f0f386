import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The gateway process loads no database layer, schema builder or export library at start: its
 * resident memory is mostly the modules it loads, and TypeORM, type-graphql, the SQL drivers,
 * exceljs, ioredis and the explorer's bundle are about 90 MB it never needs there (exceljs is
 * loaded on the first workbook, ioredis only with RATE_LIMIT_REDIS_URL, altair-static on the
 * explorer's first request). The built `main.js` is run with a preload that lists every module
 * loaded when the process exits; a bad LOG_LEVEL stops it right after its imports, before it listens.
 */
const root = join(__dirname, '../../../..');
const main = join(root, 'apps/gateway/dist/main.js');

const NOT_AT_START = ['typeorm', 'type-graphql', 'better-sqlite3', 'mysql2', 'exceljs', 'ioredis', 'altair-static', '@opentelemetry/sdk-node'];

(existsSync(main) ? test : test.skip)('the gateway starts without TypeORM, type-graphql, the SQL drivers, exceljs, ioredis or altair-static', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ceg-gw-modules-'));
  try {
    const preload = join(dir, 'list-modules.js');
    const out = join(dir, 'modules.json');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`);
    const child = spawn(process.execPath, ['-r', preload, main], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'development', LOG_LEVEL: 'not-a-level' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr: /LOG_LEVEL/.test(stderr) }).toEqual({ code: 1, stderr: true });

    const loaded: string[] = JSON.parse(readFileSync(out, 'utf8'));
    const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.slice(file.lastIndexOf('node_modules/')))?.[1];
    const packages = new Set(loaded.map(packageOf).filter(Boolean));
    // What the gateway is made of did load (the list is real) …
    for (const p of ['@apollo/gateway', '@apollo/server', 'express', 'jose']) expect(packages).toContain(p);
    // … and the database layer, the schema builder and the lazily loaded libraries did not,
    expect(NOT_AT_START.filter((p) => packages.has(p))).toEqual([]);
    // nor the kit's or the conventions' full entry points (which bring them in): only the kit's runtime.
    expect(loaded.filter((f) => /\/libs\/(kit|conventions)\/dist\/index\.js$|\/libs\/persistence\//.test(f))).toEqual([]);
    expect(loaded.some((f) => f.endsWith('/libs/kit/dist/runtime.js'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
