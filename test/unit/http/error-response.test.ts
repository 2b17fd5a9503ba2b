import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../lib/config.js';
import { mapError, renderError } from '../../../lib/http/error-response.js';
import {
  BadRequestError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../../lib/http/errors.js';
import { METRICS } from '../../../lib/observability/metrics.js';
import { MalformedParametersError, SignatureVerificationError } from '../../../lib/ogone/errors.js';
import {
  ConflictError,
  ContentionError,
  NotFoundError,
  StorageUnavailableError,
  ValidationError,
} from '../../../lib/transactions/errors.js';
import {
  DuplicateWebhookHeaderError,
  EVENT_PROBLEMS,
  MerchantMismatchError,
  WEBHOOK_SIGNATURE_FAILURES,
  WebhookBodyTooLargeError,
  WebhookEventError,
  WebhookSignatureError,
} from '../../../lib/worldline/errors.js';

describe('mapError: every error class to its status', () => {
  it.each<[string, unknown, number]>([
    ['MalformedParametersError', new MalformedParametersError('duplicate_parameter', 'dup'), 400],
    ['BadRequestError', new BadRequestError('not JSON'), 400],
    ['ValidationError', new ValidationError({ amount: 'bad' }), 400],
    ['SignatureVerificationError (missing)', new SignatureVerificationError('missing'), 403],
    ['SignatureVerificationError (mismatch)', new SignatureVerificationError('mismatch'), 403],
    ['NotFoundError', new NotFoundError('no such transaction'), 404],
    ['MethodNotAllowedError', new MethodNotAllowedError(['GET', 'POST']), 405],
    ['ConflictError', new ConflictError('other amount'), 409],
    ['PayloadTooLargeError', new PayloadTooLargeError('too big'), 413],
    ['UnsupportedMediaTypeError', new UnsupportedMediaTypeError('json only'), 415],
    ['StorageUnavailableError', new StorageUnavailableError('throttled'), 503],
    ['ContentionError', new ContentionError('too many writers'), 503],
    ['ConfigurationError', new ConfigurationError(['RESULT_URL is required']), 500],
    ['a plain Error', new Error('boom'), 500],
    ['a TypeError', new TypeError('x is undefined'), 500],
    ['a thrown string', 'boom', 500],
    ['undefined', undefined, 500],
    ['null', null, 500],
  ])('%s → %i', (_label, error, status) => {
    const mapping = mapError(error);
    expect(mapping.status).toBe(status);
    expect(mapping.expected).toBe(status < 500);
    expect(renderError(mapping, 'text').statusCode).toBe(status);
    expect(renderError(mapping, 'json').statusCode).toBe(status);
  });

  it('405 carries an allow header with the allowed methods', () => {
    const response = renderError(mapError(new MethodNotAllowedError(['GET', 'POST'])), 'text');
    expect(response.statusCode).toBe(405);
    const allow = String(response.headers?.allow ?? '')
      .split(',')
      .map((method) => method.trim());
    expect(allow.sort()).toEqual(['GET', 'POST']);
  });

  it.each([new StorageUnavailableError('throttled'), new ContentionError('busy')])(
    '503 carries retry-after in seconds (%s)',
    (error) => {
      const response = renderError(mapError(error), 'text');
      expect(response.statusCode).toBe(503);
      const retryAfter = String(response.headers?.['retry-after'] ?? '');
      expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
      // Short next to Ogone's 10-minute deferred retry.
      expect(Number(retryAfter)).toBeLessThan(600);
    },
  );

  it('400 for invalid input names each bad field in the JSON body', () => {
    const response = renderError(
      mapError(new ValidationError({ amount: 'bad amount', currency: 'bad currency' })),
      'json',
    );
    const body = JSON.parse(String(response.body)) as { error: { fields: Record<string, string> } };
    expect(body.error.fields).toEqual({ amount: 'bad amount', currency: 'bad currency' });
  });

  it('JSON errors are application/json, text errors text/plain, none cacheable', () => {
    const json = renderError(mapError(new NotFoundError('no')), 'json');
    const text = renderError(mapError(new NotFoundError('no')), 'text');
    expect(json.headers?.['content-type']).toBe('application/json');
    expect(String(text.headers?.['content-type'])).toMatch(/^text\/plain/);
    expect(json.headers?.['cache-control']).toBe('no-store');
    expect(text.headers?.['cache-control']).toBe('no-store');
    expect(() => JSON.parse(String(json.body))).not.toThrow();
  });
});

describe('mapError: the Worldline webhook errors (docs/api.md §12)', () => {
  it.each<[string, unknown, number, string, string | undefined]>([
    [
      'DuplicateWebhookHeaderError',
      new DuplicateWebhookHeaderError('X-GCS-Signature'),
      400,
      'malformed_request',
      METRICS.malformedRequest,
    ],
    ...Object.values(WEBHOOK_SIGNATURE_FAILURES).map(
      (failure) =>
        [
          `WebhookSignatureError (${failure})`,
          new WebhookSignatureError(failure),
          403,
          'invalid_signature',
          METRICS.signatureRejected,
        ] as [string, unknown, number, string, string | undefined],
    ),
    [
      'WebhookBodyTooLargeError',
      new WebhookBodyTooLargeError(65_536),
      413,
      'payload_too_large',
      undefined,
    ],
    ...Object.values(EVENT_PROBLEMS).map(
      (problem) =>
        [
          `WebhookEventError (${problem})`,
          new WebhookEventError(problem, 'The event is not valid'),
          400,
          'malformed_request',
          METRICS.malformedRequest,
        ] as [string, unknown, number, string, string | undefined],
    ),
    [
      'MerchantMismatchError',
      new MerchantMismatchError(),
      403,
      'merchant_mismatch',
      METRICS.signatureRejected,
    ],
  ])('%s → %i %s, counted as refusals are', (_label, error, status, code, metric) => {
    const mapping = mapError(error);
    expect(mapping).toMatchObject({ status, code, expected: true });
    expect(mapping.metric).toBe(metric);
    // The message is the error's own, which names headers and fields, never a value.
    expect(mapping.message).toBe((error as Error).message);
  });
});

describe('5xx bodies say nothing about the cause', () => {
  const SECRET = 'table-arn:aws:dynamodb:eu-west-1:123456789012:table/secret-table';

  it.each<[string, unknown]>([
    ['a plain Error', new Error(`connect failed to ${SECRET}`, { cause: new Error(SECRET) })],
    ['a thrown string', SECRET],
    [
      'a StorageUnavailableError',
      new StorageUnavailableError(`throttled on ${SECRET}`, { cause: new Error(SECRET) }),
    ],
    [
      'a ContentionError',
      new ContentionError(`busy ${SECRET}`, { context: { reference: SECRET } }),
    ],
    ['a ConfigurationError', new ConfigurationError([`RESULT_URL must be absolute: ${SECRET}`])],
  ])('%s', (_label, error) => {
    const mapping = mapError(error);
    expect(mapping.status).toBeGreaterThanOrEqual(500);
    for (const format of ['text', 'json'] as const) {
      const response = renderError(mapping, format);
      expect(JSON.stringify(response)).not.toContain('secret-table');
      expect(JSON.stringify(response)).not.toContain('RESULT_URL');
      expect(String(response.body).length).toBeGreaterThan(0);
    }
  });

  it('an unknown error renders as a bare internal error', () => {
    const response = renderError(
      mapError(new RangeError('index 7 out of range in foo.ts')),
      'text',
    );
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/index|range|foo/i);
  });
});
