import { SSMClient } from '@aws-sdk/client-ssm';
import { type Config, type ConfigSource, ConfigurationError, parseConfig } from './config.js';
import { createDynamoDbClient } from './dynamodb/client.js';
import { DynamoDbTransactionRepository } from './dynamodb/repository.js';
import { logger } from './observability/logger.js';
import type { VerificationKeys } from './ogone/read-notification.js';
import { loadSecrets } from './secrets/load-secrets.js';
import {
  type FunctionKey,
  needsOf,
  SECRET_PARAMETERS,
  secretsOf,
} from './secrets/ssm-parameters.js';
import { StorageUnavailableError } from './transactions/errors.js';
import type { TransactionRepository } from './transactions/port.js';

/** What every handler needs, built once per cold start: the composition root. */
export interface Service {
  readonly config: Config;
  readonly keys: VerificationKeys;
  readonly repository: TransactionRepository;
}

/** One per function: a Lambda bundle holds one, tests and the local server may hold several. */
const cache = new Map<FunctionKey, Promise<Service>>();

/**
 * The function's configuration. The result-signing secret only signs the browser's redirect, so
 * a missing or short one must not cost a notification: the feedback function then still verifies,
 * records and answers Ogone's server, and only a browser gets 500 (result-redirect/sign.ts), each
 * logged. Any other problem fails the cold start, listed together with the secret's.
 */
const configOf = (source: ConfigSource, fn: FunctionKey): Config => {
  const needs = needsOf(fn);
  try {
    return parseConfig(source, needs);
  } catch (error) {
    if (!(error instanceof ConfigurationError) || needs.resultSigning !== true) throw error;
    let config: Config;
    try {
      config = parseConfig(source, { ...needs, resultSigning: false });
    } catch {
      throw error;
    }
    logger.error('Result redirect unavailable: browsers get 500 until this is fixed', {
      problems: error.problems,
    });
    return config;
  }
};

const build = async (env: NodeJS.ProcessEnv, fn: FunctionKey): Promise<Service> => {
  // In AWS the secrets come from SSM (never from the template or the Lambda environment);
  // locally and in tests there is no SSM path and they come from the environment.
  // A function with no secret of its own (getTransaction) builds no SSM client at all.
  const path = env.OGONE_SSM_PATH;
  const fromSsm = path !== undefined && path !== '';
  const names = secretsOf(fn);
  const secrets =
    !fromSsm || names.length === 0
      ? {}
      : await loadSecrets(new SSMClient({ maxAttempts: 3 }), path, names);
  // With SSM, a parameter it lacks stays missing: never filled in from the environment.
  const settings = fromSsm
    ? Object.fromEntries(Object.entries(env).filter(([name]) => !(name in SECRET_PARAMETERS)))
    : env;
  const config = configOf({ ...settings, ...secrets }, fn);
  for (const warning of config.warnings) logger.warn('Configuration warning', { warning });
  return {
    config,
    keys: { passphrases: config.shaOutPassphrases, algorithm: config.hashAlgorithm },
    repository: new DynamoDbTransactionRepository(createDynamoDbClient(), config.tableName),
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
