import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConfigurationError } from '../config.js';
import { METRICS, type MetricName } from '../observability/metrics.js';
import { MalformedParametersError, SignatureVerificationError } from '../ogone/errors.js';
import {
  ConflictError,
  ContentionError,
  ItemTooLargeError,
  NotFoundError,
  StorageUnavailableError,
  ValidationError,
} from '../transactions/errors.js';
import { CheckoutReturnError } from '../worldline/checkout-return.js';
import {
  DuplicateWebhookHeaderError,
  MerchantMismatchError,
  WebhookBodyTooLargeError,
  WebhookEventError,
  WebhookSignatureError,
  WorldlineAmountError,
  WorldlineAnswerError,
  WorldlineRefusedError,
  WorldlineTimeoutError,
  WorldlineUnavailableError,
} from '../worldline/errors.js';
import {
  BadRequestError,
  DeadlineError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from './errors.js';

/** Seconds before a retry: long enough for a throttle to pass, short next to Ogone's 10 min. */
export const RETRY_AFTER_SECONDS = 5;

export interface ErrorMapping {
  readonly status: number;
  readonly code: string;
  /** Safe to show: every message of the errors below names fields, never values or secrets. */
  readonly message: string;
  readonly headers?: Record<string, string>;
  readonly fields?: Readonly<Record<string, string>>;
  /** Expected answers (4xx) are logged at info level; the rest are incidents. */
  readonly expected: boolean;
  /** Counted for the dashboard and alarms. */
  readonly metric?: MetricName;
}

/**
 * Every error to its HTTP answer, in this one place (the design's single mapping). Unknown errors
 * become a bare 500 whose message says nothing about the cause.
 */
export const mapError = (error: unknown): ErrorMapping => {
  const message = error instanceof Error ? error.message : '';
  if (
    error instanceof MalformedParametersError ||
    error instanceof BadRequestError ||
    // A Worldline webhook whose header is repeated, or whose verified body is not one event.
    error instanceof DuplicateWebhookHeaderError ||
    error instanceof WebhookEventError
  ) {
    return {
      status: 400,
      code: 'malformed_request',
      message,
      expected: true,
      metric: METRICS.malformedRequest,
    };
  }
  if (error instanceof ValidationError) {
    return {
      status: 400,
      code: 'invalid_input',
      message,
      fields: error.fields,
      expected: true,
    };
  }
  if (error instanceof SignatureVerificationError || error instanceof WebhookSignatureError) {
    return {
      status: 403,
      code: 'invalid_signature',
      message,
      expected: true,
      metric: METRICS.signatureRejected,
    };
  }
  if (error instanceof MerchantMismatchError) {
    // Signed with a key this account holds, about another merchant: as unproven as a bad signature.
    return {
      status: 403,
      code: 'merchant_mismatch',
      message,
      expected: true,
      metric: METRICS.signatureRejected,
    };
  }
  if (error instanceof NotFoundError) {
    return { status: 404, code: 'not_found', message, expected: true };
  }
  if (error instanceof MethodNotAllowedError) {
    return {
      status: 405,
      code: 'method_not_allowed',
      message,
      headers: { allow: error.allowed.join(', ') },
      expected: true,
    };
  }
  if (error instanceof ConflictError) {
    return { status: 409, code: 'conflict', message, expected: true };
  }
  if (error instanceof PayloadTooLargeError || error instanceof WebhookBodyTooLargeError) {
    return { status: 413, code: 'payload_too_large', message, expected: true };
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return { status: 415, code: 'unsupported_media_type', message, expected: true };
  }
  if (
    error instanceof StorageUnavailableError ||
    error instanceof ContentionError ||
    error instanceof DeadlineError
  ) {
    return {
      status: 503,
      code: 'storage_unavailable',
      message: 'Storage is unavailable; nothing was written. Retry later.',
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      expected: false,
      metric: METRICS.storageFailure,
    };
  }
  if (error instanceof CheckoutReturnError) {
    // A return that proves no checkout of this account: as a forged signature, counted alike.
    return {
      status: 403,
      code: 'invalid_return',
      message,
      expected: true,
      metric: METRICS.signatureRejected,
    };
  }
  if (error instanceof WorldlineAmountError) {
    return {
      status: 400,
      code: 'invalid_input',
      message: "The amount is not a whole number of the currency's minor unit; nothing was sent.",
      fields: { amount: "must be a whole number of the currency's minor unit" },
      expected: true,
    };
  }
  // The Payments API (lib/worldline/errors.ts). Their messages name the operation, the HTTP
  // status and Worldline's error id, never the request or the api-secret.
  const worldline = { expected: false, metric: METRICS.worldlineApiFailure } as const;
  if (
    error instanceof WorldlineTimeoutError ||
    error instanceof WorldlineUnavailableError ||
    // 409: Worldline is still working on the first request with this idempotence key.
    (error instanceof WorldlineRefusedError && error.status === 409)
  ) {
    return {
      ...worldline,
      status: 503,
      code: 'provider_unavailable',
      message: `${message}. Send the same request again: it completes what this one started.`,
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    };
  }
  if (error instanceof WorldlineRefusedError || error instanceof WorldlineAnswerError) {
    return {
      ...worldline,
      status: 502,
      code: 'provider_error',
      message: `${message}. Check the account's Worldline settings (merchantId, apiKeyId, api-secret).`,
    };
  }
  if (error instanceof ItemTooLargeError) {
    // Permanent: a 503 would make Ogone retry in vain and hide it among throttles.
    return {
      status: 500,
      code: 'transaction_too_large',
      message: 'The transaction cannot record more; nothing was written.',
      expected: false,
      metric: METRICS.itemTooLarge,
    };
  }
  if (error instanceof ConfigurationError) {
    return {
      status: 500,
      code: 'misconfigured',
      message: 'The service is misconfigured',
      expected: false,
    };
  }
  return { status: 500, code: 'internal_error', message: 'Internal error', expected: false };
};

export type ResponseFormat = 'text' | 'json';

export const renderError = (
  mapping: ErrorMapping,
  format: ResponseFormat,
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: mapping.status,
  headers: {
    'content-type': format === 'json' ? 'application/json' : 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...mapping.headers,
  },
  body:
    format === 'json'
      ? JSON.stringify({
          error: {
            code: mapping.code,
            message: mapping.message,
            ...(mapping.fields === undefined ? {} : { fields: mapping.fields }),
          },
        })
      : mapping.message,
});
