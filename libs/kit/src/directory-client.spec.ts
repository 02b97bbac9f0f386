import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANONYMOUS } from '@ceg/auth';
import { subgraphSettings } from '@ceg/config';
import type { Database } from '@ceg/persistence';
import { LoaderCache, type SubgraphContext } from './context';
import { DirectoryClient, DirectoryUnavailable } from './directory-client';
import { createLogger } from './logger';

/** A stand-in owner: answers `_entities` for the ids it knows, counts calls, and records what it was sent. */
function owner(known: Record<string, Record<string, unknown>>) {
  const seen: { secret?: string; authorization?: string; ids: string[] }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const { variables } = JSON.parse(raw);
      const ids = variables.representations.map((r: { id: string }) => r.id);
      seen.push({ secret: req.headers['x-subgraph-secret'] as string, authorization: req.headers.authorization, ids });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { _entities: ids.map((id: string) => known[id] ?? null) } }));
    });
  });
  return { server, seen };
}

const ctxFor = (directory: DirectoryClient, authorization?: string): SubgraphContext => ({
  viewer: ANONYMOUS, requestId: 'r', db: {} as Database, log: createLogger('unit', 'silent'), loaders: new LoaderCache(), clientAddress: 'x',
  settings: subgraphSettings({}), directory, authorization,
});

describe('DirectoryClient', () => {
  const { server, seen } = owner({
    b1: { id: 'b1', servicePopulation: 1200 }, b2: { id: 'b2', servicePopulation: null },
    p1: { id: 'p1', status: 'DRAFT', branch: { id: 'b1' } },
    g1: { id: 'g1', consortium: { id: 'c1' }, branches: [{ id: 'b1', servicePopulation: 1200 }, { id: 'b2', servicePopulation: null }] },
  });
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => seen.splice(0));

  test('one _entities call per owner for every id a request asks about, with the secret and the caller\'s token', async () => {
    const client = new DirectoryClient({ urlOf: () => url, secret: 's3cret', ttlMs: 0 });
    const ctx = ctxFor(client, 'Bearer caller');
    const [a, b, none, p] = await Promise.all([client.branch(ctx, 'b1'), client.branch(ctx, 'b2'), client.branch(ctx, 'zz'), client.program(ctx, 'p1')]);
    expect([a, b, none]).toEqual([{ id: 'b1', servicePopulation: 1200 }, { id: 'b2', servicePopulation: null }, null]);
    expect(p).toEqual({ id: 'p1', status: 'DRAFT', branchId: 'b1' });
    expect(seen.map((s) => s.ids.sort())).toEqual(expect.arrayContaining([['b1', 'b2', 'zz'], ['p1']]));
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => s.secret === 's3cret' && s.authorization === 'Bearer caller')).toBe(true);
  });

  test('a named peer group with its consortium and its members\' populations (a missing population stays null)', async () => {
    const client = new DirectoryClient({ urlOf: () => url, secret: 's3cret', ttlMs: 0 });
    const ctx = ctxFor(client, 'Bearer caller');
    const [g, none] = await Promise.all([client.peerGroup(ctx, 'g1'), client.peerGroup(ctx, 'g9')]);
    expect(g).toEqual({ id: 'g1', consortiumId: 'c1', branches: [{ id: 'b1', servicePopulation: 1200 }, { id: 'b2', servicePopulation: null }] });
    expect(none).toBeNull();
    expect(seen).toHaveLength(1);
  });

  test('answers are reused for the TTL across requests: branches for everyone, programs per caller', async () => {
    const client = new DirectoryClient({ urlOf: () => url, secret: 's', ttlMs: 60_000 });
    await client.branch(ctxFor(client, 'Bearer one'), 'b1');
    await client.branch(ctxFor(client, 'Bearer two'), 'b1');
    expect(seen).toHaveLength(1);
    await client.program(ctxFor(client, 'Bearer one'), 'p1');
    await client.program(ctxFor(client, 'Bearer one'), 'p1');
    await client.program(ctxFor(client, 'Bearer two'), 'p1');
    expect(seen).toHaveLength(3);
  });

  test('an owner that does not answer is DirectoryUnavailable, never "not found"', async () => {
    const client = new DirectoryClient({ urlOf: () => 'http://127.0.0.1:1/graphql', secret: 's', ttlMs: 60_000, timeoutMs: 500 });
    await expect(client.branch(ctxFor(client), 'b1')).rejects.toBeInstanceOf(DirectoryUnavailable);
  });
});
