#!/usr/bin/env node
// The one-connection generator of `npm run bench`: one request at a time on one
// kept-alive connection per target, the targets taking turns in batches (so
// that a change of the machine's load falls on both alike), each request timed
// with performance.now() (sub-millisecond, which autocannon's histogram is not).
// Reads one job (JSON) from argv[2]; prints one JSON result line on stdout.
//
// job: { targets: [{ name, url, headers }], body, seconds, batch, warmup, expect }
import { Agent, request } from 'node:http';

const job = JSON.parse(process.argv[2]);

function send(target) {
  return new Promise((resolve) => {
    const url = new URL(target.url);
    const t0 = performance.now();
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: target.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(job.body), ...target.headers } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const text = Buffer.concat(chunks).toString();
          resolve({ ms, ok: res.statusCode === 200 && text.includes(job.expect) && !text.includes('"errors"'), text });
        });
      },
    );
    req.on('error', (e) => resolve({ ms: performance.now() - t0, ok: false, text: String(e) }));
    req.end(job.body);
  });
}

const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);

try {
  const targets = job.targets.map((t) => ({ ...t, agent: new Agent({ keepAlive: true, maxSockets: 1 }), times: [], errors: 0, firstBad: undefined, busyMs: 0 }));
  // warm-up: plans, caches, JIT, and the connection itself
  for (const t of targets) for (let i = 0; i < job.warmup; i++) await send(t);
  const until = performance.now() + job.seconds * 1000 * targets.length;
  while (performance.now() < until) {
    for (const t of targets) {
      for (let i = 0; i < job.batch; i++) {
        const r = await send(t);
        t.busyMs += r.ms;
        if (r.ok) t.times.push(r.ms);
        else {
          t.errors += 1;
          t.firstBad ??= r.text.slice(0, 300);
        }
      }
    }
  }
  const out = {};
  for (const t of targets) {
    t.agent.destroy();
    const sorted = [...t.times].sort((a, b) => a - b);
    out[t.name] = { requests: sorted.length + t.errors, rps: (sorted.length + t.errors) / (t.busyMs / 1000), p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), errors: t.errors, firstBad: t.firstBad };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ error: String(e) }) + '\n');
  process.exit(1);
}
