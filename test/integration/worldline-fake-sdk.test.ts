import onlinePayments from 'onlinepayments-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentsApi } from '../../lib/worldline/payments-api.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';

/**
 * The local fake against Worldline's official SDK (a dev dependency kept for this): the fake
 * accepts what the SDK signs, POST and GET with the SDK's own X-GCS header, and refuses the
 * same request signed with another secret in Worldline's error shape. With the SDK's known
 * answers (test/unit/worldline/gcs-signature.test.ts), the fake verifies as Worldline does.
 */
const NL = { merchantId: 'ShopNL', apiKeyId: 'A1B2C3', apiSecret: 'nl-api-secret-5f1e9a0c77' };
const RETURN_URL = 'https://shop.example/payment/worldline/nl/return';

let fake: FakeWorldline;

beforeAll(async () => {
  fake = await startFakeWorldline({ merchants: [NL] });
});

afterAll(async () => {
  await fake.stop();
});

describe('the fake against the official SDK', () => {
  const sdk = (secret: string) => {
    const url = new URL(fake.url);
    return onlinePayments.init({
      host: url.hostname,
      port: Number(url.port),
      scheme: 'http',
      apiKeyId: NL.apiKeyId,
      secretApiKey: secret,
      integrator: 'ogone-feedback-tests',
    });
  };

  it('accepts what the SDK signs (POST and GET, with its X-GCS-ServerMetaInfo)', async () => {
    const created = await sdk(NL.apiSecret).hostedCheckout.createHostedCheckout(NL.merchantId, {
      order: {
        amountOfMoney: { amount: 1999, currencyCode: 'EUR' },
        references: { merchantReference: 'ORDER-SDK' },
      },
      hostedCheckoutSpecificInput: { returnUrl: RETURN_URL },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { hostedCheckoutId: string }).hostedCheckoutId;
    fake.pay(id, 9);
    const read = await createPaymentsApi({
      ...NL,
      environment: 'test',
      endpoint: fake.url,
      timeoutMs: 2000,
    }).getPayment(`${id}_0`);
    expect(read).toMatchObject({ amount: '19.99', reference: 'ORDER-SDK', statusCode: 9 });
    const got = await sdk(NL.apiSecret).payments.getPayment(NL.merchantId, `${id}_0`);
    expect(got).toMatchObject({ status: 200, body: { id: `${id}_0`, status: 'CAPTURED' } });
  });

  it('refuses what the SDK signs with another secret, in Worldline error shape', async () => {
    const answer = await sdk('not-the-secret').payments.getPayment(NL.merchantId, '1_0');
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      errors: [{ httpStatusCode: 401, id: 'MISSING_OR_INVALID_AUTHORIZATION' }],
    });
  });
});
