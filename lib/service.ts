import { readFileSync } from 'node:fs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Account, WorldlineAccount } from './accounts/account.js';
import {
  ACCOUNTS_VARIABLE,
  type Config,
  type ConfigSource,
  ConfigurationError,
  type ParseOptions,
  parseConfig,
} from './config.js';
import { createDynamoDbClient } from './dynamodb/client.js';
import { DynamoDbTransactionRepository } from './dynamodb/repository.js';
import { logger } from './observability/logger.js';
import { loadSecrets } from './secrets/load-secrets.js';
import {
  type FunctionKey,
  needsOf,
  parametersOf,
  SECRET_PARAMETERS,
} from './secrets/ssm-parameters.js';
import { StorageUnavailableError } from './transactions/errors.js';
import type { TransactionRepository } from './transactions/port.js';
import { createPaymentsApi, type PaymentsApi } from './worldline/payments-api.js';

/** What every handler needs, built once per cold start: the composition root. */
export interface Service {
  readonly config: Config;
  /** The account's storage: keys, index bucket and items of that account only. */
  repositoryFor(account: Account): TransactionRepository;
  /**
   * The Payments API client of a worldline account, signed with its api-secret; only in a
   * function that reads the secret (registration, the shopper's return, reconciliation).
   */
  paymentsApiFor(account: WorldlineAccount): PaymentsApi;
}

/** One per function: a Lambda bundle holds one, tests and the local server may hold several. */
const cache = new Map<FunctionKey, Promise<Service>>();

/**
 * The function's configuration. The result-signing secret only signs the browser's redirect, so
 * a missing or short one must not cost a notification: the feedback function then still verifies,
 * records and answers Ogone's server, and only a browser gets 500 (result-redirect/sign.ts), each
 * logged. Any other problem fails the cold start, listed together with the secret's.
 */
const configOf = (source: ConfigSource, fn: FunctionKey, options: ParseOptions): Config => {
  const needs = needsOf(fn);
  try {
    return parseConfig(source, needs, options);
  } catch (error) {
    if (!(error instanceof ConfigurationError) || needs.resultSigning !== true) throw error;
    let config: Config;
    try {
      config = parseConfig(source, { ...needs, resultSigning: false }, options);
    } catch {
      throw error;
    }
    logger.error('Result redirect unavailable: browsers get 500 until this is fixed', {
      problems: error.problems,
    });
    return config;
  }
};

/**
 * The accounts document as text: the file named by ACCOUNTS_FILE (locally, tests), else what
 * packaging put in OGONE_ACCOUNTS (AWS), else none (a single-account install).
 */
const accountsDocument = (env: NodeJS.ProcessEnv): string | undefined => {
  const file = env.ACCOUNTS_FILE;
  if (file === undefined || file === '') {
    const text = env[ACCOUNTS_VARIABLE];
    return text === undefined || text === '' ? undefined : text;
  }
  if (env[ACCOUNTS_VARIABLE]) {
    throw new ConfigurationError([`Set ACCOUNTS_FILE or ${ACCOUNTS_VARIABLE}, not both`]);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigurationError([`ACCOUNTS_FILE could not be read (${code})`]);
  }
};

const build = async (env: NodeJS.ProcessEnv, fn: FunctionKey): Promise<Service> => {
  // In AWS the secrets come from SSM (never from the template or the Lambda environment);
  // locally and in tests there is no SSM path and they come from the environment or the
  // accounts file. A function with no secret of its own (getTransaction) builds no SSM client.
  const path = env.OGONE_SSM_PATH;
  const fromSsm = path !== undefined && path !== '';
  const document = accountsDocument(env);
  const wanted = fromSsm ? parametersOf(fn, path, document) : [];
  const secrets =
    wanted.length === 0 ? {} : await loadSecrets(new SSMClient({ maxAttempts: 3 }), wanted);
  // With SSM, a parameter it lacks stays missing: never filled in from the environment.
  const settings = fromSsm
    ? Object.fromEntries(Object.entries(env).filter(([name]) => !(name in SECRET_PARAMETERS)))
    : env;
  const source = {
    ...settings,
    ...(document === undefined ? {} : { [ACCOUNTS_VARIABLE]: document }),
    ...secrets,
  };
  const config = configOf(source, fn, { documentSecrets: !fromSsm });
  for (const warning of config.warnings) logger.warn('Configuration warning', { warning });
  const client = createDynamoDbClient();
  // Built once per cold start, one per account: no request builds or looks up anything else.
  const repositories = new Map(
    [...config.accounts.byId.values()].map((account) => [
      account.id,
      new DynamoDbTransactionRepository(client, config.tableName, account),
    ]),
  );
  const apis = new Map(
    [...config.accounts.byId.values()].flatMap((account) =>
      account.provider === 'worldline' && account.apiSecret !== ''
        ? [
            [
              account.id,
              createPaymentsApi({
                merchantId: account.merchantId,
                environment: account.environment,
                endpoint: account.apiEndpoint,
                apiKeyId: account.apiKeyId,
                apiSecret: account.apiSecret,
                timeoutMs: config.worldlineTimeoutMs,
              }),
            ] as const,
          ]
        : [],
    ),
  );
  return {
    config,
    paymentsApiFor: (account) => {
      const api = apis.get(account.id);
      if (api === undefined) throw new Error(`No Payments API client for account ${account.id}`);
      return api;
    },
    repositoryFor: (account) => {
      const repository = repositories.get(account.id);
      if (repository === undefined) throw new Error(`No repository for account ${account.id}`);
      return repository;
    },
  };
};

/**
 * Builds the service on first use and keeps it for the life of the execution environment. A
 * failure is logged once with every problem and not cached, so the next invocation tries again
 * (an SSM hiccup heals) while a real misconfiguration keeps failing loudly.
 */
export const getService = (
  fn: FunctionKey,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Service> => {
  let service = cache.get(fn);
  if (service === undefined) {
    service = build(env, fn).catch((error: unknown) => {
      cache.delete(fn);
      logger.error('Cold start failed: configuration', {
        problems: error instanceof ConfigurationError ? error.problems : [],
        error: error instanceof Error ? error.name : 'UnknownError',
      });
      // A misconfiguration is a 500 until someone fixes it; SSM being unreachable or throttled is
      // transient, so it is a 503 and Ogone's deferred retry delivers the notification later.
      throw error instanceof ConfigurationError
        ? error
        : new StorageUnavailableError('Secrets could not be read from SSM', { cause: error });
    });
    cache.set(fn, service);
  }
  return service;
};

/** Tests only: forget the cached service so the next call reads the configuration again. */
export const resetService = (): void => {
  cache.clear();
};
