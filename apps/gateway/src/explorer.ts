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

/** The demo patron the explorer signs in as: one of the demo data's patrons, with registrations. */
export const DEMO_PATRON_SUB = 'demo-patron-1';

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
    name: 'Website: public suggestion board',
    role: null,
    needs: ['libraries', 'feedback'],
    query: `query Board($code: String!) {
  branch(code: $code) {
    name
    feedback(first: 10, orderBy: VOTES_DESC) {
      totalCount
      nodes { subject category status voteCount submittedAt responses { body authorName createdAt } }
    }
  }
}`,
    variables: { code: 'RVL-CEN' },
  },
  {
    name: 'Website: upcoming sessions with seats',
    role: null,
    needs: ['libraries', 'programs'],
    query: `query Upcoming {
  sessions(filter: { hasSeats: true }, first: 10) {
    nodes {
      id startsAt location seatsAvailable
      program { title ageGroup format languages branch { name } }
    }
  }
}`,
  },
  {
    name: 'Website: the suggestion box',
    role: null,
    needs: ['libraries', 'feedback'],
    query: `# Anyone may submit; the returned id is the submitter's reference number.
mutation Suggest($input: SubmitFeedbackInput!) {
  submitFeedback(input: $input) {
    feedback { id status language sentiment }
    userErrors { field message code }
  }
}`,
    variables: {
      input: {
        branchId: DEMO_BRANCHES[0].id,
        channel: 'ONLINE_FORM',
        category: 'HOURS',
        subject: 'Open earlier on Saturdays?',
        body: 'Many of us work weekdays; opening at 9 on Saturdays would help families.',
        rating: 4,
        isPublic: true,
      },
    },
  },
  {
    name: 'Patron: my registrations',
    role: 'PATRON',
    needs: ['programs'],
    query: `query Mine {
  myRegistrations(first: 20) {
    nodes { status waitlistPosition registeredAt session { startsAt program { title } } }
  }
}`,
  },
  {
    name: 'Patron: a branch page',
    role: 'PATRON',
    needs: ['libraries', 'programs', 'diversity-metrics'],
    query: `query Branch($code: String!) {
  branch(code: $code) {
    name address { line1 city postalCode } system { name }
    upcomingSessions(first: 5) { nodes { startsAt program { title } seatsAvailable } }
    latestAccessibilityAudit { score features { feature available } }
  }
}`,
    variables: { code: 'RVL-CEN' },
  },
  {
    name: 'Staff: feedback inbox',
    role: 'STAFF',
    needs: ['libraries', 'feedback'],
    query: `# Signed in as staff of ${DEMO_BRANCHES[0].code}: non-public items and contact details of that branch.
query Inbox($branchIds: [ID!]) {
  feedbackItems(filter: { branchIds: $branchIds, statuses: [RECEIVED, ACKNOWLEDGED] }, first: 20) {
    totalCount
    nodes { id subject body channel sentiment isPublic contact { name email } submittedAt }
  }
}`,
    variables: { branchIds: [DEMO_BRANCHES[0].id] },
  },
  {
    name: 'Staff: my branch this year',
    role: 'STAFF',
    needs: ['libraries', 'feedback', 'programs'],
    query: `query Dashboard($code: String!) {
  branch(code: $code) {
    name
    feedbackAggregate(groupBy: [CATEGORY]) {
      totals { count openCount averageHoursToAcknowledge resolutionRate }
      groups { key { category } measures { count averageRating } }
    }
    programAggregate(groupBy: [SERVICE_AREA]) {
      totals { sessionCount attendance fillRate noShowRate }
      groups { key { serviceArea } measures { sessionCount attendance } }
    }
  }
}`,
    variables: { code: DEMO_BRANCHES[0].code },
  },
  {
    name: 'Analyst: consortium feedback by branch and quarter',
    role: 'ANALYST',
    needs: ['libraries', 'feedback'],
    query: `query Trends {
  consortium(code: "CVLC") {
    name
    feedbackAggregate(groupBy: [BRANCH, PERIOD], interval: QUARTER) {
      totals { count resolutionRate averageHoursToResolve }
      groups { key { branch { code } period } measures { count resolutionRate } }
    }
  }
}`,
  },
  {
    name: 'Analyst: PLS program report',
    role: 'ANALYST',
    needs: ['libraries', 'programs'],
    query: `query Pls($from: Date!, $to: Date!) {
  consortium(code: "CVLC") {
    plsProgramReport(from: $from, to: $to) { from to rows { item element label value } }
  }
}`,
    variables: { from: `${new Date().getUTCFullYear() - 1}-01-01`, to: `${new Date().getUTCFullYear() - 1}-12-31` },
  },
  {
    name: 'Analyst: who takes part',
    role: 'ANALYST',
    needs: ['libraries', 'diversity-metrics'],
    query: `query Gaps($from: Date!, $to: Date!) {
  consortium(code: "CVLC") {
    representationGaps(from: $from, to: $to) { dimension key communityShare participantShare representationIndex suppressed }
  }
}`,
    variables: { from: `${new Date().getUTCFullYear() - 1}-01-01`, to: `${new Date().getUTCFullYear() - 1}-12-31` },
  },
  {
    name: 'Analyst: partnerships',
    role: 'ANALYST',
    needs: ['libraries', 'partners'],
    query: `query Partnerships {
  partnershipAggregate(groupBy: [PARTNER_TYPE]) {
    totals { partnershipCount activeCount partnerCount volunteerHours contributedValue { amount currency } }
    groups { key { partnerType } measures { partnershipCount activeCount } }
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

/** Altair needs an absolute endpoint: the gateway's own /graphql as the browser reached it. */
export function endpointFor(protocol: string, host: string | undefined): string {
  const safeHost = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : 'localhost';
  return `${protocol === 'https' ? 'https' : 'http'}://${safeHost}/graphql`;
}

/** Development sign-in: a token for a demo role (STAFF works for the first demo branch unless told otherwise). */
async function devToken(config: GatewayConfig, role: Role, branchCode?: string): Promise<string> {
  const branch = DEMO_BRANCHES.find((b) => b.code === (branchCode ?? DEMO_BRANCHES[0].code));
  return signToken(
    { sub: role === 'PATRON' ? DEMO_PATRON_SUB : `demo-${role.toLowerCase()}`, roles: [role], branchIds: role === 'STAFF' && branch ? [branch.id] : [], name: `Demo ${role.toLowerCase()}` },
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
  app.get('/', async (req, res, next) => {
    try {
      const endpoint = endpointFor(req.protocol, req.get('host'));
      const windows = [];
      for (const ex of EXAMPLES.filter((e) => e.needs.every((n) => composed.includes(n)))) {
        const headers: Record<string, string> = {};
        if (ex.role && canMint) headers.Authorization = `Bearer ${await devToken(config, ex.role)}`;
        windows.push({
          initialName: ex.role ? `${ex.name} (${ex.role})` : ex.name,
          endpointURL: endpoint,
          initialQuery: ex.query,
          initialVariables: ex.variables ? JSON.stringify(ex.variables, null, 2) : undefined,
          initialHeaders: headers,
        });
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.send(renderAltair({ baseURL: '/explorer-assets/', endpointURL: endpoint, initialWindows: windows, disableAccount: true, initialSettings: { 'plugin.list': [], 'banners.disable': true, 'alert.disableUpdateNotification': true } as never }));
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
