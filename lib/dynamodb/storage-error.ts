import { ItemTooLargeError, StorageUnavailableError } from '../transactions/errors.js';

/**
 * DynamoDB refuses an item over 400 KB with a ValidationException: "Item size has exceeded the
 * maximum allowed size" (or "Item size to update has exceeded ..." for UpdateItem).
 */
const isItemTooLarge = (error: unknown): boolean =>
  error instanceof Error &&
  error.name === 'ValidationException' &&
  /item size .*exceeded the maximum allowed size/i.test(error.message);

/**
 * Every other storage failure than a failed condition or an item over the size limit means
 * "nothing was written, try again":
 * throttling, timeouts, an unreachable endpoint, a service error. The SDK's message names the
 * error class only; no request content reaches it.
 */
export const toStorageError = (
  error: unknown,
  operation: string,
): StorageUnavailableError | ItemTooLargeError => {
  const name = error instanceof Error ? error.name : 'UnknownError';
  if (isItemTooLarge(error)) {
    // Not "try again": the same write fails the same way, so it must not become a 503.
    return new ItemTooLargeError(`DynamoDB ${operation} failed: the item is too large`, {
      cause: error,
      context: { operation, error: name },
    });
  }
  return new StorageUnavailableError(`DynamoDB ${operation} failed: ${name}`, {
    cause: error,
    context: { operation, error: name },
  });
};
