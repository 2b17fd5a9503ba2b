import { type Config, type ConfigSource, parseConfig } from './config.js';
import { createDynamoDbClient } from './dynamodb/client.js';
import { DynamoDbTransactionRepository } from './dynamodb/repository.js';
import { logger } from './observability/logger.js';
import type { VerificationKeys } from './ogone/read-notification.js';
import type { TransactionRepository } from './transactions/port.js';

/** What every handler needs, built once per cold start: the composition root. */
export interface Service {
  readonly config: Config;
  readonly keys: VerificationKeys;
  readonly repository: TransactionRepository;
}

let cached: Service | undefined;

/**
 * Builds the service on first use and keeps it for the life of the execution environment. A
 * configuration error is thrown on every call, so a misconfigured function keeps failing loudly
 * instead of serving with half a configuration.
 */
export const getService = (source: ConfigSource = process.env): Service => {
  if (cached !== undefined) return cached;
  const config = parseConfig(source);
  for (const warning of config.warnings) logger.warn('Configuration warning', { warning });
  cached = {
    config,
    keys: { passphrases: config.shaOutPassphrases, algorithm: config.hashAlgorithm },
    repository: new DynamoDbTransactionRepository(createDynamoDbClient(), config.tableName),
  };
  return cached;
};

/** Tests only: forget the cached service so the next call reads the configuration again. */
export const resetService = (): void => {
  cached = undefined;
};
