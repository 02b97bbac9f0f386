#!/usr/bin/env node
// Prints the sentiment accuracy table of the README: the analyser before (AFINN sum, no rules) and now,
// on the labelled set apps/feedback/src/sentiment-labelled.json. `--misses` also lists what the analyser gets wrong.
//   npm run sentiment:accuracy [-- --misses]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, root } from './build.mjs';

build(['feedback']);
const require = createRequire(join(root, 'package.json'));
require('reflect-metadata'); // @ceg/conventions (LANGUAGE_TAG) loads type-graphql decorators
const dist = join(root, 'apps/feedback/dist');
const { accuracyOf, accuracyTable, LABELLED } = require(join(dist, 'sentiment-accuracy.js'));
const { baselineSentimentOf } = require(join(dist, 'sentiment-baseline.js'));
const { sentimentOf } = require(join(dist, 'text-analysis.js'));
console.log(`Sentiment on ${LABELLED.length} labelled library feedback sentences (apps/feedback/src/sentiment-labelled.json):\n`);
console.log(accuracyTable(baselineSentimentOf, sentimentOf));
if (process.argv.includes('--misses')) {
  console.log('\nStill wrong:');
  for (const m of accuracyOf(sentimentOf).misses) console.log(`  ${m.label.padEnd(8)} read as ${m.got.padEnd(8)} ${m.text}`);
}
