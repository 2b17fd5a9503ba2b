import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FeedbackRequest } from '../ogone/read-notification.js';
import { MethodNotAllowedError, PayloadTooLargeError } from './errors.js';

/** docs/api.md §2: a feedback is a few hundred bytes; anything past 16 KiB is not Ogone. */
export const MAX_BODY_BYTES = 16 * 1024;

export const requestMethod = (event: APIGatewayProxyEventV2): string =>
  event.requestContext.http.method.toUpperCase();

export const assertMethod = (event: APIGatewayProxyEventV2, allowed: readonly string[]): void => {
  if (!allowed.includes(requestMethod(event))) throw new MethodNotAllowedError(allowed);
};

const bodyEncoding = (event: APIGatewayProxyEventV2): BufferEncoding =>
  event.isBase64Encoded ? 'base64' : 'utf8';

/**
 * How many bytes the body holds, from its text alone: a body over a limit can be refused before
 * it is decoded. Exact for both shapes API Gateway produces (never smaller than the decoded body).
 */
export const bodyByteLength = (event: APIGatewayProxyEventV2): number =>
  event.body === undefined || event.body === null
    ? 0
    : Buffer.byteLength(event.body, bodyEncoding(event));

/**
 * The raw body bytes. API Gateway's HTTP API base64-encodes form and JSON bodies and
 * serverless-offline does not; both arrive here as the same bytes.
 */
export const bodyBytes = (event: APIGatewayProxyEventV2): Buffer =>
  event.body === undefined || event.body === null
    ? Buffer.alloc(0)
    : Buffer.from(event.body, bodyEncoding(event));

/**
 * The raw bytes of the query string and body. No Content-Type or charset is trusted: Ogone's
 * requests vary, and the signature is over bytes anyway.
 */
export const requestBytes = (event: APIGatewayProxyEventV2): FeedbackRequest => {
  const body = bodyBytes(event);
  const query = Buffer.from(event.rawQueryString ?? '', 'utf8');
  if (body.length > MAX_BODY_BYTES || query.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`Requests are limited to ${MAX_BODY_BYTES} bytes`);
  }
  return { query, body };
};
