/** Typed errors of the transaction domain; context names references, never secrets. */
export class TransactionError extends Error {
  public readonly context: Readonly<Record<string, string | number>>;

  public constructor(
    message: string,
    options: { cause?: unknown; context?: Record<string, string | number> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }
}

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
