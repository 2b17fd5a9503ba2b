import { describe, expect, it, vi } from 'vitest';

/**
 * The comparison itself, observed: node:crypto's timingSafeEqual wrapped in a spy that still does
 * the real work, so a verifier that compared with `===` (or skipped the comparison) fails here.
 */
const calls = vi.hoisted(() => ({ lengths: [] as [number, number][] }));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      calls.lengths.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { createHmac } = await import('node:crypto');
const { WebhookSignatureError } = await import('../../../lib/worldline/errors.js');
const { verifyWebhookSignature } = await import('../../../lib/worldline/webhook-signature.js');

const BODY = Buffer.from('{"id":"n-1","type":"payment.captured"}');
const KEYS = { k: 'secret' };
const RIGHT = createHmac('sha256', 'secret').update(BODY).digest('base64');
/** Same length as RIGHT, one character different. */
const WRONG = `${RIGHT[0] === 'A' ? 'B' : 'A'}${RIGHT.slice(1)}`;

const verify = (signature: string) => () =>
  verifyWebhookSignature(BODY, { signature, keyId: 'k' }, KEYS);

describe('webhook signature: constant-time comparison', () => {
  it('compares a right signature with timingSafeEqual on equal-length buffers', () => {
    calls.lengths.length = 0;
    expect(verify(RIGHT)().keyId).toBe('k');
    expect(calls.lengths).toEqual([[44, 44]]);
  });

  it('refuses a wrong signature of the right length through timingSafeEqual', () => {
    calls.lengths.length = 0;
    expect(verify(WRONG)).toThrow(WebhookSignatureError);
    expect(calls.lengths).toEqual([[44, 44]]);
  });

  it.each(['AAAA', `${RIGHT.slice(0, -4)}`, `AAAA${RIGHT}`])(
    'a signature of another length (%s) fails as a mismatch without comparing or throwing a RangeError',
    (signature) => {
      calls.lengths.length = 0;
      try {
        verify(signature)();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookSignatureError);
        expect((error as InstanceType<typeof WebhookSignatureError>).failure).toBe('mismatch');
      }
      expect(calls.lengths).toEqual([]);
    },
  );
});
