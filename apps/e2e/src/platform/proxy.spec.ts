import type { TestGraph } from '@ceg/testing';
import { SUBMIT, validInput } from '../feedback/helpers';
import { startGraph } from '../graph';

jest.setTimeout(60_000);

/**
 * RULES.md §6: the client address of anonymous budgets and of the anonymous
 * feedback limit is the socket's, unless TRUST_PROXY names the proxy whose
 * X-Forwarded-For may be believed. (Before, any client on loopback could
 * choose its own address with `X-Forwarded-For`.)
 */
async function post(graph: TestGraph, query: string, variables: Record<string, unknown> | undefined, forwardedFor?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const res = await fetch(graph.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}

const submitAnonymously = async (graph: TestGraph, subject: string, forwardedFor?: string) => {
  const { body } = await post(graph, SUBMIT, { input: validInput({ subject }) }, forwardedFor);
  return body.data.submitFeedback.userErrors.map((e: { code: string }) => e.code) as string[];
};

const BUDGET_QUERY = '{ branches(first: 1) { totalCount } }';

describe.each([
  { label: 'default: nobody is trusted', trustProxy: undefined, believed: false },
  { label: 'TRUST_PROXY names the proxy (loopback)', trustProxy: 'loopback', believed: true },
  { label: 'TRUST_PROXY names the proxy by address', trustProxy: '127.0.0.1/32, ::1', believed: true },
  { label: 'TRUST_PROXY names another address', trustProxy: '10.0.0.5', believed: false },
])('X-Forwarded-For — $label', ({ trustProxy, believed }) => {
  let graph: TestGraph;
  const saved = process.env.FEEDBACK_ANON_RATE_PER_HOUR;
  beforeAll(async () => {
    process.env.FEEDBACK_ANON_RATE_PER_HOUR = '1';
    graph = await startGraph({
      only: ['libraries', 'feedback'],
      demoData: ['libraries'],
      // The anonymous budget: five operations of one point.
      env: { RATE_LIMIT_ANONYMOUS_POINTS: '5', RATE_LIMIT_WINDOW_SECONDS: '3600', ...(trustProxy ? { TRUST_PROXY: trustProxy } : {}) },
    });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.FEEDBACK_ANON_RATE_PER_HOUR;
    else process.env.FEEDBACK_ANON_RATE_PER_HOUR = saved;
    await graph?.stop();
  });

  test(`a forwarded address ${believed ? 'is' : 'is not'} a new client for the feedback limit and the cost budget`, async () => {
    // One anonymous submission per hour from 10.9.8.1 (as forwarded) — or from the socket's address.
    expect(await submitAnonymously(graph, 'First', '10.9.8.1')).toEqual([]);
    expect(await submitAnonymously(graph, 'Second', '10.9.8.1')).toEqual(['LIMIT_REACHED']);
    // Another forwarded address: a fresh limit only when the proxy is trusted.
    expect(await submitAnonymously(graph, 'Third', '10.9.8.2')).toEqual(believed ? [] : ['LIMIT_REACHED']);

    // The cost budget: spend what is left of 10.9.8.1's five points, then ask as 10.9.8.3.
    let status = 0;
    for (let i = 0; i < 6 && status !== 429; i++) status = (await post(graph, BUDGET_QUERY, undefined, '10.9.8.1')).status;
    expect(status).toBe(429);
    const other = await post(graph, BUDGET_QUERY, undefined, '10.9.8.3');
    expect(other.status).toBe(believed ? 200 : 429);
    if (!believed) expect(other.body.errors?.[0]?.extensions?.code).toBe('THROTTLED');
  });
});
