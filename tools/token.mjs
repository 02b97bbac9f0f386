#!/usr/bin/env node
// A development token: npm run token -- --role STAFF --branch RVL-CEN [--sub someone] [--expires 8h]
// Signed with JWT_SECRET (the development default unless set).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfStale, root } from './build.mjs';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    branch: { type: 'string', multiple: true },
    sub: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string', default: '8h' },
  },
});
const roles = (values.role ?? []).map((r) => r.toUpperCase());
buildIfStale(['auth', 'config', 'demo-data']);
const require = createRequire(join(root, 'package.json'));
const { signToken, ROLES } = require(join(root, 'libs/auth/dist/index.js'));
const { commonConfig } = require(join(root, 'libs/config/dist/index.js'));
const { DEMO_BRANCHES } = require(join(root, 'libs/demo-data/dist/index.js'));
if (!roles.length || roles.some((r) => !ROLES.includes(r))) {
  console.error(`usage: npm run token -- --role <${ROLES.join('|')}> [--branch CODE]... [--sub ID] [--expires 8h]`);
  process.exit(2);
}
const branchIds = (values.branch ?? []).map((code) => {
  const b = DEMO_BRANCHES.find((x) => x.code === code.toUpperCase());
  if (!b) { console.error(`unknown branch code ${code}`); process.exit(2); }
  return b.id;
});
const config = commonConfig(process.env);
const sub = values.sub ?? `dev-${roles[0].toLowerCase()}`;
console.log(await signToken({ sub, roles, branchIds, name: values.name ?? `Dev ${roles[0].toLowerCase()}` }, config.jwt, values.expires));
