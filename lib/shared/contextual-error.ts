export type ErrorContext = Readonly<Record<string, string | number>>;

export interface ContextualErrorOptions {
  readonly cause?: unknown;
  readonly context?: Record<string, string | number>;
}

/**
 * The base of every module's typed errors: the class name as `name`, the cause
 * chained, and context fields for the log line. Context names parameters, references and error
 * classes; no caller puts a secret, a signature or a card number into it.
 */
export class ContextualError extends Error {
  public readonly context: ErrorContext;

  public constructor(message: string, options: ContextualErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }
}
