#!/usr/bin/env node
// Times consortium aggregates of several shapes through a running gateway, one request at a time
// (median of three), over the ten years up to today's midnight UTC: the figures of README
// "The consortium's programs aggregate and the tallies".
//
//   JWT_SECRET=… GATEWAY_PORT=4400 node tools/bench/consortium-shapes.mjs [--consortium LARGE] [--only programs]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../build.mjs';

const { values: args } = parseArgs({ options: { consortium: { type: 'string', default: 'LARGE' }, only: { type: 'string' } } });
const require = createRequire(join(root, 'package.json'));
const { signToken } = require(join(root, 'libs/auth/dist/index.js'));
if (!process.env.JWT_SECRET) throw new Error('JWT_SECRET: the secret the gateway verifies tokens with');
const token = await signToken({ sub: 'shapes-analyst', roles: ['ANALYST'] }, { secret: process.env.JWT_SECRET }, '1h');
const url = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 4000}/graphql`;
const toDate = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
const to = toDate.toISOString();
const from = new Date(Date.UTC(toDate.getUTCFullYear() - 10, toDate.getUTCMonth(), toDate.getUTCDate())).toISOString();
const range = `from: "${from}", to: "${to}"`;
const feedbackRange = `filter: { submittedFrom: "${from}", submittedTo: "${to}" }`;
const shapes = [
  ['programs BRANCH × PERIOD(MONTH)', `programAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH, ${range}) { totals { sessionCount } groups { key { branch { id } period } measures { programCount sessionCount attendance registrationCount } } }`],
  ['programs PERIOD(MONTH)', `programAggregate(groupBy: [PERIOD], interval: MONTH, ${range}) { totals { sessionCount } groups { key { period } measures { programCount sessionCount attendance registrationCount fillRate outcomes { responseCount knowledge } } } }`],
  ['programs BRANCH', `programAggregate(groupBy: [BRANCH], ${range}) { totals { sessionCount } groups { key { branch { id } } measures { programCount sessionCount attendance registrationCount fillRate outcomes { responseCount knowledge } } } }`],
  ['programs totals', `programAggregate(${range}) { totals { programCount sessionCount attendance registrationCount fillRate noShowRate outcomes { responseCount knowledge confidence } } }`],
  ['programs SERVICE_AREA × PERIOD(YEAR)', `programAggregate(groupBy: [SERVICE_AREA, PERIOD], interval: YEAR, ${range}) { totals { sessionCount } groups { key { serviceArea period } measures { programCount sessionCount attendance outcomes { responseCount knowledge } } } }`],
  ['feedback BRANCH × PERIOD(MONTH)', `feedbackAggregate(groupBy: [BRANCH, PERIOD], interval: MONTH, ${feedbackRange}) { totals { count } groups { key { branch { id } period } measures { count openCount } } }`],
  ['feedback PERIOD(MONTH)', `feedbackAggregate(groupBy: [PERIOD], interval: MONTH, ${feedbackRange}) { totals { count } groups { key { period } measures { count openCount averageRating } } }`],
  ['feedback BRANCH', `feedbackAggregate(groupBy: [BRANCH], ${feedbackRange}) { totals { count } groups { key { branch { id } } measures { count openCount averageRating } } }`],
];
console.log('| shape | groups | through the gateway, median of 3 | the three runs |\n|---|---:|---:|---|');
for (const [name, field] of shapes.filter(([n]) => !args.only || n.startsWith(args.only))) {
  const ms = [];
  let groups = null;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `query($c: String!) { consortium(code: $c) { ${field} } }`, variables: { c: args.consortium } }),
    });
    const body = await res.json();
    ms.push(performance.now() - t);
    if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors).slice(0, 300)}`);
    groups = Object.values(body.data.consortium)[0].groups?.length ?? null;
  }
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(`| ${name} | ${groups === null ? '–' : groups.toLocaleString('en-US')} | ${Math.round(sorted[1]).toLocaleString('en-US')} ms | ${ms.map((m) => Math.round(m)).join(', ')} |`);
}
