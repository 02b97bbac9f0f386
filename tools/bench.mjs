#!/usr/bin/env node
// Throughput of one operation through the gateway against the same operation
// sent straight to the subgraph that serves it, on a running graph (npm start):
//   node tools/bench.mjs [--seconds 10] [--concurrency 16]
// Prints requests per second for both and their ratio. Loopback only.
import { request, Agent } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './build.mjs';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const require = createRequire(join(root, 'package.json'));
const { DEV_SUBGRAPH_SECRET } = require(join(root, 'libs/config/dist/index.js'));
const secret = process.env.SUBGRAPH_SECRET || DEV_SUBGRAPH_SECRET;

const query = JSON.stringify({ query: '{ branches(first: 20) { totalCount nodes { code name address { city } } } }' });
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function post(port, headers) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(query), ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 && body.includes('"nodes"') ? resolve() : reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`))));
    });
    req.on('error', reject);
    req.end(query);
  });
}

async function run(label, port, headers) {
  for (let i = 0; i < 50; i++) await post(port, headers); // warm up
  let done = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < until) {
      await post(port, headers);
      done++;
    }
  }));
  const rps = done / seconds;
  console.log(`${label.padEnd(28)} ${rps.toFixed(0).padStart(6)} req/s`);
  return rps;
}

// The gateway budgets anonymous callers; sign in as an analyst with a large budget for the run.
const { signToken } = require(join(root, 'libs/auth/dist/index.js'));
const { commonConfig } = require(join(root, 'libs/config/dist/index.js'));
const token = await signToken({ sub: 'bench', roles: ['ANALYST'] }, commonConfig(process.env).jwt);
console.log(`{ branches(first: 20) { … } }, ${concurrency} concurrent clients, ${seconds} s each`);
const direct = await run('libraries subgraph (direct)', 4101, { 'x-subgraph-secret': secret });
const gateway = await run('through the gateway', 4000, { authorization: `Bearer ${token}` });
console.log(`gateway / direct: ${((gateway / direct) * 100).toFixed(0)}%`);
agent.destroy();
