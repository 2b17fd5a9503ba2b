// Warm throughput, in one `node` process: the feedback bundle and the floor bundle, each imported
// once, called sequentially (concurrency 1) in alternating blocks so that drift in DynamoDB
// Local or on the machine falls on every series alike. Plain JavaScript, run by plain node.
// argv: <input.json> with { feedbackBundle, floorBundle, context, block, series: [{ name, kind,
//   warmup: [...], items: [...] }] } where kind is 'handler' (items: API Gateway events),
//   'floor' (items: references) or 'replay' (items: UpdateItem inputs, sent bare).
// The result goes to stdout as `BENCH_RESULT {json}`, or to BENCH_RESULT_FILE when set (for runs
// whose stdout is /dev/null).
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
const feedback = await import(pathToFileURL(input.feedbackBundle).href);
const floor = await import(pathToFileURL(input.floorBundle).href);

const call = {
  handler: (item) => feedback.handler(item, context),
  floor: (item) => floor.handler({ reference: item }),
  replay: (item) => floor.replay(item),
};

const series = input.series.map((spec) => ({
  ...spec,
  next: 0,
  latenciesMs: [],
  cpuMicros: 0,
  answers: {},
}));

const invoke = async (spec, item, record) => {
  const start = performance.now();
  const response = await call[spec.kind](item);
  const elapsed = performance.now() - start;
  if (record) {
    spec.latenciesMs.push(elapsed);
    const answer = `${response.statusCode} ${response.body}`;
    spec.answers[answer] = (spec.answers[answer] ?? 0) + 1;
  }
};

// Warm-up, interleaved, not recorded.
const longest = Math.max(...series.map((spec) => spec.warmup.length));
for (let i = 0; i < longest; i++) {
  for (const spec of series) if (i < spec.warmup.length) await invoke(spec, spec.warmup[i], false);
}

const started = performance.now();
while (series.some((spec) => spec.next < spec.items.length)) {
  for (const spec of series) {
    const cpu = process.cpuUsage();
    for (let k = 0; k < input.block && spec.next < spec.items.length; k++) {
      await invoke(spec, spec.items[spec.next++], true);
    }
    const used = process.cpuUsage(cpu);
    spec.cpuMicros += used.user + used.system;
  }
}
const result = {
  elapsedMs: performance.now() - started,
  series: Object.fromEntries(
    series.map((spec) => [
      spec.name,
      { latenciesMs: spec.latenciesMs, cpuMicros: spec.cpuMicros, answers: spec.answers },
    ]),
  ),
};
if (process.env.BENCH_RESULT_FILE) {
  writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(result));
  process.exit(0);
} else {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`, () => process.exit(0));
}
