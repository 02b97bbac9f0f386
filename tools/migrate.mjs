#!/usr/bin/env node
// `npm run migrate`: applies every composed subgraph's pending migrations to
// its database (DATABASE_URL, or the embedded SQLite files), then exits.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, root } from './build.mjs';

build();
const require = createRequire(join(root, 'package.json'));
require('reflect-metadata');
const { COMPOSED_SUBGRAPHS } = require(join(root, 'libs/config/dist/index.js'));
const kit = require(join(root, 'libs/kit/dist/index.js'));
for (const name of COMPOSED_SUBGRAPHS) {
  const mod = require(join(root, 'apps', name, 'dist/index.js'));
  const def = Object.values(mod).find((v) => v && typeof v === 'object' && v.name === name && v.resolvers);
  const db = await kit.openSubgraphDatabase(def, process.env, undefined, kit.createLogger(name));
  await db.close();
  console.log(`${name}: migrated`);
}
