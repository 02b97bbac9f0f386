import { DEMO_PATRON_SUB, EXAMPLES } from '@ceg/gateway';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

/** The explorer's ready examples run without errors on the demo graph, each as its role. */
describe('explorer examples on the demo graph', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startGraph();
  }, 120_000);
  afterAll(() => graph?.stop());

  test.each(EXAMPLES.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    const as = example.role === 'PATRON' ? { role: example.role, sub: DEMO_PATRON_SUB } : example.role ?? undefined;
    const res = await graph.query(example.query, example.variables, { as });
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    const payload = JSON.stringify(res.body.data);
    expect(payload).not.toMatch(/"userErrors":\[\{/);
    // every example shows something from the demo data
    expect(payload.length).toBeGreaterThan(40);
  });
});
