import { ContextualError } from '../shared/contextual-error.js';

/**
 * Typed errors of the Worldline Direct webhook layer. Messages and context name headers, fields
 * and problems, never a value: a signature, a secret or a body must not reach a log line.
 */
export class WorldlineWebhookError extends ContextualError {}

export const WEBHOOK_HEADERS = {
  signature: 'X-GCS-Signature',
  keyId: 'X-GCS-KeyId',
} as const;

export type WebhookHeaderName = (typeof WEBHOOK_HEADERS)[keyof typeof WEBHOOK_HEADERS];

/**
 * A signature header given twice (API Gateway's HTTP API joins repeated headers with a comma):
 * which of the values was meant cannot be known, so the request is malformed (400), not forged.
 */
export class DuplicateWebhookHeaderError extends WorldlineWebhookError {
  public readonly header: WebhookHeaderName;

  public constructor(header: WebhookHeaderName) {
    super(`The request carries ${header} more than once`, { context: { header } });
    this.header = header;
  }
}

export const WEBHOOK_SIGNATURE_FAILURES = {
  missingSignature: 'missing_signature',
  missingKeyId: 'missing_key_id',
  unknownKeyId: 'unknown_key_id',
  malformedSignature: 'malformed_signature',
  mismatch: 'mismatch',
} as const;

export type WebhookSignatureFailure =
  (typeof WEBHOOK_SIGNATURE_FAILURES)[keyof typeof WEBHOOK_SIGNATURE_FAILURES];

const SIGNATURE_MESSAGES: Readonly<Record<WebhookSignatureFailure, string>> = {
  missing_signature: `The request carries no ${WEBHOOK_HEADERS.signature}`,
  missing_key_id: `The request carries no ${WEBHOOK_HEADERS.keyId}`,
  unknown_key_id: `${WEBHOOK_HEADERS.keyId} names no webhook key of this account`,
  malformed_signature: `${WEBHOOK_HEADERS.signature} is not base64`,
  mismatch: `${WEBHOOK_HEADERS.signature} does not match the body`,
};

/** Every way a webhook can fail to prove its origin: answered 403, nothing read or written. */
export class WebhookSignatureError extends WorldlineWebhookError {
  public readonly failure: WebhookSignatureFailure;

  public constructor(failure: WebhookSignatureFailure) {
    super(SIGNATURE_MESSAGES[failure], { context: { failure } });
    this.failure = failure;
  }
}

/** A verified body over the size limit: answered 413 before a byte of it is parsed. */
export class WebhookBodyTooLargeError extends WorldlineWebhookError {
  public readonly limit: number;

  public constructor(limit: number) {
    super(`Webhook bodies are limited to ${limit} bytes`, { context: { limit } });
    this.limit = limit;
  }
}

export const EVENT_PROBLEMS = {
  encoding: 'broken_encoding',
  notJson: 'not_json',
  tooDeep: 'too_deep',
  notObject: 'not_object',
  forbiddenKey: 'forbidden_key',
  duplicateKey: 'duplicate_key',
  unsafeNumber: 'unsafe_number',
  missingField: 'missing_field',
  invalidField: 'invalid_field',
} as const;

export type EventProblem = (typeof EVENT_PROBLEMS)[keyof typeof EVENT_PROBLEMS];

/** Verified, but not an event this service can read unambiguously: answered 400. */
export class WebhookEventError extends WorldlineWebhookError {
  public readonly problem: EventProblem;

  public constructor(problem: EventProblem, message: string, field?: string) {
    super(message, { context: field === undefined ? { problem } : { problem, field } });
    this.problem = problem;
  }
}

/** A verified event about another merchant account than the route's: answered 403. */
export class MerchantMismatchError extends WorldlineWebhookError {
  public constructor() {
    super('The event names another merchantId than the account');
  }
}

/**
 * Why a Payments API call (lib/worldline/payments-api.ts) gave no answer to use. None carries
 * the request: its Authorization is keyed with the account's api-secret, so only the operation,
 * the HTTP status and Worldline's own error id and code (what its support asks for) are kept.
 */
export class WorldlineApiError extends ContextualError {}

/** No complete answer within the time allowed. */
export class WorldlineTimeoutError extends WorldlineApiError {}

/**
 * Worldline answered 4xx: it refused the request (401 wrong key or signature, 403 another
 * merchant's key, 400 a bad body). The same request would be refused again.
 */
export class WorldlineRefusedError extends WorldlineApiError {
  public constructor(
    message: string,
    public readonly status: number,
    /** The first error's id, e.g. MISSING_OR_INVALID_AUTHORIZATION; '' when the body had none. */
    public readonly worldlineErrorId: string,
    context: Record<string, string | number>,
  ) {
    super(message, { context: { status, worldlineErrorId, ...context } });
  }
}

/** 404: no such hosted checkout or payment for this merchant. */
export class WorldlineNotFoundError extends WorldlineRefusedError {}

/** Worldline answered 5xx, or could not be reached: worth asking again later. */
export class WorldlineUnavailableError extends WorldlineApiError {}

/** An answer that is not what the API reference describes (no JSON, a field missing, a redirect). */
export class WorldlineAnswerError extends WorldlineApiError {}

/** An amount the currency's minor unit cannot carry exactly: bad input, nothing is sent. */
export class WorldlineAmountError extends ContextualError {}
