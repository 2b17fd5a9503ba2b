import { ContextualError } from '../shared/contextual-error.js';

/** Typed errors of the transaction domain; context names references, never secrets. */
export class TransactionError extends ContextualError {}

/** Storage failed, throttled or timed out: nothing was written, and the sender should retry. */
export class StorageUnavailableError extends TransactionError {}

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
