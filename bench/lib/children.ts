import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/lib/dynamodb-local.js';

export const COLD_CHILD = fileURLToPath(new URL('./cold-child.mjs', import.meta.url));
export const WARM_CHILD = fileURLToPath(new URL('./warm-child.mjs', import.meta.url));

export const BENCH_PASSPHRASE = 'bench-sha-out-passphrase-0123456';
export const RESULT_URL = 'https://shop.example/payment/result';

/**
 * The environment of a function, as serverless.yml gives it in AWS (provider.environment) with
 * the local endpoint and credentials of DynamoDB Local, and nothing inherited from this process
 * (npm and tsx variables would only add noise).
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
  RESULT_URL,
  TRANSACTIONS_TABLE: options.tableName,
  ...options.extra,
});

export interface ChildRun<T> {
  readonly result: T;
  /** From spawn() to the result line on stdout, as seen by this process. */
  readonly wallMs: number;
  readonly stdoutBytes: number;
}

export interface ChildOptions {
  readonly nodeFlags?: readonly string[];
  readonly timeoutMs?: number;
  /**
   * Send the child's stdout to /dev/null and read its result from this file (the child gets it
   * as BENCH_RESULT_FILE): what logging costs when nothing reads the log.
   */
  readonly resultFile?: string;
}

/**
 * Runs `node [flags] script args` and resolves with the JSON after its `BENCH_RESULT ` line.
 * Everything else the child prints (the handler's log lines) is read and dropped.
 */
export const runNodeChild = <T>(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  options: ChildOptions = {},
): Promise<ChildRun<T>> =>
  new Promise((resolve, reject) => {
    const { nodeFlags = [], timeoutMs = 120_000, resultFile } = options;
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
      env: resultFile === undefined ? env : { ...env, BENCH_RESULT_FILE: resultFile },
      stdio: ['ignore', resultFile === undefined ? 'pipe' : 'ignore', 'pipe'],
    });
    let pending = '';
    let stderr = '';
    let stdoutBytes = 0;
    let found: { result: T; wallMs: number } | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      pending += chunk.toString();
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.startsWith('BENCH_RESULT ') && found === undefined) {
          found = {
            result: JSON.parse(line.slice('BENCH_RESULT '.length)) as T,
            wallMs: performance.now() - started,
          };
        }
        newline = pending.indexOf('\n');
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (resultFile !== undefined && code === 0) {
        found = {
          result: JSON.parse(readFileSync(resultFile, 'utf8')) as T,
          wallMs: performance.now() - started,
        };
      }
      if (found === undefined || code !== 0) {
        reject(new Error(`${script} exited with ${code} and no result\n${stderr}`));
      } else {
        resolve({ ...found, stdoutBytes });
      }
    });
  });
