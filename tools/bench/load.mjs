#!/usr/bin/env node
// The load generator of `npm run bench`, in its own process so that its CPU is
// never counted as the server's: reads one job (JSON) from argv[2], drives it
// with autocannon, and prints one JSON result line on stdout.
//
// job: { url, body, headers, connections, seconds | amount, expect }
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2]);
let bad = 0;
let firstBad;
const instance = autocannon(
  {
    url: job.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...job.headers },
    body: job.body,
    connections: job.connections,
    ...(job.amount ? { amount: job.amount } : { duration: job.seconds }),
    // every answer is read: a wrong or partial one counts as an error of the run
    setupClient: (client) => {
      client.on('body', (buf) => {
        const text = buf.toString();
        if (!text.includes(job.expect) || text.includes('"errors"')) {
          bad += 1;
          firstBad ??= text.slice(0, 300);
        }
      });
    },
  },
  (err, result) => {
    if (err) {
      process.stdout.write(JSON.stringify({ error: String(err) }) + '\n');
      process.exit(1);
    }
    process.stdout.write(
      JSON.stringify({
        requests: result.requests.total,
        seconds: result.duration,
        rps: result.requests.total / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        bad,
        firstBad,
      }) + '\n',
    );
  },
);
process.on('SIGTERM', () => instance.stop());
