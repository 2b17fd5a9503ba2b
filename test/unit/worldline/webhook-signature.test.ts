import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DuplicateWebhookHeaderError,
  WEBHOOK_SIGNATURE_FAILURES,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from '../../../lib/worldline/errors.js';
import {
  verifyWebhookSignature,
  type WebhookKeys,
} from '../../../lib/worldline/webhook-signature.js';

/**
 * The official SDK's own known answer (wl-online-payments-direct/sdk-nodejs,
 * __tests__/unit/webhooks/signature-validator.test.ts): its `validBody`, byte for byte, signed
 * with `hello+world` under key id `dummy-key-id`.
 */
const SDK_BODY = readFileSync(
  new URL('../../fixtures/worldline/sdk-payment-paid.body', import.meta.url),
);
const SDK_SIGNATURE = '2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=';
const SDK_KEYS: WebhookKeys = { 'dummy-key-id': 'hello+world' };

/**
 * Our own vectors, computed once outside Node with OpenSSL 3.0.19:
 *   printf '<bytes>' > f; openssl dgst -sha256 -hmac '<secret>' -binary f | base64
 * (and checked again with Python's hmac module before they were written down).
 */
interface Vector {
  readonly name: string;
  readonly bodyBase64: string;
  readonly secret: string;
  readonly signature: string;
}
const VECTORS = (
  JSON.parse(
    readFileSync(
      new URL('../../fixtures/worldline/webhook-signature-vectors.json', import.meta.url),
      'utf8',
    ),
  ) as { vectors: Vector[] }
).vectors;

const failureOf = (action: () => unknown): WebhookSignatureFailure | 'duplicate' | 'none' => {
  try {
    action();
    return 'none';
  } catch (error) {
    if (error instanceof WebhookSignatureError) return error.failure;
    if (error instanceof DuplicateWebhookHeaderError) return 'duplicate';
    throw error;
  }
};

const verifySdk = (signature: string | undefined, keyId: string | undefined, keys = SDK_KEYS) =>
  failureOf(() => verifyWebhookSignature(SDK_BODY, { signature, keyId }, keys));

describe('webhook signature: known answers', () => {
  it('the fixture is the SDK body exactly (LF line endings, no final newline)', () => {
    expect(SDK_BODY.length).toBe(765);
    expect(SDK_BODY.includes('\r')).toBe(false);
    expect(SDK_BODY.at(-1)).toBe('}'.charCodeAt(0));
  });

  it("verifies the SDK's own test webhook", () => {
    const verified = verifyWebhookSignature(
      SDK_BODY,
      { signature: SDK_SIGNATURE, keyId: 'dummy-key-id' },
      SDK_KEYS,
    );
    expect(verified.keyId).toBe('dummy-key-id');
    expect(Buffer.compare(verified.body, SDK_BODY)).toBe(0);
  });

  it('picks the secret the key id names among several', () => {
    const keys = { old: 'something else', 'dummy-key-id': 'hello+world', next: 'and another' };
    expect(verifySdk(SDK_SIGNATURE, 'dummy-key-id', keys)).toBe('none');
    expect(verifySdk(SDK_SIGNATURE, 'old', keys)).toBe(WEBHOOK_SIGNATURE_FAILURES.mismatch);
  });

  it.each(VECTORS)('own vector: $name', ({ bodyBase64, secret, signature }) => {
    const body = Buffer.from(bodyBase64, 'base64');
    const keys = { k: secret };
    expect(failureOf(() => verifyWebhookSignature(body, { signature, keyId: 'k' }, keys))).toBe(
      'none',
    );
  });
});

describe('webhook signature: failures', () => {
  it.each([
    ['no signature header', undefined, 'dummy-key-id', WEBHOOK_SIGNATURE_FAILURES.missingSignature],
    ['an empty signature', '', 'dummy-key-id', WEBHOOK_SIGNATURE_FAILURES.missingSignature],
    ['no key id header', SDK_SIGNATURE, undefined, WEBHOOK_SIGNATURE_FAILURES.missingKeyId],
    ['an empty key id', SDK_SIGNATURE, '', WEBHOOK_SIGNATURE_FAILURES.missingKeyId],
    ['an unknown key id', SDK_SIGNATURE, 'other-key', WEBHOOK_SIGNATURE_FAILURES.unknownKeyId],
    ['a key id of the prototype', SDK_SIGNATURE, 'constructor', 'unknown_key_id'],
    ['__proto__ as key id', SDK_SIGNATURE, '__proto__', WEBHOOK_SIGNATURE_FAILURES.unknownKeyId],
    ['a key id differing in case', SDK_SIGNATURE, 'Dummy-Key-Id', 'unknown_key_id'],
    [
      'not base64',
      '2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZE!=',
      'dummy-key-id',
      'malformed_signature',
    ],
    [
      'base64url',
      '2S7doBj_GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=',
      'dummy-key-id',
      'malformed_signature',
    ],
    [
      'unpadded',
      '2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk',
      'dummy-key-id',
      'malformed_signature',
    ],
    ['surrounding space', ` ${SDK_SIGNATURE}`, 'dummy-key-id', 'malformed_signature'],
    ['hex of the digest', 'd92edda018ff1a72676', 'dummy-key-id', 'malformed_signature'],
    [
      'a wrong signature',
      'AS7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=',
      'dummy-key-id',
      'mismatch',
    ],
    ['a shorter signature', 'AAAA', 'dummy-key-id', WEBHOOK_SIGNATURE_FAILURES.mismatch],
    ['a longer signature', `AAAA${SDK_SIGNATURE}`, 'dummy-key-id', 'mismatch'],
    // The same 32 bytes in a non-canonical spelling (last character's unused bits set).
    [
      'non-canonical base64',
      '2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEl=',
      'dummy-key-id',
      'mismatch',
    ],
  ] as const)('%s → %s', (_case, signature, keyId, failure) => {
    expect(verifySdk(signature, keyId)).toBe(failure);
  });

  it('the non-canonical spelling really decodes to the right digest', () => {
    const canonical = Buffer.from(SDK_SIGNATURE, 'base64');
    const other = Buffer.from('2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEl=', 'base64');
    expect(Buffer.compare(canonical, other)).toBe(0);
  });

  it('refuses the right signature over a changed body', () => {
    const changed = Buffer.from(SDK_BODY.toString('utf8').replace('11:24:14', '11:25:14'));
    expect(
      failureOf(() =>
        verifyWebhookSignature(
          changed,
          { signature: SDK_SIGNATURE, keyId: 'dummy-key-id' },
          SDK_KEYS,
        ),
      ),
    ).toBe(WEBHOOK_SIGNATURE_FAILURES.mismatch);
  });

  it('refuses with a wrong secret, and an empty secret is no key at all', () => {
    expect(verifySdk(SDK_SIGNATURE, 'dummy-key-id', { 'dummy-key-id': '1hello+world' })).toBe(
      WEBHOOK_SIGNATURE_FAILURES.mismatch,
    );
    expect(verifySdk(SDK_SIGNATURE, 'dummy-key-id', { 'dummy-key-id': '' })).toBe(
      WEBHOOK_SIGNATURE_FAILURES.unknownKeyId,
    );
  });

  it.each([
    ['signature', `${SDK_SIGNATURE},${SDK_SIGNATURE}`, 'dummy-key-id'],
    ['signature', `${SDK_SIGNATURE}, ${SDK_SIGNATURE}`, 'dummy-key-id'],
    ['key id', SDK_SIGNATURE, 'dummy-key-id,dummy-key-id'],
    ['key id', SDK_SIGNATURE, 'dummy-key-id,other'],
    ['both', `${SDK_SIGNATURE},x`, 'a,b'],
  ])('a %s given twice (joined with a comma) is a duplicate, not a forgery', (_h, sig, keyId) => {
    expect(verifySdk(sig, keyId)).toBe('duplicate');
  });

  it('a duplicate is told apart from a missing key id', () => {
    expect(verifySdk(`${SDK_SIGNATURE},${SDK_SIGNATURE}`, undefined)).toBe('duplicate');
  });

  it('errors carry the failure and nothing of the signature, key id or secret', () => {
    const attempts: [string | undefined, string | undefined][] = [
      [undefined, 'dummy-key-id'],
      [SDK_SIGNATURE, 'other-key'],
      ['!!!!', 'dummy-key-id'],
      ['AS7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=', 'dummy-key-id'],
      [`${SDK_SIGNATURE},x`, 'dummy-key-id'],
    ];
    for (const [signature, keyId] of attempts) {
      try {
        verifyWebhookSignature(SDK_BODY, { signature, keyId }, SDK_KEYS);
        expect.unreachable();
      } catch (error) {
        const text = JSON.stringify([String(error), (error as { context: unknown }).context]);
        for (const secretish of ['S7doBj', 'hello+world', 'other-key', 'dummy-key-id', '!!!!']) {
          expect(text).not.toContain(secretish);
        }
      }
    }
  });
});
