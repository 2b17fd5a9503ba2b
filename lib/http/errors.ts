/** Errors that only exist at the HTTP edge; domain and protocol errors live in their modules. */
export class HttpEdgeError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class PayloadTooLargeError extends HttpEdgeError {}

export class MethodNotAllowedError extends HttpEdgeError {
  public readonly allowed: readonly string[];

  public constructor(allowed: readonly string[]) {
    super(`Method not allowed; use ${allowed.join(' or ')}`);
    this.allowed = allowed;
  }
}

export class BadRequestError extends HttpEdgeError {}

export class UnsupportedMediaTypeError extends HttpEdgeError {}

/**
 * The invocation reached its deadline before an answer was ready (middy's early timeout). A
 * storage write may or may not have landed; either way the sender must retry, and a redelivery
 * is recognised as a duplicate if it had.
 */
export class DeadlineError extends HttpEdgeError {}
