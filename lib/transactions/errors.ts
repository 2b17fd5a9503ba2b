import { ContextualError } from '../shared/contextual-error.js';

/** Typed errors of the transaction domain; context names references, never secrets. */
export class TransactionError extends ContextualError {}

/** Storage failed, throttled or timed out: nothing was written, and the sender should retry. */
export class StorageUnavailableError extends TransactionError {}

/**
 * The transaction item reached the storage's size limit, so nothing was written. Permanent: a
 * retry would fail the same way. The bounded history (history-window.ts) keeps a transaction far
 * below the limit; only an order flooded with anomalies could still reach it.
 */
export class ItemTooLargeError extends TransactionError {}

/** Too many concurrent writers on one reference to settle a notification in the allowed tries. */
export class ContentionError extends TransactionError {}

/** Invalid registration input, one message per bad field. */
export class ValidationError extends TransactionError {
  public readonly fields: Readonly<Record<string, string>>;

  public constructor(fields: Record<string, string>) {
    super(`Invalid ${Object.keys(fields).join(', ')}`, {
      context: { fields: Object.keys(fields).join(',') },
    });
    this.fields = fields;
  }
}

/** The reference exists with another amount or currency, or as an unmatched transaction. */
export class ConflictError extends TransactionError {}

export class NotFoundError extends TransactionError {}
