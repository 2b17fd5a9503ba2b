// Warm calls in one `node` process: each bundle imported once, every series called sequentially
// (concurrency 1) in interleaved rounds of `block` calls, so that drift on the machine or in
// DynamoDB Local falls on every series alike. Plain JavaScript, run by plain node.
// argv: <input.json> { bundles: { feedback, staged, floor, bound, compare?, accounts? },
//   accountsEnv?, context, block, warmupRounds, series: [{ name, kind: 'handler' | 'compare' |
//   'accounts' | 'staged' | 'bound' | 'replay' | 'floor', items: [...] }] }
// stdout: the handlers' log lines, read by the parent as a log pipe would. The result goes to
// BENCH_RESULT_FILE: per series and round, wall ms and CPU µs of the block; the stage samples.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const input = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8'));
const context = {
  ...input.context,
  getRemainingTimeInMillis: () => 6000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
const load = (file) => import(pathToFileURL(file).href);
const [feedback, staged, floor, bound, compare, accounts] = await Promise.all(
  [
    input.bundles.feedback,
    input.bundles.staged,
    input.bundles.floor,
    input.bundles.bound,
    input.bundles.compare ?? input.bundles.feedback,
    input.bundles.accounts ?? input.bundles.feedback,
  ].map(load),
);
// The accounts copy of the bundle reads its configuration at its first call, with the accounts
// document set for that call only: every other bundle was configured before, without it.
let accountsConfigured = false;
const callAccounts = async (item) => {
  if (accountsConfigured) return accounts.handler(item, context);
  accountsConfigured = true;
  Object.assign(process.env, input.accountsEnv ?? {});
  try {
    return await accounts.handler(item, context);
  } finally {
    for (const name of Object.keys(input.accountsEnv ?? {})) delete process.env[name];
  }
};
const call = {
  handler: (item) => feedback.handler(item, context),
  compare: (item) => compare.handler(item, context),
  accounts: callAccounts,
  staged: (item) => staged.handler(item, context),
  bound: (item) => bound.handler(item, context),
  replay: (item) => floor.replay(item),
  floor: (item) => floor.handler({ reference: item }),
};

const series = input.series.map((spec) => ({ ...spec, next: 0, rounds: [], answers: {} }));
const invoke = async (spec) => {
  const response = await call[spec.kind](spec.items[spec.next++]);
  const answer = `${response.statusCode} ${response.body}`;
  spec.answers[answer] = (spec.answers[answer] ?? 0) + 1;
};

// Warm-up rounds first (not recorded), then the measured rounds.
for (let round = 0; series.some((spec) => spec.next < spec.items.length); round++) {
  if (round === input.warmupRounds) staged.takeSamples();
  for (const spec of series) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let k = 0; k < input.block && spec.next < spec.items.length; k++) await invoke(spec);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (round >= input.warmupRounds) spec.rounds.push({ ms, cpuMicros: used.user + used.system });
  }
}
const result = {
  series: Object.fromEntries(
    series.map((spec) => [spec.name, { rounds: spec.rounds, answers: spec.answers }]),
  ),
  stages: staged.takeSamples(),
};
writeFileSync(process.env.BENCH_RESULT_FILE ?? '', JSON.stringify(result));
process.exit(0);
