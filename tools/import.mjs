#!/usr/bin/env node
// Import a CSV file into the graph through the gateway, in batches under the
// gateway's request-size limit, with a dry run that reports every row it
// would reject and writes nothing.
//
//   npm run import -- --kind libcal-events --file events.csv [--dry-run]
//                     [--gateway http://localhost:4000] [--token T]
//
// Kinds: libcal-events, acs-profile, feedback (see README.md, "Import").
import { parseArgs } from 'node:util';

const KINDS = ['libcal-events', 'acs-profile', 'feedback'];
const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://localhost:4000' },
    token: { type: 'string', default: process.env.TOKEN },
  },
});
if (!values.kind || !KINDS.includes(values.kind) || !values.file) {
  console.error(`usage: npm run import -- --kind <${KINDS.join('|')}> --file x.csv [--dry-run] [--gateway URL] [--token T]`);
  process.exit(2);
}
console.error('import: not implemented yet');
process.exit(1);
