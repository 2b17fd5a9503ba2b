import { webhooks } from 'onlinepayments-sdk-nodejs';
import { describe, expect, it } from 'vitest';
import { statusEffect } from '../../../lib/ogone/status-table.js';
import { mapEventStatus } from '../../../lib/worldline/status-mapping.js';
import { parseWebhookEvent } from '../../../lib/worldline/webhook-event.js';
import { verifyWebhookSignature } from '../../../lib/worldline/webhook-signature.js';
import {
  FAKE_STATUS_CODES,
  type FakeCheckout,
  type FakeStatusCode,
  paymentBody,
} from '../../../scripts/lib/fake-worldline-bodies.js';
import {
  type EventPayment,
  eventTypeOf,
  paymentEvent,
  signWebhook,
} from '../../../scripts/lib/local-worldline/webhook.js';

/**
 * The webhooks `npm run worldline -- pay` sends: Worldline's event shape around the fake's own
 * payment, signed over the exact bytes, read back by the service's verifier and parser and by
 * Worldline's official SDK.
 */
const KEY_ID = 'local-webhook-key';
const SECRET = 'local-worldline-webhook-secret';

const paymentWith = (statusCode: FakeStatusCode): EventPayment => {
  const checkout: FakeCheckout = {
    merchantId: 'LocalShopNL',
    hostedCheckoutId: '4000012300',
    returnMac: 'not-in-an-event',
    merchantReference: 'ORDER-é 1',
    amount: 4250,
    currencyCode: 'EUR',
    returnUrl: undefined,
    payment: { id: '4000012300_0', statusCode },
    cancelledByConsumer: false,
  };
  return paymentBody(checkout) as EventPayment;
};

const signed = (statusCode: FakeStatusCode) =>
  signWebhook(
    paymentEvent('LocalShopNL', paymentWith(statusCode), {
      id: '5d3ee4fd-4b8e-4c4c-9a4b-6d0f1c0ab001',
      created: new Date('2026-12-01T10:15:00.123Z'),
    }),
    KEY_ID,
    SECRET,
  );

describe('the local Worldline’s webhook', () => {
  it('is Worldline’s event around the payment, with nothing of the checkout’s RETURNMAC', () => {
    const webhook = signed(9);
    expect(JSON.parse(webhook.body.toString('utf8'))).toEqual({
      apiVersion: 'v1',
      created: '2026-12-01T10:15:00.123Z',
      id: '5d3ee4fd-4b8e-4c4c-9a4b-6d0f1c0ab001',
      merchantId: 'LocalShopNL',
      type: 'payment.captured',
      payment: {
        id: '4000012300_0',
        paymentOutput: expect.objectContaining({
          amountOfMoney: { amount: 4250, currencyCode: 'EUR' },
          references: { merchantReference: 'ORDER-é 1' },
        }),
        status: 'CAPTURED',
        statusOutput: expect.objectContaining({ statusCode: 9, statusCategory: 'COMPLETED' }),
      },
    });
    expect(webhook.body.toString('utf8')).not.toContain('not-in-an-event');
  });

  it('is signed over its exact bytes: the service’s verifier and the official SDK accept it', async () => {
    const webhook = signed(9);
    const verified = verifyWebhookSignature(
      webhook.body,
      {
        signature: webhook.headers['X-GCS-Signature'],
        keyId: webhook.headers['X-GCS-KeyId'],
      },
      { [KEY_ID]: SECRET },
    );
    expect(verified.keyId).toBe(KEY_ID);
    webhooks.inMemorySecretKeyStore.clear();
    webhooks.inMemorySecretKeyStore.storeSecretKey(KEY_ID, SECRET);
    const helper = webhooks.init({ getSecretKey: webhooks.inMemorySecretKeyStore.getSecretKey });
    const event = await helper.unmarshal(webhook.body, webhook.headers);
    expect(event.payment?.paymentOutput?.references?.merchantReference).toBe('ORDER-é 1');
    // One byte more and neither accepts it.
    const changed = Buffer.concat([webhook.body, Buffer.from(' ')]);
    await expect(helper.validate(changed, webhook.headers)).rejects.toThrow();
    expect(() =>
      verifyWebhookSignature(
        changed,
        { signature: webhook.headers['X-GCS-Signature'], keyId: KEY_ID },
        { [KEY_ID]: SECRET },
      ),
    ).toThrow();
    expect(webhook.headers['content-type']).toBe('application/json');
  });

  it('reads, in the service, as the payment the fake made: reference, amount, ids, status', () => {
    const webhook = signed(5);
    const event = parseWebhookEvent(
      verifyWebhookSignature(
        webhook.body,
        { signature: webhook.headers['X-GCS-Signature'], keyId: KEY_ID },
        { [KEY_ID]: SECRET },
      ).body,
    );
    expect(event).toMatchObject({
      kind: 'payment',
      type: 'payment.pending_capture',
      merchantId: 'LocalShopNL',
      reference: 'ORDER-é 1',
      amount: '42.5',
      minorAmount: 4250,
      currency: 'EUR',
      paymentId: '4000012300_0',
      payId: '4000012300',
      statusCode: '5',
      status: 'PENDING_CAPTURE',
    });
  });

  it('names each event after the status the fake plays, and the status code decides the state', () => {
    const types = Object.fromEntries(
      FAKE_STATUS_CODES.map((code) => [code, eventTypeOf(paymentWith(code))]),
    );
    expect(types).toEqual({
      0: 'payment.created',
      1: 'payment.cancelled',
      2: 'payment.rejected',
      5: 'payment.pending_capture',
      8: 'payment.refunded',
      9: 'payment.captured',
      46: 'payment.redirected',
      51: 'payment.authorization_requested',
      91: 'payment.capture_requested',
    });
    for (const code of FAKE_STATUS_CODES) {
      const mapping = mapEventStatus({
        kind: 'payment',
        statusCode: String(code),
        status: paymentWith(code).status,
      });
      // The same effect as Ogone's STATUS of that code: the fake means what --status says.
      expect(mapping).toMatchObject({ status: String(code), source: 'status_code' });
      expect(mapping.effect).toEqual(statusEffect(String(code)));
    }
    expect(statusEffect('9')).toEqual({ kind: 'state', state: 'paid' });
  });

  it('gets a fresh id for each new event (a redelivery sends the same bytes again)', () => {
    const payment = paymentWith(9);
    const first = paymentEvent('LocalShopNL', payment);
    const second = paymentEvent('LocalShopNL', payment);
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.id).not.toBe(first.id);
  });
});
