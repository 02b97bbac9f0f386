#!/usr/bin/env node
// Regenerates schema/supergraph.graphql, schema/api.graphql and each
// subgraph's own part, schema/subgraphs/<name>.graphql, from the subgraphs'
// code (built first, incrementally): `npm run schema`.
// With --check, fails instead of writing when the committed files are stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { build, root } from './build.mjs';

build();
const require = createRequire(join(root, 'package.json'));
require('reflect-metadata');
const { COMPOSED_SUBGRAPHS, SUBGRAPHS } = require(join(root, 'libs/config/dist/index.js'));
const kit = require(join(root, 'libs/kit/dist/index.js'));

const subgraphs = [];
for (const name of COMPOSED_SUBGRAPHS) {
  const mod = require(join(root, 'apps', name, 'dist/index.js'));
  const def = kit.subgraphDefinitionOf(mod, name);
  subgraphs.push({ name, url: `http://127.0.0.1:${SUBGRAPHS[name].port}/graphql`, sdl: await kit.printSubgraphSdl(def) });
}
const composed = kit.composeSupergraph(subgraphs);
for (const hint of composed.hints) console.warn(`hint: ${hint}`);
const files = { 'schema/supergraph.graphql': composed.supergraph, 'schema/api.graphql': composed.api };
for (const s of subgraphs) files[`schema/subgraphs/${s.name}.graphql`] = s.sdl;
mkdirSync(join(root, 'schema/subgraphs'), { recursive: true });
let stale = false;
for (const [file, text] of Object.entries(files)) {
  const path = join(root, file);
  let old = '';
  try { old = readFileSync(path, 'utf8'); } catch {}
  if (old === text) continue;
  if (process.argv.includes('--check')) { console.error(`${file} is stale: run npm run schema`); stale = true; }
  else { writeFileSync(path, text); console.log(`wrote ${file}`); }
}
process.exit(stale ? 1 : 0);
