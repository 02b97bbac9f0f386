import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import { type Role, ROLES, signToken } from '@ceg/auth';
import type { SubgraphName } from '@ceg/config';
import { DEMO_BRANCHES } from '@ceg/demo-data';
import type { GatewayConfig } from './config';

interface Example {
  /** The tab's title: short, so every tab stays readable side by side at 1,400 px. */
  name: string;
  role: Role | null;
  needs: SubgraphName[];
  query: string;
  variables?: Record<string, unknown>;
}

/** The demo patron the explorer signs in as: one of the demo data's patrons, with registrations. */
export const DEMO_PATRON_SUB = 'demo-patron-1';

/** Every tab that changes data carries this mark in its title, and comes after every read. */
export const WRITE_MARK = '✎ ';

/** Longest tab title: every tab stays readable side by side at 1,400 px (checked by tools/screenshots.mjs). */
export const MAX_TAB_TITLE = 12;

const lastYear = () => new Date().getUTCFullYear() - 1;

/** What the first tab says: what the graph is and how to sign in as each demo role. */
export const WELCOME = `# Welcome: the public libraries' community graph.
#
# One GraphQL API for the directory (consortia,
# library systems, branches), community feedback,
# programs, partners and diversity metrics. Demo
# consortium CVLC: 3 library systems, 12 branches,
# ${lastYear() - 1}, ${lastYear()} and ${lastYear() + 1} so far.
#
# Send Request (Ctrl+Enter) runs this tab; Docs
# describes every type, field and argument. Each
# tab is signed in as a demo role (a development
# token in its headers):
#   anyone   Directory, Suggestions, Open seats
#   PATRON   Patron (demo-patron-1)
#   STAFF    Staff inbox, Staff stats (${DEMO_BRANCHES[0].code})
#   ANALYST  Trends, PLS report, Inclusion, Partners
#   ADMIN    ${WRITE_MARK}New branch
# Another role or branch: GET /dev/token?role=STAFF
# &branch=MCL-PIN gives a token; send it in the
# header  Authorization: Bearer <token>.
# Tabs marked ${WRITE_MARK.trim()} change data: last, never opened first.
`;

/** Ready example operations, one tab each, for the graph's kinds of users: reads first, writes last. */
export const EXAMPLES: Example[] = [
  {
    name: 'Directory',
    role: null,
    needs: ['libraries'],
    query: `${WELCOME}
# Anyone may read the directory: every consortium
# with its systems and branches, and the branches
# within 15 km of a point, by code.
query Directory($near: NearInput!) {
  consortia {
    name
    systems { name }
    branches { code name servicePopulation address { city } }
  }
  branches(filter: { near: $near }, first: 5) {
    totalCount
    nodes { code name address { line1 city } }
  }
}`,
    variables: { near: { latitude: 44.94, longitude: -123.03, radiusKm: 15 } },
  },
  {
    name: 'Suggestions',
    role: null,
    needs: ['libraries', 'feedback'],
    query: `# A branch's public suggestion board, most voted first.
query Board($code: String!) {
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
    name: 'Open seats',
    role: null,
    needs: ['libraries', 'programs'],
    query: `# Upcoming sessions that still have seats.
query Upcoming {
  sessions(filter: { hasSeats: true }, first: 10) {
    nodes {
      id startsAt location seatsAvailable
      program { title ageGroup format languages branch { name } }
    }
  }
}`,
  },
  {
    name: 'Patron',
    role: 'PATRON',
    needs: ['libraries', 'programs', 'diversity-metrics'],
    query: `# Signed in as a patron: a branch's page and the patron's own registrations.
query Patron($code: String!) {
  branch(code: $code) {
    name address { line1 city postalCode } system { name }
    upcomingSessions(first: 5) { nodes { startsAt program { title } seatsAvailable } }
    latestAccessibilityAudit { score features { feature available } }
  }
  myRegistrations(first: 20) {
    nodes { status waitlistPosition registeredAt session { startsAt program { title } } }
  }
}`,
    variables: { code: 'RVL-CEN' },
  },
  {
    name: 'Staff inbox',
    role: 'STAFF',
    needs: ['libraries', 'feedback'],
    query: `# Signed in as staff of ${DEMO_BRANCHES[0].code}: open items of that branch, with non-public items and contact details of that branch.
query Inbox($branchIds: [ID!]) {
  feedbackItems(filter: { branchIds: $branchIds, statuses: [RECEIVED, ACKNOWLEDGED] }, first: 20) {
    totalCount
    nodes { id subject body channel sentiment isPublic contact { name email } submittedAt }
  }
}`,
    variables: { branchIds: [DEMO_BRANCHES[0].id] },
  },
  {
    name: 'Staff stats',
    role: 'STAFF',
    needs: ['libraries', 'feedback', 'programs'],
    query: `# Signed in as staff: the branch this year, feedback by category, programs by service area.
query Dashboard($code: String!, $from: DateTime!) {
  branch(code: $code) {
    name
    feedbackAggregate(groupBy: [CATEGORY], filter: { submittedFrom: $from }) {
      totals { count openCount averageHoursToAcknowledge resolutionRate }
      groups { key { category } measures { count averageRating } }
    }
    programAggregate(groupBy: [SERVICE_AREA], from: $from) {
      totals { sessionCount attendance fillRate noShowRate }
      groups { key { serviceArea } measures { sessionCount attendance } }
    }
  }
}`,
    variables: { code: DEMO_BRANCHES[0].code, from: `${lastYear() + 1}-01-01T00:00:00Z` },
  },
  {
    name: 'Trends',
    role: 'ANALYST',
    needs: ['libraries', 'feedback'],
    query: `# Signed in as an analyst: consortium feedback by branch and quarter.
query Trends {
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
    name: 'PLS report',
    role: 'ANALYST',
    needs: ['libraries', 'programs'],
    query: `# Signed in as an analyst: last year's IMLS Public Libraries Survey program items.
query Pls($from: Date!, $to: Date!) {
  consortium(code: "CVLC") {
    plsProgramReport(from: $from, to: $to) { from to rows { item element label value } }
  }
}`,
    variables: { from: `${lastYear()}-01-01`, to: `${lastYear()}-12-31` },
  },
  {
    name: 'Inclusion',
    role: 'ANALYST',
    needs: ['libraries', 'diversity-metrics'],
    query: `# Signed in as an analyst: last year's participants against the community they serve.
query Gaps($from: Date!, $to: Date!) {
  consortium(code: "CVLC") {
    representationGaps(from: $from, to: $to) { dimension key communityShare participantShare representationIndex suppressed }
  }
}`,
    variables: { from: `${lastYear()}-01-01`, to: `${lastYear()}-12-31` },
  },
  {
    name: 'Partners',
    role: 'ANALYST',
    needs: ['libraries', 'partners'],
    query: `# Signed in as an analyst: partnerships by kind of partner.
query Partnerships {
  partnershipAggregate(groupBy: [PARTNER_TYPE]) {
    totals { partnershipCount activeCount partnerCount volunteerHours contributedValue { amount currency } }
    groups { key { partnerType } measures { partnershipCount activeCount } }
  }
}`,
  },
  {
    name: `${WRITE_MARK}Suggest`,
    role: null,
    needs: ['libraries', 'feedback'],
    query: `# WRITES: sending this tab submits a suggestion to ${DEMO_BRANCHES[0].code}.
# Anyone may submit; the returned id is the submitter's reference number.
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
    name: `${WRITE_MARK}New branch`,
    role: 'ADMIN',
    needs: ['libraries'],
    query: `# WRITES, signed in as an admin: sending this tab opens a branch in the directory (once: codes are unique).
mutation NewBranch($input: CreateBranchInput!) {
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

/** The tab title: the example's name (the role is in the welcome text and the tab's first comment). */
export function tabTitle(example: Example): string {
  return example.name;
}

/** Compact tabs (no file icon, the close button only on the open tab) so that every example's title shows at 1,400 px. */
const EXPLORER_STYLE = `<style>
  .window-switcher__item .window-switcher__subdued { display: none; }
  .window-switcher__item { padding-left: 10px !important; padding-right: 10px !important; }
  .window-switcher__item:not(.window-switcher__item--active) .window-switcher__close { display: none; }
</style>`;

/** On start: open the first tab (a read) and its docs pane; Altair itself opens the last window it imported. */
const EXPLORER_START = `<script>
(function () {
  var tries = 0;
  var timer = setInterval(function () {
    var tabs = document.querySelectorAll('.window-switcher__item');
    if (tabs.length >= TAB_COUNT) {
      clearInterval(timer);
      tabs[0].click();
      setTimeout(function () {
        var docs = document.querySelector('[track-id=show_docs]');
        var viewer = document.querySelector('app-doc-viewer');
        if (docs && (!viewer || viewer.getBoundingClientRect().width < 10)) docs.click();
      }, 200);
    }
    if (++tries > 300) clearInterval(timer);
  }, 100);
})();
</script>`;

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

/** Altair settings: docs loaded on start, no plugins, banners or update notices, every tab reachable. */
export const EXPLORER_SETTINGS = {
  'schema.reloadOnStart': true,
  'plugin.list': [],
  'banners.disable': true,
  'alert.disableUpdateNotification': true,
  enableTablistScrollbar: true,
};

/** What the empty result pane says before the first run. */
export const EMPTY_RESULT_HINT = 'Press ▶ Send (Ctrl+Enter) to run the operation on the left; its answer appears here. The Docs pane describes every type and field.';

/**
 * altair-static, loaded on the explorer's first request: its bundle keeps about 7 MB of heap that a
 * gateway nobody opens the explorer of does not need.
 */
let altairModule: typeof import('altair-static') | undefined;
const altair = (): typeof import('altair-static') => (altairModule ??= require('altair-static') as typeof import('altair-static'));

/** Altair's translation files as read (only files that exist: a name that is not one is not remembered). */
const i18nCache = new Map<string, Record<string, unknown>>();

/** How many translation files are remembered. */
export const rememberedExplorerTexts = (): number => i18nCache.size;

/** One of Altair's translation files, its empty-result text replaced by our hint; null when there is no such file. */
export function explorerTexts(file: string): Record<string, unknown> | null {
  if (!/^[A-Za-z-]+\.json$/.test(file)) return null;
  if (!i18nCache.has(file)) {
    try {
      const texts = JSON.parse(readFileSync(join(altair().getDistDirectory(), 'assets', 'i18n', file), 'utf8')) as Record<string, unknown>;
      i18nCache.set(file, { ...texts, QUERY_RESULT_NO_RESULT_TEXT: EMPTY_RESULT_HINT });
    } catch {
      return null;
    }
  }
  return i18nCache.get(file)!;
}

/**
 * GET / : the Altair explorer, bundled (no CDN), with a window per example.
 * In development each window is signed in as its role; in production there
 * are no tokens to mint.
 */
export function mountExplorer(app: Express, config: GatewayConfig, composed: SubgraphName[]): void {
  const canMint = !config.production && Boolean(config.jwt.secret);
  // Altair's own texts, with a hint instead of its joke in the empty result pane.
  app.get('/explorer-assets/assets/i18n/:file', (req, res, next) => {
    const texts = explorerTexts(req.params.file);
    if (!texts) return next();
    res.setHeader('cache-control', 'public, max-age=86400');
    res.json(texts);
  });
  let assets: RequestHandler | undefined;
  app.use('/explorer-assets', (req, res, next) => (assets ??= express.static(altair().getDistDirectory(), { index: false, maxAge: '1d' }))(req, res, next));
  app.get('/', async (req, res, next) => {
    try {
      const endpoint = endpointFor(req.protocol, req.get('host'));
      const windows = [];
      for (const ex of EXAMPLES.filter((e) => e.needs.every((n) => composed.includes(n)))) {
        const headers: Record<string, string> = {};
        if (ex.role && canMint) headers.Authorization = `Bearer ${await devToken(config, ex.role)}`;
        windows.push({
          initialName: tabTitle(ex),
          endpointURL: endpoint,
          initialQuery: ex.query,
          initialVariables: ex.variables ? JSON.stringify(ex.variables, null, 2) : undefined,
          initialHeaders: headers,
        });
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      const html = altair().renderAltair({ baseURL: '/explorer-assets/', endpointURL: endpoint, initialWindows: windows, disableAccount: true, preserveState: false, initialSettings: EXPLORER_SETTINGS as never });
      res.send(html.replace('</head>', `${EXPLORER_STYLE}</head>`).replace('</body>', `${EXPLORER_START.replace('TAB_COUNT', String(windows.length))}</body>`));
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
