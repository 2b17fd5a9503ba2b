import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.js';
import { MAX_BODY_BYTES } from './request-bytes.js';

const contentType = (event: APIGatewayProxyEventV2): string =>
  Object.entries(event.headers ?? {})
    .find(([name]) => name.toLowerCase() === 'content-type')?.[1]
    ?.toLowerCase() ?? '';

/** The JSON body of a merchant request; a clear 400 or 415 instead of a parser's stack trace. */
export const jsonBody = (event: APIGatewayProxyEventV2): unknown => {
  if (!contentType(event).startsWith('application/json')) {
    throw new UnsupportedMediaTypeError('Send the body as application/json');
  }
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`Requests are limited to ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('The body is not valid JSON');
  }
};
