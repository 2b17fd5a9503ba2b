// The load generator, in its own process so that it does not share an event loop with the
// service's: autocannon's API against the feedback route, rotating through pre-signed
// notifications of three kinds. Plain JavaScript, run by plain node.
// argv: <pool.json> with { url, connections, duration, pools: { applied, duplicate, stale } }, each
// pool a list of form-encoded signed notifications. Every request takes the next one of its kind;
// applied and stale notifications are used once each (a second use would be a duplicate).
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const input = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8'));
const PATH = '/payment/ogone/return';
// Half new notifications, a quarter repeats of recorded ones, a quarter stale ones.
const PATTERN = ['applied', 'duplicate', 'applied', 'stale'];

const next = { applied: 0, duplicate: 0, stale: 0 };
let sequence = 0;
const exhausted = new Set();
const sent = {};
const answered = {};

const take = (kind) => {
  const pool = input.pools[kind];
  if (kind === 'duplicate') return pool[next.duplicate++ % pool.length];
  if (next[kind] < pool.length) return pool[next[kind]++];
  exhausted.add(kind);
  return undefined;
};

const setupRequest = (request, context) => {
  const i = sequence++;
  let kind = PATTERN[i % PATTERN.length];
  let form = take(kind);
  if (form === undefined) {
    kind = 'duplicate';
    form = take(kind);
  }
  // Each kind both ways: Ogone's server-to-server POST, and the shopper's browser redirect (GET).
  const method = Math.floor(i / PATTERN.length) % 2 === 0 ? 'POST' : 'GET';
  context.kind = `${kind} ${method}`;
  sent[context.kind] = (sent[context.kind] ?? 0) + 1;
  return method === 'POST'
    ? {
        ...request,
        method,
        path: PATH,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      }
    : {
        ...request,
        method,
        path: `${PATH}?${form}`,
        headers: { accept: 'text/html,application/xhtml+xml' },
        body: '',
      };
};

const onResponse = (status, _body, context) => {
  const key = `${context.kind} ${status}`;
  answered[key] = (answered[key] ?? 0) + 1;
};

const result = await autocannon({
  url: input.url,
  connections: input.connections,
  duration: input.duration,
  timeout: 10,
  requests: [{ setupRequest, onResponse }],
});
process.stdout.write(
  `BENCH_RESULT ${JSON.stringify({
    totalRequests: result.requests.total,
    durationSec: result.duration,
    requestsPerSec: result.requests.average,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    resets: result.resets,
    statusCodeStats: result.statusCodeStats,
    byClass: {
      '1xx': result['1xx'],
      '2xx': result['2xx'],
      '3xx': result['3xx'],
      '4xx': result['4xx'],
      '5xx': result['5xx'],
    },
    sent,
    answered,
    exhausted: [...exhausted],
  })}\n`,
  () => process.exit(0),
);
