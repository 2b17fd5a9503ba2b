// One cold start, in a fresh `node` process: import a bundle, handle one event, report.
// Plain JavaScript, run by plain node (no tsx loader), so nothing but the bundle is measured.
// argv: <bundle.mjs>; env BENCH_EVENT: the event (JSON); BENCH_CONTEXT: the Lambda context (JSON).
// Times are performance.now(), i.e. milliseconds since this process began (timeOrigin); CPU is
// process.cpuUsage() since the process began (all threads), which other load disturbs far less.
import { pathToFileURL } from 'node:url';

const entered = performance.now();
const bundle = process.argv[2] ?? '';
const event = JSON.parse(process.env.BENCH_EVENT ?? '{}');
const context = {
  ...JSON.parse(process.env.BENCH_CONTEXT ?? '{}'),
  getRemainingTimeInMillis: () => 6000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
const module = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const response = await module.handler(event, context);
const answered = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(
  `BENCH_RESULT ${JSON.stringify({
    entered,
    imported,
    answered,
    importMs: imported - entered,
    handleMs: answered - imported,
    cpuMs: (cpu.user + cpu.system) / 1000,
    statusCode: response?.statusCode,
    body: response?.body,
  })}\n`,
  () => process.exit(0),
);
