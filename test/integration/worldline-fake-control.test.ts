import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentsApi } from '../../lib/worldline/payments-api.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';

/**
 * The local fake's control routes, as a command line in another process uses them to play the
 * shopper (find the checkout of a reference, pay it, cancel it), seen through the real client.
 */
const NL = { merchantId: 'ShopNL', apiKeyId: 'A1B2C3', apiSecret: 'nl-api-secret-5f1e9a0c77' };
const RETURN_URL = 'https://shop.example/payment/worldline/nl/return';

let fake: FakeWorldline;
const client = () =>
  createPaymentsApi({ ...NL, environment: 'test', endpoint: fake.url, timeoutMs: 2000 });
const control = async (path: string, body?: unknown) => {
  const response = await fetch(`${fake.url}/_fake/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const register = (reference: string) =>
  client().createHostedCheckout({
    reference,
    amount: '15.10',
    currency: 'EUR',
    returnUrl: RETURN_URL,
  });

beforeAll(async () => {
  fake = await startFakeWorldline({ merchants: [NL] });
});

afterAll(async () => {
  await fake.stop();
});

describe('the fake Worldline control routes', () => {
  it('finds the checkout of a reference, with what the return route needs', async () => {
    const created = await register('CTL-1');
    const found = await control('hostedcheckouts?merchantId=ShopNL&merchantReference=CTL-1');
    expect(found).toEqual({
      status: 200,
      body: {
        merchantId: 'ShopNL',
        hostedCheckoutId: created.hostedCheckoutId,
        RETURNMAC: created.RETURNMAC,
        merchantReference: 'CTL-1',
        returnUrl: RETURN_URL,
        amount: 1510,
        currencyCode: 'EUR',
        hostedCheckout: { status: 'IN_PROGRESS' },
      },
    });
    expect(
      (await control('hostedcheckouts?merchantId=ShopBE&merchantReference=CTL-1')).status,
    ).toBe(404);
  });

  it('pays a checkout with the status code asked for (9 by default)', async () => {
    const created = await register('CTL-2');
    const paid = await control(`hostedcheckouts/${created.hostedCheckoutId}/pay`, {
      statusCode: 5,
    });
    expect(paid.status).toBe(200);
    expect(paid.body.hostedCheckout).toMatchObject({ status: 'PAYMENT_CREATED' });
    expect((await client().getHostedCheckout(created.hostedCheckoutId)).payment).toMatchObject({
      statusCode: 5,
      status: 'PENDING_CAPTURE',
      amount: '15.1',
    });
    await control(`hostedcheckouts/${created.hostedCheckoutId}/pay`, {});
    expect((await client().getPayment(`${created.hostedCheckoutId}_0`)).statusCode).toBe(9);
  });

  it('refuses a status code it cannot play, and an unknown checkout', async () => {
    const created = await register('CTL-3');
    for (const statusCode of [3, '9', null]) {
      const answer = await control(`hostedcheckouts/${created.hostedCheckoutId}/pay`, {
        statusCode,
      });
      expect(answer.status).toBe(400);
    }
    expect((await control('hostedcheckouts/404404/pay', { statusCode: 9 })).status).toBe(404);
    expect((await client().getHostedCheckout(created.hostedCheckoutId)).status).toBe('IN_PROGRESS');
  });

  it('cancels a checkout as the shopper giving up on the hosted page', async () => {
    const created = await register('CTL-4');
    expect((await control(`hostedcheckouts/${created.hostedCheckoutId}/cancel`, {})).status).toBe(
      200,
    );
    expect(await client().getHostedCheckout(created.hostedCheckoutId)).toEqual({
      status: 'CANCELLED_BY_CONSUMER',
      payment: undefined,
    });
  });
});
