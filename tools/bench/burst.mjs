#!/usr/bin/env node
// The registration burst of `npm run bench`, in its own process: every patron
// (one token each) sends `registerForSession` at the same moment. A patron
// refused because a service was busy (SERVICE_UNAVAILABLE, Retry-After) tries
// again after the Retry-After time, as a client should; one told that the
// outcome of its registration is unknown (`extensions.outcome: UNKNOWN`, the
// answer missed the gateway's deadline) sends it again at once, which is safe:
// registering again returns the registration. Prints one JSON line.
import { Agent, request } from 'node:http';

const job = JSON.parse(await new Promise((res) => {
  let s = '';
  process.stdin.on('data', (c) => (s += c));
  process.stdin.on('end', () => res(s));
}));
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const body = JSON.stringify({ query: 'mutation($id: ID!) { registerForSession(sessionId: $id) { registration { status waitlistPosition } userErrors { code message } } }', variables: { id: job.sessionId } });

function send(token) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: job.port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, retryAfter: Number(res.headers['retry-after'] ?? 1), text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let retries = 0;
let unknownOutcomes = 0;
let failed = 0;
const failures = new Map();
const outcome = { CONFIRMED: 0, WAITLISTED: 0 };
const started = performance.now();
await Promise.all(job.tokens.map(async (token) => {
  for (let attempt = 0; attempt < 20; attempt++) {
    let r;
    try {
      r = await send(token);
    } catch {
      retries++;
      await new Promise((res) => setTimeout(res, 200));
      continue;
    }
    const parsed = JSON.parse(r.text);
    const payload = parsed.data?.registerForSession;
    if (payload?.registration) {
      outcome[payload.registration.status] = (outcome[payload.registration.status] ?? 0) + 1;
      return;
    }
    // Told that the outcome is unknown (the answer missed the deadline): registering again is safe and returns the seat.
    if (parsed.errors?.some((e) => e.extensions?.outcome === 'UNKNOWN')) {
      unknownOutcomes++;
      continue;
    }
    const busy = r.status === 503 || r.status === 429 || parsed.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
    if (!busy) {
      const why = JSON.stringify(payload?.userErrors?.[0] ?? parsed.errors?.[0] ?? r.status).slice(0, 200);
      failures.set(why, (failures.get(why) ?? 0) + 1);
      break;
    }
    retries++;
    await new Promise((res) => setTimeout(res, Math.min(1000, r.retryAfter * 1000) * (0.5 + Math.random())));
  }
  failed++;
}));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ seconds, retries, unknownOutcomes, failed, confirmed: outcome.CONFIRMED, waitlisted: outcome.WAITLISTED, failures: Object.fromEntries(failures) }) + '\n');
