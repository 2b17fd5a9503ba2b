/**
 * `npm run load [-- --duration 20 --connections 20]`: the whole local service (serverless-offline
 * + DynamoDB Local, as `npm start` runs it) under a bounded load of signed Ogone notifications,
 * driven by autocannon from a second process. New (applied), repeated (duplicate) and out-of-order
 * (stale) notifications, as Ogone's server POSTs and as browser GETs. Loopback only; stops all it
 * started; exits non-zero on any connection error, timeout, 4xx or 5xx, or when the outcomes the
 * service logged do not match the kinds sent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDbTransactionRepository } from '../lib/dynamodb/repository.js';
import { freePort, localClient } from '../scripts/lib/dynamodb-local.js';
import { type LocalStack, startLocalStack } from '../scripts/lib/local-stack.js';
import { registerManyReferences, signedFeedback } from './lib/fixtures.js';

const LOAD_CLIENT = fileURLToPath(new URL('./lib/load-client.mjs', import.meta.url));
const KINDS = ['applied', 'duplicate', 'stale'] as const;
type Kind = (typeof KINDS)[number];

const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const text = inline?.slice(name.length + 3) ?? (at >= 0 ? process.argv[at + 1] : undefined);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 600) {
    console.error(`--${name} must be an integer from 1 to 600, got "${text}"`);
    process.exit(2);
  }
  return value;
};

const DURATION = option('duration', 20);
const CONNECTIONS = option('connections', 20);
/** Generous: new and stale notifications are used once each, at up to ~400 req/s. */
const POOL = Math.max(500, DURATION * 200);
/** References that receive the paid notification first, then duplicates and stale ones. */
const PAID_REFERENCES = 200;

const began = performance.now();
const log = (message: string) =>
  process.stderr.write(`[load ${((performance.now() - began) / 1000).toFixed(1)}s] ${message}\n`);

interface LoadResult {
  readonly totalRequests: number;
  readonly durationSec: number;
  readonly requestsPerSec: number;
  readonly latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly resets: number;
  readonly statusCodeStats: Record<string, { count: number }>;
  readonly byClass: Record<string, number>;
  readonly sent: Record<string, number>;
  readonly answered: Record<string, number>;
  readonly exhausted: string[];
}

/** Runs the autocannon child; it is killed if it outlives the run by more than a minute. */
const runLoadClient = (poolFile: string): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_CLIENT, poolFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), (DURATION + 60) * 1000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith('BENCH_RESULT '));
      if (code !== 0 || line === undefined) {
        reject(new Error(`the load client exited with ${code}\n${stderr}`));
      } else {
        resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as LoadResult);
      }
    });
  });

/** `outcome` of every "Notification processed" line the handlers logged, counted. */
const loggedOutcomes = (output: string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.includes('"Notification processed"') && !line.includes('"Notification needs')) {
      continue;
    }
    const start = line.indexOf('{');
    try {
      const entry = JSON.parse(line.slice(start)) as { outcome?: string };
      const outcome = entry.outcome ?? 'unknown';
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    } catch {
      counts.unparsed = (counts.unparsed ?? 0) + 1;
    }
  }
  return counts;
};

/**
 * Quiet: the local stack runs the table-stream consumer in this process, and its Powertools log
 * and metric lines (JSON, one per line) would drown the report. They are counted, not shown.
 */
const serviceLines = { stateChanges: 0, other: 0 };
const quietServiceLogs = () => {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    if (text.startsWith('{"')) {
      for (const line of text.split('\n')) {
        if (line.includes('"Transaction State Changed"')) serviceLines.stateChanges += 1;
        else if (line !== '') serviceLines.other += 1;
      }
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
};

const main = async (): Promise<boolean> => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  quietServiceLogs();
  const tmp = mkdtempSync(join(tmpdir(), 'ogone-load-'));
  let stack: LocalStack | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stack?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(130));
    });
  }
  try {
    const port = await freePort();
    log(`starting the local service on 127.0.0.1:${port} (serverless-offline + DynamoDB Local)`);
    stack = await startLocalStack({ port, env: { ...process.env, QUIET: '1' } });
    const { baseUrl, settings } = stack;
    const passphrase = settings.OGONE_SHA_OUT_PASSPHRASE as string;
    const algorithm = settings.OGONE_HASH_ALGORITHM as 'sha1' | 'sha256' | 'sha512';
    const table = settings.TRANSACTIONS_TABLE as string;
    const runId = Date.now().toString(36);
    const sign = (reference: string, status: string, overrides: Record<string, string> = {}) =>
      signedFeedback(reference, status, passphrase, algorithm, overrides);

    // References paid before the run, through the real routes: the targets of duplicates
    // (their paid notification again) and of stale ones (a pending 51 after paid).
    log(`registering and paying ${PAID_REFERENCES} references over HTTP`);
    const paid = Array.from({ length: PAID_REFERENCES }, (_, i) => `LOAD-PAID-${runId}-${i}`);
    const duplicates = paid.map((reference) => sign(reference, '9'));
    let cursor = 0;
    const setupWorker = async () => {
      while (cursor < paid.length) {
        const i = cursor++;
        const reference = paid[i] as string;
        const registered = await fetch(`${baseUrl}/payment/ogone/transactions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reference, amount: '15.10', currency: 'EUR' }),
        });
        const fed = await fetch(`${baseUrl}/payment/ogone/return`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: duplicates[i] as string,
        });
        if (registered.status !== 201 || fed.status !== 200) {
          throw new Error(
            `setup of ${reference}: register ${registered.status}, feedback ${fed.status}`,
          );
        }
        await registered.arrayBuffer();
        await fed.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 8 }, setupWorker));

    // The references that new notifications pay: registered the same way, in bulk (copies of
    // one registration's item, written straight to DynamoDB Local).
    log(`registering ${POOL} references for new notifications`);
    const fresh = Array.from({ length: POOL }, (_, i) => `LOAD-NEW-${runId}-${i}`);
    const client = localClient(stack.dynamoDb.endpoint);
    try {
      await registerManyReferences(
        client,
        new DynamoDbTransactionRepository(client, table),
        table,
        fresh,
      );
    } finally {
      client.destroy();
    }
    const pools: Record<Kind, string[]> = {
      applied: fresh.map((reference) => sign(reference, '9')),
      duplicate: duplicates,
      // Each one a distinct notification (its own ACCEPTANCE), so each is stale, never a repeat.
      stale: Array.from({ length: POOL }, (_, i) =>
        sign(paid[i % paid.length] as string, '51', { ACCEPTANCE: `stale-${i}` }),
      ),
    };
    const poolFile = join(tmp, 'pool.json');
    writeFileSync(
      poolFile,
      JSON.stringify({
        url: baseUrl,
        connections: CONNECTIONS,
        duration: DURATION,
        pools,
      }),
    );
    const logged = loggedOutcomes(stack.output());
    const stateChangesBefore = serviceLines.stateChanges;

    log(
      `autocannon: ${CONNECTIONS} connections for ${DURATION} s against ${baseUrl}/payment/ogone/return`,
    );
    const result = await runLoadClient(poolFile);
    // Let the last log lines arrive from serverless-offline's workers.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = loggedOutcomes(stack.output());
    const outcomes = Object.fromEntries(
      Object.entries(after).map(([name, count]) => [name, count - (logged[name] ?? 0)]),
    );

    // Per kind: what was sent, how it was answered.
    const perKind: Record<string, { sent: number; answered: Record<string, number> }> = {};
    for (const [key, count] of Object.entries(result.sent)) {
      const kind = key.split(' ')[0] as string;
      const entry = perKind[kind] ?? { sent: 0, answered: {} };
      entry.sent += count;
      perKind[kind] = entry;
    }
    for (const [key, count] of Object.entries(result.answered)) {
      const [kind, method, status] = key.split(' ') as [string, string, string];
      const entry = perKind[kind] ?? { sent: 0, answered: {} };
      const label = `${method} ${status}`;
      entry.answered[label] = (entry.answered[label] ?? 0) + count;
      perKind[kind] = entry;
    }
    const okAnswers = (kind: string) =>
      Object.entries(perKind[kind]?.answered ?? {})
        .filter(([label]) => /^(POST 200|GET 303)$/.test(label))
        .reduce((sum, [, count]) => sum + count, 0);

    const bad = {
      errors: result.errors,
      timeouts: result.timeouts,
      '4xx': result.byClass['4xx'] ?? 0,
      '5xx': result.byClass['5xx'] ?? 0,
    };
    const unexpected = Object.entries(result.statusCodeStats)
      .filter(([code]) => !['200', '303'].includes(code))
      .reduce((sum, [, stats]) => sum + stats.count, 0);
    // The service's own account of what it did must match what was answered; requests still in
    // flight when autocannon stopped (at most one per connection) may be logged but unanswered.
    const mismatches = KINDS.filter((kind) => {
      const extra = (outcomes[kind] ?? 0) - okAnswers(kind);
      return extra < 0 || extra > CONNECTIONS;
    });

    const seconds = result.durationSec;
    console.log('');
    console.log(`load: ${CONNECTIONS} connections, ${seconds} s, ${baseUrl}/payment/ogone/return`);
    console.log(
      `  throughput   ${(result.totalRequests / seconds).toFixed(1)} req/s (${result.totalRequests} requests; autocannon mean of per-second samples ${result.requestsPerSec})`,
    );
    console.log(
      `  latency ms   p50 ${result.latency.p50} · p90 ${result.latency.p90} · p99 ${result.latency.p99} · max ${result.latency.max} · mean ${result.latency.mean}`,
    );
    console.log(
      `  status       ${Object.entries(result.statusCodeStats)
        .map(([code, stats]) => `${code}: ${stats.count}`)
        .join(', ')}`,
    );
    console.log(
      `  errors ${result.errors} · timeouts ${result.timeouts} · non-2xx/3xx ${unexpected} · 5xx ${bad['5xx']}`,
    );
    for (const kind of KINDS) {
      const entry = perKind[kind] ?? { sent: 0, answered: {} };
      console.log(
        `  ${kind.padEnd(10)} sent ${String(entry.sent).padStart(6)} · answered ${JSON.stringify(entry.answered)} · logged outcome ${outcomes[kind] ?? 0}`,
      );
    }
    console.log(`  outcomes logged by the service: ${JSON.stringify(outcomes)}`);
    console.log(
      `  state-change events seen by the local stream consumer during the run: ${serviceLines.stateChanges - stateChangesBefore} (it may lag the run)`,
    );
    if (result.exhausted.length > 0) {
      console.log(
        `  note: pools exhausted (${result.exhausted.join(', ')}); the rest were duplicates`,
      );
    }
    const failed = Object.values(bad).some((count) => count > 0) || mismatches.length > 0;
    if (mismatches.length > 0) {
      console.log(`  MISMATCH between kinds sent and outcomes logged: ${mismatches.join(', ')}`);
    }
    console.log(failed ? 'load: FAIL' : 'load: OK');
    return !failed;
  } finally {
    log('stopping serverless-offline and DynamoDB Local');
    await stop();
  }
};

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
