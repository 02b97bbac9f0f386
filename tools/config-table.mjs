#!/usr/bin/env node
// Rewrites the configuration table in README.md from libs/config (VARIABLES):
// node tools/config-table.mjs   (after the config lib is built)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, root } from './build.mjs';

build(['config']);
const require = createRequire(join(root, 'package.json'));
const { VARIABLES } = require(join(root, 'libs/config/dist/index.js'));
const esc = (s) => String(s).replace(/\|/g, '\\|');
const rows = VARIABLES.map((v) => `| \`${v.name}\` | ${v.usedBy} | ${v.default === '' ? '–' : `\`${esc(v.default)}\``} | ${esc(v.description)} |`);
const table = ['| variable | read by | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
const path = join(root, 'README.md');
const readme = readFileSync(path, 'utf8');
const next = readme.replace(/<!-- config:start -->[\s\S]*<!-- config:end -->/, `<!-- config:start -->\n${table}\n<!-- config:end -->`);
writeFileSync(path, next);
console.log(next === readme ? 'README.md configuration table is up to date' : 'README.md configuration table rewritten');
