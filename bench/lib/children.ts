import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/lib/dynamodb-local.js';
import { BENCH_PASSPHRASE } from './fixtures.js';

export const COLD_CHILD = fileURLToPath(new URL('./cold-child.mjs', import.meta.url));
export const WARM_CHILD = fileURLToPath(new URL('./warm-child.mjs', import.meta.url));

/**
 * A function's environment as serverless.yml gives it in AWS (provider.environment), pointed at
 * DynamoDB Local, and nothing inherited from this process (npm and tsx variables are noise).
 */
export const functionEnvironment = (options: {
  endpoint: string;
  tableName: string;
  nodeOptions: string;
  extra?: Record<string, string>;
}): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  ...(options.nodeOptions === '' ? {} : { NODE_OPTIONS: options.nodeOptions }),
  AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
  AWS_ENDPOINT_URL_DYNAMODB: options.endpoint,
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'ogone-feedback-bench',
  POWERTOOLS_METRICS_NAMESPACE: 'OgoneFeedback',
  OGONE_ENVIRONMENT: 'test',
  OGONE_PSPID: 'bench-pspid',
  OGONE_HASH_ALGORITHM: 'sha512',
  OGONE_SSM_PATH: '',
  OGONE_SHA_OUT_PASSPHRASE: BENCH_PASSPHRASE,
  RESULT_SIGNING_SECRET: 'bench-result-signing-secret-0123456789abcdef',
  RESULT_URL: 'https://shop.example/payment/result',
  TRANSACTIONS_TABLE: options.tableName,
  ...options.extra,
});

/**
 * Runs `node script args`; the child writes its result as JSON to the file named by
 * BENCH_RESULT_FILE. Its stdout (the handler's log lines) is read as a log pipe would be, and only
 * counted, so that the reader costs as little as a log agent's.
 */
export const runNodeChild = <T>(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<{ result: T; stdoutBytes: number }> =>
  new Promise((resolve, reject) => {
    const resultFile = join(mkdtempSync(join(tmpdir(), 'ogone-bench-child-')), 'result.json');
    // BENCH_CPU_PROF=<dir>: each child writes a V8 CPU profile there (bench/README.md).
    const prof = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    const child = spawn(process.execPath, [...prof, script, ...args], {
      env: { ...env, BENCH_RESULT_FILE: resultFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdoutBytes = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish in time\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      try {
        if (code !== 0) throw new Error(`${script} exited with ${code}\n${stderr}`);
        resolve({ result: JSON.parse(readFileSync(resultFile, 'utf8')) as T, stdoutBytes });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dirname(resultFile), { recursive: true, force: true });
      }
    });
  });
