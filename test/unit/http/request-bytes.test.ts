import { describe, expect, it } from 'vitest';
import { mapError } from '../../../lib/http/error-response.js';
import { MethodNotAllowedError, PayloadTooLargeError } from '../../../lib/http/errors.js';
import { assertMethod, requestBytes, requestMethod } from '../../../lib/http/request-bytes.js';
import { feedbackEvent } from '../../support/api-events.js';

const KIB_16 = 16 * 1024;

describe('requestBytes', () => {
  it('decodes a base64 body (API Gateway) to its bytes', () => {
    const bytes = Buffer.from('orderID=R-1&CN=J%E9r%F4me&STATUS=9', 'latin1');
    const request = requestBytes(
      feedbackEvent({ body: bytes.toString('base64'), isBase64Encoded: true }),
    );
    expect(Buffer.from(request.body).equals(bytes)).toBe(true);
  });

  it('keeps raw non-UTF-8 bytes of a base64 body', () => {
    const bytes = Buffer.from([0x43, 0x4e, 0x3d, 0xe9, 0xff]);
    const request = requestBytes(
      feedbackEvent({ body: bytes.toString('base64'), isBase64Encoded: true }),
    );
    expect([...request.body]).toEqual([...bytes]);
  });

  it('takes a plain body (serverless-offline) as its UTF-8 bytes', () => {
    const request = requestBytes(feedbackEvent({ body: 'CN=Jérôme&STATUS=9' }));
    expect(Buffer.from(request.body).equals(Buffer.from('CN=Jérôme&STATUS=9', 'utf8'))).toBe(true);
  });

  it('reads the raw query string as bytes', () => {
    const request = requestBytes(feedbackEvent({ rawQueryString: 'orderID=R-1&STATUS=9' }));
    expect(Buffer.from(request.query).toString('latin1')).toBe('orderID=R-1&STATUS=9');
    expect(request.body).toHaveLength(0);
  });

  it('gives empty bytes when there is no body and no query', () => {
    const request = requestBytes(feedbackEvent());
    expect(request.body).toHaveLength(0);
    expect(request.query).toHaveLength(0);
  });

  it('accepts a body of exactly 16 KiB', () => {
    const request = requestBytes(feedbackEvent({ body: 'a'.repeat(KIB_16) }));
    expect(request.body).toHaveLength(KIB_16);
  });

  it('accepts a base64 body that decodes to exactly 16 KiB', () => {
    const body = Buffer.alloc(KIB_16, 0x61).toString('base64');
    expect(requestBytes(feedbackEvent({ body, isBase64Encoded: true })).body).toHaveLength(KIB_16);
  });

  it('refuses 16 KiB + 1 with PayloadTooLargeError (413)', () => {
    const run = () => requestBytes(feedbackEvent({ body: 'a'.repeat(KIB_16 + 1) }));
    expect(run).toThrow(PayloadTooLargeError);
    try {
      run();
    } catch (error) {
      expect(mapError(error).status).toBe(413);
    }
  });

  it('refuses a base64 body that decodes to 16 KiB + 1', () => {
    const body = Buffer.alloc(KIB_16 + 1, 0x61).toString('base64');
    expect(() => requestBytes(feedbackEvent({ body, isBase64Encoded: true }))).toThrow(
      PayloadTooLargeError,
    );
  });

  it('counts bytes, not characters', () => {
    expect(requestBytes(feedbackEvent({ body: 'é'.repeat(KIB_16 / 2) })).body).toHaveLength(KIB_16);
    expect(() => requestBytes(feedbackEvent({ body: `${'é'.repeat(KIB_16 / 2)}a` }))).toThrow(
      PayloadTooLargeError,
    );
  });

  it('refuses a query string over 16 KiB', () => {
    expect(() => requestBytes(feedbackEvent({ rawQueryString: 'a'.repeat(KIB_16 + 1) }))).toThrow(
      PayloadTooLargeError,
    );
  });
});

describe('assertMethod', () => {
  it.each(['GET', 'POST', 'get', 'post'])('allows %s on the feedback route', (method) => {
    expect(() => assertMethod(feedbackEvent({ method }), ['GET', 'POST'])).not.toThrow();
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'])(
    'refuses %s with 405 and allow',
    (method) => {
      const event = feedbackEvent({ method });
      expect(() => assertMethod(event, ['GET', 'POST'])).toThrow(MethodNotAllowedError);
      try {
        assertMethod(event, ['GET', 'POST']);
      } catch (error) {
        const mapping = mapError(error);
        expect(mapping.status).toBe(405);
        expect(mapping.headers?.allow).toBe('GET, POST');
      }
    },
  );

  it('requestMethod is uppercase', () => {
    expect(requestMethod(feedbackEvent({ method: 'post' }))).toBe('POST');
  });
});
