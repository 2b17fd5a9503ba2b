import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { WebhookBodyTooLargeError } from '../worldline/errors.js';
import { MAX_WEBHOOK_BODY_BYTES } from '../worldline/event-json.js';
import { bodyByteLength, bodyBytes } from './request-bytes.js';

/**
 * A webhook's raw body bytes, in either shape of the HTTP API event. Over 64 KiB it is refused
 * (413) from its length alone: before it is decoded, verified or parsed (docs/worldline.md).
 */
export const webhookBody = (event: APIGatewayProxyEventV2): Buffer => {
  if (bodyByteLength(event) > MAX_WEBHOOK_BODY_BYTES) {
    throw new WebhookBodyTooLargeError(MAX_WEBHOOK_BODY_BYTES);
  }
  return bodyBytes(event);
};
