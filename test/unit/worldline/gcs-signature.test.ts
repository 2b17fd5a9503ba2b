import { describe, expect, it } from 'vitest';
import {
  gcsAuthorization,
  gcsSignature,
  gcsStringToSign,
  parseGcsAuthorization,
} from '../../../lib/worldline/gcs-signature.js';

// Known answers from Worldline's own Node SDK tests (wl-online-payments-direct/sdk-nodejs,
// __tests__/unit/authentication/v1hmac.test.ts): the signature the real API expects. Their DELETE
// cases sign no content type (the SDK's later rule; 6.2.0 signs it for DELETE too), so they are
// given one here: this service only GETs and POSTs, where every SDK version agrees.
const DATE = 'Fri, 06 Jun 2014 13:39:43 GMT';

describe('GCS v1HMAC request signature', () => {
  it('signs a GET without headers as the SDK does', () => {
    const signature = gcsSignature('6Kj5HT0MQKC6D8eb7W3lTg71kVKVDSt1', {
      method: 'GET',
      contentType: '',
      date: DATE,
      headers: [],
      path: '/v2/9991/tokens/123456789',
    });
    expect(signature).toBe('Y3E5YaU3oQCt4osEotLGb9W0cMclIzlCpvbaD1KhWxE=');
  });

  it('signs X-GCS headers as the SDK does', () => {
    const value = 'processed header value';
    const signature = gcsSignature('secretApiKey', {
      method: 'DELETE',
      contentType: '',
      date: DATE,
      headers: [
        ['x-gcs-clientmetainfo', value],
        ['x-gcs-customerheader', value],
        ['x-gcs-servermetainfo', value],
      ],
      path: '/v2/9991/tokens/123456789',
    });
    expect(signature).toBe('ZwEzZQwZxSOSSlUcXqcLWllnw2REyh8abdJBsVWsQ1k=');
  });

  it('builds the Authorization header, ignoring headers that are not X-GCS', () => {
    const secret = 'I42Zf4pVnRdroHfuHnRiJjJ2B6+22h0yQt/R3nZR8Xg=';
    const minimal = gcsAuthorization('5e45c937b9db33ae', secret, {
      method: 'GET',
      contentType: '',
      date: DATE,
      headers: [
        ['User-Agent', 'Apache-HttpClient/4.3.4 (java 1.5)'],
        ['Date', DATE],
      ],
      path: '/v2/1/tokens/123456789',
    });
    expect(minimal).toBe(
      'GCS v1HMAC:5e45c937b9db33ae:UpOoo/pmmj7tW03IbEcw2WtJURFCKL2/J6hqMc+1h1I=',
    );
    const value = 'processed header value';
    const full = gcsAuthorization('5e45c937b9db33ae', secret, {
      method: 'DELETE',
      contentType: '',
      date: DATE,
      headers: [
        ['User-Agent', 'Apache-HttpClient/4.3.4 (java 1.5)'],
        ['X-GCS-ServerMetaInfo', value],
        ['X-GCS-ClientMetaInfo', value],
        ['Content-Type', 'application/json'],
        ['X-GCS-CustomerHeader', value],
        ['Date', DATE],
      ],
      path: '/v2/1/tokens/123456789',
    });
    expect(full).toBe('GCS v1HMAC:5e45c937b9db33ae:grbqq87sHbkoDBhUKzhDOZV343XWHXHxUX7akPiXkVM=');
  });

  it('signs the content type of a POST only, X-GCS headers sorted, folded and lower-cased', () => {
    const base = { contentType: 'application/json', date: DATE, path: '/v2/M/payments?a=1' };
    const headers: [string, string][] = [
      ['X-GCS-ServerMetaInfo', ' b\r\n  c '],
      ['x-gcs-ClientMetaInfo', 'a'],
      ['Accept', 'application/json'],
    ];
    expect(gcsStringToSign({ ...base, method: 'POST', headers })).toBe(
      `POST\napplication/json\n${DATE}\nx-gcs-clientmetainfo:a\nx-gcs-servermetainfo:b c\n/v2/M/payments?a=1\n`,
    );
    expect(gcsStringToSign({ ...base, method: 'GET', headers: [] })).toBe(
      `GET\n\n${DATE}\n/v2/M/payments?a=1\n`,
    );
  });

  it('reads the key id and signature of a v1HMAC header, and nothing else', () => {
    expect(parseGcsAuthorization('GCS v1HMAC:KEY-1:abc+/=')).toEqual({
      apiKeyId: 'KEY-1',
      signature: 'abc+/=',
    });
    for (const header of [
      '',
      'Basic abc',
      'GCS v1HMAC:KEY',
      'GCS v1HMAC::sig',
      'GCS v1HMAC:K:s:t',
    ]) {
      expect(parseGcsAuthorization(header)).toBeUndefined();
    }
  });
});
