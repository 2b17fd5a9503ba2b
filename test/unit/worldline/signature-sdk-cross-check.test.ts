import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { webhooks } from 'onlinepayments-sdk-nodejs';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../lib/worldline/webhook-signature.js';

/**
 * Worldline's official SDK (a dependency of this service) as a second, independent verifier:
 * for the same body, headers and key, ours accepts exactly when the SDK's validator does.
 * The SDK keeps its keys in one process-wide store, so each case clears and fills it.
 */
const helper = webhooks.init({ getSecretKey: webhooks.inMemorySecretKeyStore.getSecretKey });
const store = webhooks.inMemorySecretKeyStore;

const sdkAccepts = async (body: Buffer, signature: string, keyId: string, secret: string) => {
  store.clear();
  store.storeSecretKey(keyId, secret);
  try {
    await helper.validate(body, { 'X-GCS-Signature': signature, 'X-GCS-KeyId': keyId });
    return true;
  } catch {
    return false;
  }
};

const oursAccepts = (body: Buffer, signature: string, keyId: string, secret: string) => {
  try {
    verifyWebhookSignature(body, { signature, keyId }, { [keyId]: secret });
    return true;
  } catch {
    return false;
  }
};

const sign = (body: Buffer, secret: string) =>
  createHmac('sha256', secret).update(body).digest('base64');

const keyId = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
// The SDK refuses blank secrets when storing them; ours treats them as no key.
const secret = fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== '');
const body = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));

describe('webhook signature agrees with the official SDK', () => {
  it("both accept the SDK's own known answer from our fixture", async () => {
    const fixture = readFileSync(
      new URL('../../fixtures/worldline/sdk-payment-paid.body', import.meta.url),
    );
    const signature = '2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=';
    expect(oursAccepts(fixture, signature, 'dummy-key-id', 'hello+world')).toBe(true);
    expect(await sdkAccepts(fixture, signature, 'dummy-key-id', 'hello+world')).toBe(true);
  });

  it('accepts what the SDK accepts: signed with the right secret', async () => {
    await fc.assert(
      fc.asyncProperty(body, keyId, secret, async (bytes, id, key) => {
        const signature = sign(bytes, key);
        expect(oursAccepts(bytes, signature, id, key)).toBe(true);
        expect(await sdkAccepts(bytes, signature, id, key)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses what the SDK refuses: another secret, or a tampered signature', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        keyId,
        secret,
        secret,
        fc.boolean(),
        async (bytes, id, key, other, tamper) => {
          const signature = tamper
            ? `${sign(bytes, key).slice(0, -2)}A=`
            : sign(bytes, other === key ? `${other}x` : other);
          const ours = oursAccepts(bytes, signature, id, key);
          expect(ours).toBe(await sdkAccepts(bytes, signature, id, key));
        },
      ),
      { numRuns: 100 },
    );
  });
});
