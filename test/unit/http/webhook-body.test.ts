import { describe, expect, it } from 'vitest';
import { mapError } from '../../../lib/http/error-response.js';
import { bodyByteLength } from '../../../lib/http/request-bytes.js';
import { webhookBody } from '../../../lib/http/webhook-body.js';
import { WebhookBodyTooLargeError } from '../../../lib/worldline/errors.js';
import { MAX_WEBHOOK_BODY_BYTES } from '../../../lib/worldline/event-json.js';
import { httpApiEvent } from '../../support/api-events.js';

const LIMIT = MAX_WEBHOOK_BODY_BYTES;
const event = (body: string | undefined, isBase64Encoded = false) =>
  httpApiEvent('POST', '/payment/worldline/nl/webhook', {
    ...(body === undefined ? {} : { body }),
    isBase64Encoded,
  });
const base64 = (bytes: Buffer) => event(bytes.toString('base64'), true);

describe('webhookBody', () => {
  it('gives the same bytes from a base64 body (HTTP API) and a plain one (serverless-offline)', () => {
    const bytes = Buffer.from('{"id":"e-1","text":"Café €"}', 'utf8');
    expect(webhookBody(base64(bytes)).equals(bytes)).toBe(true);
    expect(webhookBody(event(bytes.toString('utf8'))).equals(bytes)).toBe(true);
  });

  it('keeps bytes that are not UTF-8 in a base64 body, as they were signed', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
    expect([...webhookBody(base64(bytes))]).toEqual([...bytes]);
  });

  it('gives no bytes for an event without a body', () => {
    expect(webhookBody(event(undefined))).toHaveLength(0);
  });

  it.each([
    ['plain', (bytes: Buffer) => event(bytes.toString('utf8'))],
    ['base64', base64],
  ])('takes exactly 64 KiB and refuses one byte more (%s)', (_shape, make) => {
    expect(webhookBody(make(Buffer.alloc(LIMIT, 0x20)))).toHaveLength(LIMIT);
    const over = () => webhookBody(make(Buffer.alloc(LIMIT + 1, 0x20)));
    expect(over).toThrow(WebhookBodyTooLargeError);
    try {
      over();
    } catch (error) {
      expect(mapError(error)).toMatchObject({ status: 413, code: 'payload_too_large' });
    }
  });

  it('counts bytes, not characters', () => {
    const half = 'é'.repeat(LIMIT / 2);
    expect(webhookBody(event(half))).toHaveLength(LIMIT);
    expect(() => webhookBody(event(`${half}a`))).toThrow(WebhookBodyTooLargeError);
  });
});

describe('bodyByteLength', () => {
  it.each([0, 1, 2, 3, 4, 100, 65_535])(
    'is the decoded length of a base64 body of %i bytes, without decoding it',
    (length) => {
      const bytes = Buffer.alloc(length, 0x61);
      expect(bodyByteLength(base64(bytes))).toBe(length);
      expect(bodyByteLength(event(bytes.toString('utf8')))).toBe(length);
    },
  );

  it('is 0 without a body', () => {
    expect(bodyByteLength(event(undefined))).toBe(0);
  });
});
