import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

const LEAKS = /stack|at \w+ \(|SELECT|FROM |sqlite|mysql|\/work\/|node_modules|127\.0\.0\.1|localhost|ECONNREFUSED|QueryFailed/i;

describe('failures are masked and contained', () => {
  let graph: TestGraph;
  beforeEach(async () => {
    graph = await startGraph({ only: ['libraries'] });
  });
  afterEach(() => graph?.stop());

  test('an unexpected error reads "Internal server error" with a request id, nothing internal', async () => {
    // The database goes away under the subgraph.
    await graph.subgraph('libraries').db.ds.destroy();
    const res = await graph.query('{ consortia { code } branch(code: "RVL-CEN") { name } }');
    expect(res.status).toBe(200);
    expect(res.body.errors?.length).toBeGreaterThan(0);
    for (const e of res.body.errors!) {
      expect(e.message).toBe('Internal server error');
      expect(e.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(typeof e.extensions?.requestId).toBe('string');
      expect(e.extensions).not.toHaveProperty('response');
      expect(e.extensions).not.toHaveProperty('stacktrace');
      expect(e.extensions).not.toHaveProperty('exception');
    }
    expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
    expect(res.headers.get('x-request-id')).toBe(res.body.errors![0].extensions!.requestId);
    // and /ready says so
    const ready = await fetch(graph.subgraph('libraries').url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(503);
  });

  test('a subgraph that is down: the field is null with an error naming the service, nothing internal; the gateway stays up', async () => {
    await graph.subgraph('libraries').stop();
    const res = await graph.query('{ consortia { code } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ consortia: null });
    expect(res.body.errors?.[0].extensions).toMatchObject({ serviceName: 'libraries' });
    expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
    const gatewayBase = graph.url.replace('/graphql', '');
    expect((await fetch(`${gatewayBase}/health`)).status).toBe(200);
    expect((await fetch(`${gatewayBase}/ready`)).status).toBe(503);
  });

  test('health, readiness and metrics', async () => {
    await graph.stop();
    graph = await startGraph(); // every composed subgraph, so that the gateway is ready
    const gatewayBase = graph.url.replace('/graphql', '');
    expect(await (await fetch(`${gatewayBase}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${gatewayBase}/ready`)).status).toBe(200);
    await graph.data('{ consortia { code } }');
    const metrics = await (await fetch(`${gatewayBase}/metrics`)).text();
    expect(metrics).toMatch(/graphql_operations_total\{[^}]*type="query"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/http_request_duration_seconds_bucket/);
    const sub = graph.subgraph('libraries').url.replace('/graphql', '');
    expect((await fetch(`${sub}/ready`)).status).toBe(200);
    expect(await (await fetch(`${sub}/metrics`)).text()).toMatch(/graphql_operations_total/);
  });

  test('the explorer is served from the gateway itself (no CDN)', async () => {
    const base = graph.url.replace('/graphql', '');
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toMatch(/altair/i);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs|jsdelivr)/);
    const pageBase = new URL(/<base href="([^"]+)"/.exec(html)?.[1] ?? '/', `${base}/`);
    const scripts = [...html.matchAll(/src="([^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) {
      const res = await fetch(new URL(s, pageBase));
      expect(res.status).toBe(200);
    }
    // the first tab is the anonymous read with the welcome text; docs load on start
    const names = [...html.matchAll(/initialName: ?[`"']([^`"']+)[`"']/g)].map((m) => m[1]);
    expect(names[0]).toBe('Directory');
    expect(html).toContain('Welcome');
    expect(html).toMatch(/["'`]schema\.reloadOnStart["'`]: ?true/);
    // the empty result pane shows a hint, not Altair's joke
    const texts = (await (await fetch(new URL('assets/i18n/en-US.json', pageBase))).json()) as Record<string, string>;
    expect(texts.QUERY_RESULT_NO_RESULT_TEXT).toMatch(/Send/);
    expect(JSON.stringify(texts)).not.toMatch(/Ezio/);
    // Altair needs an absolute endpoint: the gateway's own /graphql, as the browser reached it
    const endpoints = [...html.matchAll(/endpointURL"?: ?[`"']([^`"']+)[`"']/g)].map((m) => m[1]);
    expect(endpoints.length).toBeGreaterThan(1);
    for (const e of endpoints) expect(e).toBe(`${base}/graphql`);
  });

  test('request ids: a given one is kept, otherwise one is made', async () => {
    const res = await fetch(graph.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' }, body: JSON.stringify({ query: '{ consortia { code } }' }) });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const res2 = await fetch(graph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ consortia { code } }' }) });
    expect(res2.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
