// One cold start, in a fresh `node` process: import a bundle, handle one event, report. Plain
// JavaScript, run by plain node (no tsx loader), so nothing but the bundle is measured.
// argv: <bundle.mjs>; env BENCH_EVENT: the event (JSON); BENCH_CONTEXT: the Lambda context (JSON).
// The result goes to BENCH_RESULT_FILE. Times are performance.now(), milliseconds since this process began; CPU is process.cpuUsage().
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const entered = performance.now();
const event = JSON.parse(process.env.BENCH_EVENT ?? '{}');
const context = {
  ...JSON.parse(process.env.BENCH_CONTEXT ?? '{}'),
  getRemainingTimeInMillis: () => 6000,
};
const module = await import(pathToFileURL(process.argv[2] ?? '').href);
const imported = performance.now();
const response = await module.handler(event, context);
const answered = performance.now();
const cpu = process.cpuUsage();
writeFileSync(
  process.env.BENCH_RESULT_FILE ?? '',
  JSON.stringify({
    answered,
    importMs: imported - entered,
    cpuMs: (cpu.user + cpu.system) / 1000,
    statusCode: response?.statusCode,
    body: response?.body,
  }),
);
process.exit(0);
