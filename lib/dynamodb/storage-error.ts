import { StorageUnavailableError } from '../transactions/errors.js';

/**
 * Every storage failure other than a failed condition means "nothing was written, try again":
 * throttling, timeouts, an unreachable endpoint, a service error. The SDK's message names the
 * error class only; no request content reaches it.
 */
export const toStorageError = (error: unknown, operation: string): StorageUnavailableError => {
  const name = error instanceof Error ? error.name : 'UnknownError';
  return new StorageUnavailableError(`DynamoDB ${operation} failed: ${name}`, {
    cause: error,
    context: { operation, error: name },
  });
};
