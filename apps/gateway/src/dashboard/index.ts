import { dirname, join } from 'node:path';
import type { Express } from 'express';
import type { GatewayConfig } from '../config';
import { DASHBOARD_SCRIPT } from './client';

/** Chart.js's browser build, from node_modules (no CDN): `chart.js` resolves to its dist/ folder. */
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #d0d4da; --bg: #f6f7f9; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 12px 20px; position: sticky; top: 0; z-index: 1; }
header h1 { font-size: 18px; margin: 0 0 8px; }
form { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; }
label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 2px; }
select, input, button { font: inherit; padding: 6px 8px; border: 1px solid #8a929c; border-radius: 4px; background: #fff; color: var(--ink); min-height: 36px; }
button { cursor: pointer; }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
#heading { font-size: 20px; margin: 16px 20px 4px; }
#status { margin: 0 20px 8px; color: var(--muted); font-size: 13px; }
#sections { display: grid; gap: 16px; padding: 0 20px 24px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; min-width: 0; }
.card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; }
.card h2 { font-size: 16px; margin: 0; }
.tools { display: flex; gap: 6px; }
.tools button { font-size: 13px; min-height: 32px; padding: 4px 10px; border-color: var(--accent); color: var(--accent); }
.card-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; margin-top: 8px; }
.chart { position: relative; height: 280px; min-width: 0; }
.table { overflow: auto; max-height: 300px; min-width: 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 4px; }
th, td { padding: 3px 6px; border-bottom: 1px solid #e6e8eb; text-align: left; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #fff; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: var(--muted); font-size: 13px; margin: 6px 0 0; min-height: 1em; }
@media (max-width: 900px) {
  .card-body { grid-template-columns: minmax(0, 1fr); }
  .chart { height: 240px; }
  header { position: static; }
}
`;

/**
 * GET /dashboard: charts of the public GraphQL API for a consortium, library
 * system or branch and a year, each with its table (the text alternative)
 * and CSV/Excel export buttons. Bundled like the explorer: Chart.js comes
 * from node_modules, nothing from a CDN. In development the page signs in
 * as a demo role through /dev/token; in production the user pastes a token.
 */
export function mountDashboard(app: Express, config: GatewayConfig): void {
  const dev = !config.production && Boolean(config.jwt.secret);
  app.get('/dashboard/assets/chart.umd.min.js', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=86400');
    res.type('application/javascript').sendFile(CHART_JS);
  });
  app.get('/dashboard/app.js', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.type('application/javascript').send(DASHBOARD_SCRIPT);
  });
  app.get('/dashboard', (_req, res) => {
    const year = new Date().getUTCFullYear();
    const cfg = JSON.stringify({ dev, years: [year - 2, year - 1, year] }).replace(/</g, '\\u003c');
    const signIn = dev
      ? `<label>Signed in as (development)<select id="role"><option value="ANALYST">ANALYST</option><option value="ADMIN">ADMIN</option><option value="STAFF">STAFF of the branch</option></select></label>`
      : `<label>Token<input id="token" type="password" autocomplete="off" placeholder="Bearer token"></label><button type="button" id="sign-in">Sign in</button>`;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Community engagement dashboard</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body data-state="starting">
<header>
  <h1>Community engagement dashboard</h1>
  <form onsubmit="return false" aria-label="What to show">
    <label>Level<select id="level"><option value="consortium">Consortium</option><option value="system">Library system</option><option value="branch">Branch</option></select></label>
    <label>Which<select id="entity"></select></label>
    <label>Year<select id="year"></select></label>
    ${signIn}
  </form>
</header>
<main>
  <h2 id="heading" aria-live="polite">Loading…</h2>
  <p id="status" role="status"></p>
  <div id="sections"></div>
</main>
<script id="dashboard-config" type="application/json">${cfg}</script>
<script src="/dashboard/assets/chart.umd.min.js"></script>
<script src="/dashboard/app.js"></script>
</body>
</html>`);
  });
}
