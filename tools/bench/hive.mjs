#!/usr/bin/env node
// The peer of the benchmark: Hive Gateway serving the project's own
// schema/supergraph.graphql over the same subgraphs, with the caller's token
// and the subgraph secret forwarded and nothing else of ours (no limits, no
// cost, no token check at the gateway). Env: HIVE_PORT, SUPERGRAPH,
// SUBGRAPH_SECRET and the subgraphs' *_URL variables.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createGatewayRuntime } from '@graphql-hive/gateway';

const root = join(import.meta.dirname, '../..');
const require = createRequire(join(root, 'package.json'));
const { COMPOSED_SUBGRAPHS, SUBGRAPHS } = require(join(root, 'libs/config/dist/index.js'));

// The committed supergraph names the default ports; point each subgraph at where it runs now.
let supergraph = readFileSync(process.env.SUPERGRAPH, 'utf8');
for (const name of COMPOSED_SUBGRAPHS) {
  const url = process.env[SUBGRAPHS[name].urlVariable];
  if (url) supergraph = supergraph.replace(new RegExp(`(join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${url}$2`);
}
const secret = process.env.SUBGRAPH_SECRET;
const gateway = createGatewayRuntime({
  supergraph,
  logging: false,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '', 'x-subgraph-secret': secret }),
  },
});
const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  gateway(req, res);
});
server.listen(Number(process.env.HIVE_PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
