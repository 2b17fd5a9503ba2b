import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTable,
  type DynamoDbLocal,
  freePort,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
} from './dynamodb-local.js';
import { type FakeWorldline, startFakeWorldline } from './fake-worldline.js';
import { type LocalAccounts, localAccounts } from './local-accounts/local-accounts.js';
import { localEnvironment, localWorldlineUrl } from './local-config.js';
import { type StreamPoller, startStreamPoller } from './stream-poller.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OSLS = fileURLToPath(new URL('../../node_modules/osls/bin/serverless.js', import.meta.url));

export interface LocalStack {
  readonly baseUrl: string;
  readonly lambdaPort: number;
  readonly dynamoDb: DynamoDbLocal;
  readonly settings: Readonly<Record<string, string>>;
  /** The accounts of ACCOUNTS_FILE as the service reads them; undefined without the file. */
  readonly accounts: LocalAccounts | undefined;
  /** The fake Payments API the worldline accounts call; undefined when none points at it. */
  readonly worldline: FakeWorldline | undefined;
  readonly offline: ChildProcess;
  /** Everything serverless-offline printed so far (its logs include the handlers' JSON lines). */
  output(): string;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  readonly port: number;
  readonly dynamoDbPort?: number;
  /** serverless-offline's Lambda invoke port (`npm run ogone -- reconcile` calls it). */
  readonly lambdaPort?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Mirror serverless-offline's output to this process's own (npm start does). */
  readonly echo?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const stopProcessGroup = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      return resolve();
    }
    child.once('exit', () => resolve());
    // serverless-offline runs handlers in worker threads and esbuild in a child: end the group.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000).unref();
  });

/**
 * The fake of Worldline Direct's Payments API (scripts/lib/fake-worldline.ts) on
 * WORLDLINE_PORT (else PORT + 11), when a worldline account calls it: local-accounts.ts points
 * every worldline account whose file gives no `apiEndpoint` there. It knows those accounts' API
 * keys, so it verifies their signatures as Worldline would.
 */
const startLocalWorldline = async (
  accounts: LocalAccounts | undefined,
  url: string,
): Promise<FakeWorldline | undefined> => {
  const merchants = (accounts?.accounts ?? []).flatMap(({ account }) =>
    account.provider === 'worldline' && account.apiEndpoint === url
      ? [
          {
            merchantId: account.merchantId,
            apiKeyId: account.apiKeyId,
            apiSecret: account.apiSecret,
          },
        ]
      : [],
  );
  if (merchants.length === 0) return undefined;
  return startFakeWorldline({ port: Number(new URL(url).port), merchants });
};

/**
 * The whole service on this machine: DynamoDB Local with the table created, serverless-offline
 * serving the same handlers that deploy, bundled by the same esbuild settings, and the fake
 * Payments API when an account of ACCOUNTS_FILE is a worldline one.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const env = options.env ?? process.env;
  // A file the service would refuse stops here, before anything starts, with every problem named.
  const accounts = env.ACCOUNTS_FILE ? localAccounts(env, options.port) : undefined;
  const dynamoDb = await startDynamoDbLocal(options.dynamoDbPort);
  const settings = localEnvironment(env, options.port);
  let poller: StreamPoller | undefined;
  let accountsFolder: string | undefined;
  let worldline: FakeWorldline | undefined;
  try {
    worldline = await startLocalWorldline(accounts, localWorldlineUrl(env, options.port));
    // The handlers read the file with the local defaults filled in (local-accounts.ts); it may
    // hold secrets, so it lives in a private folder for as long as the stack runs.
    accountsFolder =
      accounts === undefined ? undefined : await mkdtemp(join(tmpdir(), 'ogone-feedback-'));
    const accountsFile =
      accountsFolder === undefined ? undefined : join(accountsFolder, 'accounts.json');
    if (accountsFile !== undefined) {
      await writeFile(accountsFile, accounts?.document ?? '', { mode: 0o600 });
    }
    await createTable(dynamoDb.endpoint, settings.TRANSACTIONS_TABLE as string);
    // The stream handler runs here, in-process, as Lambda's stream trigger would in AWS.
    poller = await startStreamPoller({
      endpoint: dynamoDb.endpoint,
      tableName: settings.TRANSACTIONS_TABLE as string,
    });
    const lambdaPort = options.lambdaPort ?? (await freePort());
    const workFolder = `.esbuild-offline-${options.port}`;
    const offline = spawn(
      process.execPath,
      [
        OSLS,
        'offline',
        'start',
        '--stage',
        'local',
        '--httpPort',
        String(options.port),
        '--lambdaPort',
        String(lambdaPort),
        '--localEnvironment',
        // There is no IAM on this machine; in AWS the transaction routes require SigV4.
        '--noAuth',
      ],
      {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...env,
          ...settings,
          ...(accountsFile === undefined ? {} : { ACCOUNTS_FILE: accountsFile }),
          AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
          AWS_REGION: LOCAL_REGION,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          OGONE_ESBUILD_WORK_FOLDER: workFolder,
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
        },
      },
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.echo === true) process.stdout.write(chunk);
    };
    offline.stdout?.on('data', collect);
    offline.stderr?.on('data', collect);
    const baseUrl = `http://127.0.0.1:${options.port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (offline.exitCode !== null) {
        throw new Error(`serverless-offline exited during start:\n${output}`);
      }
      try {
        const response = await fetch(`${baseUrl}/payment/ogone/return`);
        if (response.status === 403) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stopProcessGroup(offline);
        throw new Error(`serverless-offline did not answer within 120 s:\n${output}`);
      }
      await sleep(250);
    }
    return {
      baseUrl,
      lambdaPort,
      dynamoDb,
      settings,
      accounts,
      worldline,
      offline,
      output: () => output,
      stop: async () => {
        await poller?.stop();
        await stopProcessGroup(offline);
        await dynamoDb.stop();
        await worldline?.stop();
        await rm(join(ROOT, workFolder), { recursive: true, force: true });
        if (accountsFolder !== undefined)
          await rm(accountsFolder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await poller?.stop();
    await dynamoDb.stop();
    await worldline?.stop();
    if (accountsFolder !== undefined) await rm(accountsFolder, { recursive: true, force: true });
    throw error;
  }
};
