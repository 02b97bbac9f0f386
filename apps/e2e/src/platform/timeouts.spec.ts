import { createServer, type Server } from 'node:net';
import { gatewayConfig, startGateway } from '@ceg/gateway';
import { TEST_JWT_SECRET, TEST_SUBGRAPH_SECRET } from '@ceg/testing';

/** A subgraph that accepts connections and never answers. */
function hangingServer(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer(() => {});
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

test('a slow subgraph: after SUBGRAPH_TIMEOUT_MS its part is null with an error naming it, and the gateway answers', async () => {
  const { server, port } = await hangingServer();
  const gw = await startGateway(
    gatewayConfig({ LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, SUBGRAPH_SECRET: TEST_SUBGRAPH_SECRET, LIBRARIES_URL: `http://127.0.0.1:${port}/graphql`, SUBGRAPH_TIMEOUT_MS: '300', SHUTDOWN_GRACE_MS: '100' }),
    { port: 0, defaultMetrics: false },
  );
  try {
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${gw.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ consortia { code } }' }) });
    const body = (await res.json()) as any;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(200);
    expect(body.data).toEqual({ consortia: null });
    expect(body.errors[0]).toMatchObject({ message: 'The libraries service did not answer in time.', extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'libraries' } });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|abort/i);
  } finally {
    await gw.stop();
    server.close();
  }
});
