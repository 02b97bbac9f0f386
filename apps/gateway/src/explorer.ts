import express, { type Express } from 'express';
import { getDistDirectory, renderAltair } from 'altair-static';
import { type Role, ROLES, signToken } from '@ceg/auth';
import type { SubgraphName } from '@ceg/config';
import { DEMO_BRANCHES } from '@ceg/demo-data';
import type { GatewayConfig } from './config';

interface Example {
  name: string;
  role: Role | null;
  needs: SubgraphName[];
  query: string;
  variables?: Record<string, unknown>;
}

/** Ready example operations, one window each, for the graph's kinds of users. */
export const EXAMPLES: Example[] = [
  {
    name: 'Website: the directory',
    role: null,
    needs: ['libraries'],
    query: `# Anyone may read the directory.
query Directory {
  consortia {
    name
    systems { name }
    branches { code name address { city } }
  }
}`,
  },
  {
    name: 'Website: branches near me',
    role: null,
    needs: ['libraries'],
    query: `query Near($near: NearInput!) {
  branches(filter: { near: $near }, first: 10) {
    totalCount
    nodes { code name address { line1 city } location { latitude longitude } }
  }
}`,
    variables: { near: { latitude: 44.94, longitude: -123.03, radiusKm: 15 } },
  },
  {
    name: 'Patron: a branch page',
    role: 'PATRON',
    needs: ['libraries'],
    query: `query Branch($code: String!) {
  branch(code: $code) { name address { line1 city postalCode } servicePopulation openedOn system { name } }
}`,
    variables: { code: 'RVL-CEN' },
  },
  {
    name: 'Analyst: search and paginate',
    role: 'ANALYST',
    needs: ['libraries'],
    query: `query Search($after: String) {
  branches(filter: { search: "harbor" }, first: 2, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { code name } }
  }
}`,
  },
  {
    name: 'Admin: open a branch',
    role: 'ADMIN',
    needs: ['libraries'],
    query: `mutation NewBranch($input: CreateBranchInput!) {
  createBranch(input: $input) {
    branch { id code name }
    userErrors { field message code }
  }
}`,
    variables: {
      input: {
        systemId: DEMO_BRANCHES[0].systemId,
        code: 'RVL-SOU',
        name: 'Southside Branch',
        address: { line1: '2100 Commercial Street SE', city: 'Riverton', region: 'OR', postalCode: '97302', country: 'US' },
        location: { latitude: 44.9120, longitude: -123.0450 },
      },
    },
  },
];

/** Development sign-in: a token for a demo role (STAFF works for the first demo branch unless told otherwise). */
async function devToken(config: GatewayConfig, role: Role, branchCode?: string): Promise<string> {
  const branch = DEMO_BRANCHES.find((b) => b.code === (branchCode ?? DEMO_BRANCHES[0].code));
  return signToken(
    { sub: `demo-${role.toLowerCase()}`, roles: [role], branchIds: role === 'STAFF' && branch ? [branch.id] : [], name: `Demo ${role.toLowerCase()}` },
    config.jwt,
  );
}

/**
 * GET / : the Altair explorer, bundled (no CDN), with a window per example.
 * In development each window is signed in as its role; in production there
 * are no tokens to mint.
 */
export function mountExplorer(app: Express, config: GatewayConfig, composed: SubgraphName[]): void {
  const canMint = !config.production && Boolean(config.jwt.secret);
  app.use('/explorer-assets', express.static(getDistDirectory(), { index: false, maxAge: '1d' }));
  app.get('/', async (_req, res, next) => {
    try {
      const windows = [];
      for (const ex of EXAMPLES.filter((e) => e.needs.every((n) => composed.includes(n)))) {
        const headers: Record<string, string> = {};
        if (ex.role && canMint) headers.Authorization = `Bearer ${await devToken(config, ex.role)}`;
        windows.push({
          initialName: ex.role ? `${ex.name} (${ex.role})` : ex.name,
          endpointURL: '/graphql',
          initialQuery: ex.query,
          initialVariables: ex.variables ? JSON.stringify(ex.variables, null, 2) : undefined,
          initialHeaders: headers,
        });
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.send(renderAltair({ baseURL: '/explorer-assets/', endpointURL: '/graphql', initialWindows: windows, disableAccount: true, initialSettings: { 'plugin.list': [], 'banners.disable': true, 'alert.disableUpdateNotification': true } as never }));
    } catch (e) {
      next(e);
    }
  });
  if (canMint) {
    app.get('/dev/token', async (req, res) => {
      const role = String(req.query.role ?? '').toUpperCase() as Role;
      if (!ROLES.includes(role)) {
        res.status(400).json({ error: `role must be one of ${ROLES.join(', ')}` });
        return;
      }
      const branch = typeof req.query.branch === 'string' ? req.query.branch.toUpperCase() : undefined;
      res.json({ token: await devToken(config, role, branch) });
    });
  }
}
