/**
 * `npx tsx bench/worldline-sdk.ts [--runs 15]`: what Worldline's official SDK costs a function,
 * against the project's own client making the same call (docs/worldline.md, "The Payments API
 * client"), and a bare node:http call for reference. Bundles each minimal entry with
 * serverless.yml's own esbuild settings, then runs fresh `node` processes, taking turns
 * (bench/lib/cold.ts), each importing its bundle and creating one hosted checkout against the
 * local fake, which verifies every signature. Prints JSON.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { startFakeWorldline } from '../scripts/lib/fake-worldline.js';
import { buildBundle, deployedBuildOptions, ROOT, readDeployed } from './lib/bundles.js';
import { runColdSeries } from './lib/cold.js';
import { round } from './lib/stats.js';

const ENTRIES = {
  sdk: 'bench/lib/worldline/sdk-entry.ts',
  client: 'bench/lib/worldline/client-entry.ts',
  http: 'bench/lib/worldline/http-entry.ts',
} as const;

const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 15;
const MERCHANT = { merchantId: 'BenchShop', apiKeyId: 'BENCHKEY', apiSecret: 'bench-api-secret' };

/** The bundle as serverless-esbuild builds a function (bundles.ts' buildBundle, any entry). */
const bundle = async (name: keyof typeof ENTRIES, outdir: string) => {
  const { esbuild, nodeOptions } = readDeployed();
  const extension = String(esbuild.outputFileExtension ?? '.js');
  await build({
    ...deployedBuildOptions(esbuild),
    absWorkingDir: ROOT,
    entryPoints: { [name]: ENTRIES[name] },
    outdir,
  });
  const file = join(outdir, `${name}${extension}`);
  const bytes = readFileSync(file);
  return { file, nodeOptions, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
};

const main = async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'worldline-bench-'));
  const fake = await startFakeWorldline({ merchants: [MERCHANT] });
  try {
    const sdk = await bundle('sdk', tmp);
    const client = await bundle('client', tmp);
    const http = await bundle('http', tmp);
    const feedback = await buildBundle('feedback', tmp, readDeployed().esbuild);
    const env = (): Record<string, string> => ({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...(sdk.nodeOptions === '' ? {} : { NODE_OPTIONS: sdk.nodeOptions }),
      BENCH_WORLDLINE_URL: fake.url,
      BENCH_WORLDLINE_MERCHANT: MERCHANT.merchantId,
      BENCH_WORLDLINE_KEY_ID: MERCHANT.apiKeyId,
      BENCH_WORLDLINE_SECRET: MERCHANT.apiSecret,
    });
    const cold = await runColdSeries(
      [
        { name: 'sdk', bundle: sdk.file, env },
        { name: 'client', bundle: client.file, env },
        { name: 'http', bundle: http.file, env },
      ],
      RUNS,
    );
    const refused = fake.calls.filter((call) => call.status !== 201).length;
    if (refused > 0) throw new Error(`${refused} calls were refused by the fake`);
    const ratio = (a: number, b: number) => round(a / b, 3);
    process.stdout.write(
      `${JSON.stringify(
        {
          runs: RUNS,
          bundleBytes: {
            sdk: sdk.bytes,
            client: client.bytes,
            http: http.bytes,
            feedbackHandler: feedback.bytes,
          },
          bundleGzipBytes: { sdk: sdk.gzipBytes, client: client.gzipBytes, http: http.gzipBytes },
          cold,
          coldStartRatioSdkOverClient: ratio(cold.sdk?.medianMs ?? 0, cold.client?.medianMs ?? 1),
          coldStartRatioSdkOverHttp: ratio(cold.sdk?.medianMs ?? 0, cold.http?.medianMs ?? 1),
          cpuRatioSdkOverClient: ratio(cold.sdk?.medianCpuMs ?? 0, cold.client?.medianCpuMs ?? 1),
          callsToFake: fake.calls.length,
          loadAverage: loadavg().map((value) => round(value, 2)),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await fake.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
};

await main();
