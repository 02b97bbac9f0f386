import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeadlineExceeded, deadlineError, InFlightReads, OperationDeadlines, SubgraphDataSource } from './data-source';

describe('operation deadlines', () => {
  test('an operation\'s signal aborts when its deadline passes', async () => {
    const deadlines = new OperationDeadlines(50);
    const key = deadlines.start();
    const signal = deadlines.signal(key)!;
    expect(signal.aborted).toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DeadlineExceeded);
    deadlines.finish(key);
    expect(deadlines.size).toBe(0);
  });

  test('a finished operation\'s clock stops and is forgotten', async () => {
    const deadlines = new OperationDeadlines(50);
    const key = deadlines.start();
    const signal = deadlines.signal(key)!;
    deadlines.finish(key);
    await new Promise((r) => setTimeout(r, 120));
    expect(signal.aborted).toBe(false);
    expect(deadlines.signal(key)).toBeUndefined();
    expect(deadlines.size).toBe(0);
  });

  test('the error names the deadline', () => {
    expect(deadlineError(15_000).message).toMatch(/deadline of 15 s/);
    expect(deadlineError(15_000).extensions.code).toBe('DEADLINE_EXCEEDED');
  });

  test('for a write, the error says its outcome is unknown', () => {
    const e = deadlineError(15_000, true);
    expect(e.extensions).toEqual({ code: 'DEADLINE_EXCEEDED', outcome: 'UNKNOWN' });
    expect(e.message).toMatch(/may or may not have been made/);
    expect(deadlineError(15_000).extensions).toEqual({ code: 'DEADLINE_EXCEEDED' });
  });
});

describe('identical subgraph reads in flight share one call', () => {
  let server: Server;
  let url = '';
  const seen: { authorization?: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ authorization: req.headers.authorization, body });
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { n: seen.length } })), 150);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (seen.length = 0));

  const source = (reads?: InFlightReads) => new SubgraphDataSource('libraries', url, 'secret', 5000, undefined, reads);
  const call = (ds: SubgraphDataSource, query: string, authorization: string) => {
    const headers = new Headers();
    ds.willSendRequest({ request: { query, http: { method: 'POST', url, headers } }, context: { authorization } } as never);
    const fetcher = (ds as unknown as { fetcher: (u: string, i: object) => Promise<{ status: number; json(): Promise<unknown> }> }).fetcher;
    return fetcher(url, { method: 'POST', headers: Object.fromEntries(headers), body: JSON.stringify({ query }) }).then(async (r) => ({ status: r.status, body: await r.json() }));
  };

  test('the same read by the same caller is sent once and every caller gets the answer', async () => {
    const reads = new InFlightReads();
    const ds = source(reads);
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(ds, 'query Q { branches { id } }', 'Bearer a')));
    expect(seen).toHaveLength(1);
    expect(answers.every((a) => a.status === 200 && JSON.stringify(a.body) === JSON.stringify(answers[0].body))).toBe(true);
    expect(reads.merged).toBe(4);
    expect(reads.size).toBe(0);
    expect(seen[0].authorization).toBe('Bearer a');
    // Internal markers never leave the gateway.
    expect(JSON.stringify(seen)).not.toMatch(/x-ceg/);
  });

  test('other callers, other bodies and mutations are sent each', async () => {
    const ds = source(new InFlightReads());
    await Promise.all([
      call(ds, 'query Q { branches { id } }', 'Bearer a'),
      call(ds, 'query Q { branches { id } }', 'Bearer b'),
      call(ds, 'query Q { branches { code } }', 'Bearer a'),
      call(ds, 'mutation M { vote { id } }', 'Bearer a'),
      call(ds, 'mutation M { vote { id } }', 'Bearer a'),
    ]);
    expect(seen).toHaveLength(5);
  });

  test('without the merger (GATEWAY_MERGE_READS=false) every read is sent', async () => {
    const ds = source(undefined);
    await Promise.all([call(ds, 'query Q { branches { id } }', 'Bearer a'), call(ds, 'query Q { branches { id } }', 'Bearer a')]);
    expect(seen).toHaveLength(2);
  });

  test('a caller whose deadline passes stops waiting; the others still get the answer', async () => {
    const reads = new InFlightReads();
    let resolveShared!: (r: { status: number; statusText: string; headers: [string, string][]; body: string }) => void;
    const send = () => new Promise<{ status: number; statusText: string; headers: [string, string][]; body: string }>((r) => (resolveShared = r));
    const controller = new AbortController();
    const first = reads.fetch('k', send);
    const second = reads.fetch('k', send, controller.signal);
    controller.abort(new DeadlineExceeded(10));
    await expect(second).rejects.toBeInstanceOf(DeadlineExceeded);
    resolveShared({ status: 200, statusText: 'OK', headers: [], body: '{}' });
    await expect(first).resolves.toMatchObject({ status: 200 });
    expect(reads.size).toBe(0);
  });

  test('when every caller has stopped waiting, the shared call is cancelled and a later caller sends its own', async () => {
    const reads = new InFlightReads();
    const signals: AbortSignal[] = [];
    const send = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<{ status: number; statusText: string; headers: [string, string][]; body: string }>(() => undefined);
    };
    const a = new AbortController();
    const b = new AbortController();
    const first = reads.fetch('k', send, a.signal);
    const second = reads.fetch('k', send, b.signal);
    expect(signals).toHaveLength(1);
    a.abort(new DeadlineExceeded(10));
    await expect(first).rejects.toBeInstanceOf(DeadlineExceeded);
    expect(signals[0].aborted).toBe(false);
    b.abort(new DeadlineExceeded(10));
    await expect(second).rejects.toBeInstanceOf(DeadlineExceeded);
    expect(signals[0].aborted).toBe(true);
    expect(reads.size).toBe(0);
    void reads.fetch('k', send, new AbortController().signal);
    expect(signals).toHaveLength(2);
  });
});
