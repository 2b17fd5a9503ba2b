import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DuplicateWebhookHeaderError,
  WEBHOOK_SIGNATURE_FAILURES,
  WebhookSignatureError,
} from '../../../lib/worldline/errors.js';
import { verifyWebhookSignature } from '../../../lib/worldline/webhook-signature.js';

/**
 * Any single-byte change to the body, the secret or the signature is refused, and refused with
 * a typed error (mismatch; for a changed signature also not base64, or a comma read as a
 * repeated header), never accepted and
 * never another exception.
 */
const RUNS = { numRuns: 300 } as const;

const sign = (body: Buffer, secret: Buffer) =>
  createHmac('sha256', secret).update(body).digest('base64');

/** Changes byte `at` (modulo the length) to another value. */
const changeByte = (bytes: Buffer, at: number, delta: number): Buffer => {
  const copy = Buffer.from(bytes);
  const index = at % copy.length;
  copy[index] = ((copy[index] ?? 0) + delta) % 256;
  return copy;
};

const failureOf = (body: Buffer, signature: string, secret: string) => {
  try {
    verifyWebhookSignature(body, { signature, keyId: 'k' }, { k: secret });
    return 'accepted';
  } catch (error) {
    if (error instanceof WebhookSignatureError) return error.failure;
    if (error instanceof DuplicateWebhookHeaderError) return 'duplicate';
    throw error;
  }
};

const body = fc.uint8Array({ minLength: 1, maxLength: 512 }).map((bytes) => Buffer.from(bytes));
// Secrets are text (the webhook-keys JSON); ASCII so that a changed byte stays one character.
const secret = fc.stringMatching(/^[\x21-\x7e]{1,64}$/);
const at = fc.nat();
const delta = fc.integer({ min: 1, max: 255 });

describe('webhook signature properties', () => {
  it('accepts the untouched triple', () => {
    fc.assert(
      fc.property(body, secret, (bytes, key) => {
        expect(failureOf(bytes, sign(bytes, Buffer.from(key)), key)).toBe('accepted');
      }),
      RUNS,
    );
  });

  it('refuses a body with one byte changed', () => {
    fc.assert(
      fc.property(body, secret, at, delta, (bytes, key, index, change) => {
        const signature = sign(bytes, Buffer.from(key));
        const changed = changeByte(bytes, index, change);
        expect(failureOf(changed, signature, key)).toBe(WEBHOOK_SIGNATURE_FAILURES.mismatch);
      }),
      RUNS,
    );
  });

  it('refuses a signature made with a secret one byte off', () => {
    fc.assert(
      fc.property(
        body,
        secret,
        at,
        fc.integer({ min: 1, max: 93 }),
        (bytes, key, index, change) => {
          const original = Buffer.from(key, 'latin1');
          const off = Buffer.from(original);
          const position = index % off.length;
          // Stays printable ASCII (0x21-0x7e) and differs from the original byte.
          off[position] = 0x21 + (((original[position] ?? 0x21) - 0x21 + change) % 94);
          const signature = sign(bytes, off);
          expect(failureOf(bytes, signature, key)).toBe(WEBHOOK_SIGNATURE_FAILURES.mismatch);
        },
      ),
      RUNS,
    );
  });

  // A byte changed into a comma reads as the header given twice: refused too, as a 400.
  it('refuses a signature with one byte changed: mismatch, not base64, or a duplicate', () => {
    fc.assert(
      fc.property(body, secret, at, delta, (bytes, key, index, change) => {
        const signature = Buffer.from(sign(bytes, Buffer.from(key)), 'latin1');
        const changed = changeByte(signature, index, change).toString('latin1');
        expect([
          WEBHOOK_SIGNATURE_FAILURES.mismatch,
          WEBHOOK_SIGNATURE_FAILURES.malformedSignature,
          'duplicate',
        ]).toContain(failureOf(bytes, changed, key));
      }),
      RUNS,
    );
  });

  it('never throws anything but a typed error on arbitrary header values', () => {
    fc.assert(
      fc.property(body, fc.string(), fc.string(), (bytes, signature, keyId) => {
        try {
          verifyWebhookSignature(bytes, { signature, keyId }, { k: 's' });
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).name).toMatch(
            /^(WebhookSignatureError|DuplicateWebhookHeaderError)$/,
          );
        }
      }),
      RUNS,
    );
  });
});
