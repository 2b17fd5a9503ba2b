import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WorldlineAmountError,
  WorldlineAnswerError,
  type WorldlineApiError,
  WorldlineNotFoundError,
  WorldlineRefusedError,
  WorldlineTimeoutError,
  WorldlineUnavailableError,
} from '../../lib/worldline/errors.js';
import { createPaymentsApi } from '../../lib/worldline/payments-api.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';
import { rejectionOf } from '../support/rejection.js';

/**
 * The Payments API client against the local fake over HTTP on loopback. The fake verifies every
 * GCS v1HMAC signature as Worldline does; worldline-fake-sdk.test.ts holds the fake to what the
 * official SDK signs, so the client is held to the same.
 */
const NL = { merchantId: 'ShopNL', apiKeyId: 'A1B2C3', apiSecret: 'nl-api-secret-5f1e9a0c77' };
const BE = { merchantId: 'ShopBE', apiKeyId: 'D4E5F6', apiSecret: 'be-api-secret-0b93d2e418' };
const CHECKOUT = {
  reference: 'ORDER-1',
  amount: '42.50',
  currency: 'EUR',
  returnUrl: 'https://shop.example/payment/worldline/nl/return',
  locale: 'nl_NL',
};

let fake: FakeWorldline;
const api = (overrides: Partial<typeof NL> & { timeoutMs?: number; endpoint?: string } = {}) =>
  createPaymentsApi({
    ...NL,
    environment: 'test',
    endpoint: fake.url,
    timeoutMs: 2000,
    ...overrides,
  });

/** Nothing an error exposes (message, stack, context, cause, JSON) quotes the secret. */
const expectNoSecret = (error: unknown, secret: string) => {
  const exposed = [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    JSON.stringify((error as WorldlineApiError).context ?? {}),
    String((error as Error).cause ?? ''),
  ].join('\n');
  expect(exposed).not.toContain(secret);
};

beforeAll(async () => {
  fake = await startFakeWorldline({ merchants: [NL, BE] });
});

afterAll(async () => {
  await fake.stop();
});

describe('the Payments API client against the fake', () => {
  it('creates a hosted checkout in minor units, and reads it back before and after payment', async () => {
    const client = api();
    const created = await client.createHostedCheckout(CHECKOUT);
    const kept = fake.findCheckout(NL.merchantId, 'ORDER-1');
    expect(kept).toMatchObject({
      amount: 4250,
      currencyCode: 'EUR',
      returnUrl: CHECKOUT.returnUrl,
    });
    expect(created).toEqual({
      hostedCheckoutId: kept?.hostedCheckoutId,
      redirectUrl: `${fake.url}/hostedcheckout/PaymentMethods/Selection/${kept?.hostedCheckoutId}`,
      RETURNMAC: kept?.returnMac,
      merchantReference: 'ORDER-1',
    });
    expect(await client.getHostedCheckout(created.hostedCheckoutId)).toEqual({
      status: 'IN_PROGRESS',
      payment: undefined,
    });
    fake.pay(created.hostedCheckoutId, 9);
    const payment = {
      id: `${created.hostedCheckoutId}_0`,
      statusCode: 9,
      status: 'CAPTURED',
      amount: '42.5',
      currency: 'EUR',
      reference: 'ORDER-1',
    };
    expect(await client.getHostedCheckout(created.hostedCheckoutId)).toEqual({
      status: 'PAYMENT_CREATED',
      payment,
    });
    expect(await client.getPayment(payment.id)).toEqual(payment);
  });

  it.each([
    [5, 'PENDING_CAPTURE'],
    [2, 'REJECTED'],
    [1, 'CANCELLED'],
    [51, 'AUTHORIZATION_REQUESTED'],
  ] as const)('reads a payment paid with status %i as %s', async (statusCode, status) => {
    const client = api();
    const reference = `ORDER-S${statusCode}`;
    const created = await client.createHostedCheckout({ ...CHECKOUT, reference });
    fake.pay(created.hostedCheckoutId, statusCode);
    const checkout = await client.getHostedCheckout(created.hostedCheckoutId);
    expect(checkout.payment).toMatchObject({ statusCode, status, reference, amount: '42.5' });
  });

  it.each([
    ['1000', 'JPY', 1000, '1000'],
    ['1.25', 'KWD', 1250, '1.25'],
    ['0.07', 'EUR', 7, '0.07'],
  ])(
    'sends %s %s as %i minor units and reads it back as %s',
    async (amount, currency, minor, back) => {
      const client = api();
      const reference = `ORDER-${currency}`;
      const created = await client.createHostedCheckout({
        ...CHECKOUT,
        reference,
        amount,
        currency,
      });
      expect(fake.findCheckout(NL.merchantId, reference)?.amount).toBe(minor);
      fake.pay(created.hostedCheckoutId, 9);
      expect((await client.getPayment(`${created.hostedCheckoutId}_0`)).amount).toBe(back);
    },
  );

  it('signs an idempotence key, and a repeat of it gets the first checkout', async () => {
    const client = api();
    const once = { ...CHECKOUT, reference: 'ORDER-IDEM', idempotenceKey: 'nl:ORDER-IDEM' };
    const first = await client.createHostedCheckout(once);
    const again = await client.createHostedCheckout(once);
    expect(again).toEqual(first);
    const other = await client.createHostedCheckout({ ...once, idempotenceKey: 'nl:ORDER-IDEM-2' });
    expect(other.hostedCheckoutId).not.toBe(first.hostedCheckoutId);
    expect(fake.calls.slice(-3).map((call) => call.status)).toEqual([201, 201, 201]);
  });

  it('refuses an amount the currency cannot carry, and sends nothing', async () => {
    const before = fake.calls.length;
    for (const [amount, currency] of [
      ['10.005', 'EUR'],
      ['10.5', 'JPY'],
      ['-1', 'EUR'],
      ['1', 'EURO'],
    ]) {
      const error = await rejectionOf(
        api().createHostedCheckout({
          ...CHECKOUT,
          amount: amount as string,
          currency: currency as string,
        }),
      );
      expect(error).toBeInstanceOf(WorldlineAmountError);
    }
    expect(fake.calls.length).toBe(before);
  });

  it('answers an unknown hosted checkout or payment with a typed 404', async () => {
    for (const call of [api().getHostedCheckout('999'), api().getPayment('999_0')]) {
      const error = await rejectionOf(call);
      expect(error).toBeInstanceOf(WorldlineNotFoundError);
      expect((error as WorldlineNotFoundError).status).toBe(404);
      expect((error as WorldlineNotFoundError).worldlineErrorId).toMatch(/^UNKNOWN_/);
    }
  });

  it('is refused with 401 and Worldline error id on a wrong secret, never quoting it', async () => {
    const secret = 'wrong-secret-7c2f41d9e0';
    const error = await rejectionOf(api({ apiSecret: secret }).createHostedCheckout(CHECKOUT));
    expect(error).toBeInstanceOf(WorldlineRefusedError);
    expect(error).not.toBeInstanceOf(WorldlineNotFoundError);
    expect(error).toMatchObject({
      status: 401,
      worldlineErrorId: 'MISSING_OR_INVALID_AUTHORIZATION',
    });
    expect((error as WorldlineRefusedError).context.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expectNoSecret(error, secret);
    expect(fake.calls.at(-1)).toEqual({
      method: 'POST',
      path: '/v2/ShopNL/hostedcheckouts',
      status: 401,
    });
  });

  it('is refused with 403 when one account signs for another merchant', async () => {
    const error = await rejectionOf(api({ ...BE, merchantId: NL.merchantId }).getPayment('1_0'));
    expect(error).toMatchObject({
      status: 403,
      worldlineErrorId: 'ACCESS_TO_MERCHANT_NOT_ALLOWED',
    });
    expectNoSecret(error, BE.apiSecret);
  });

  it('gives up after its timeout with a typed error', async () => {
    fake.failNext({ delayMs: 1500 });
    const started = performance.now();
    const error = await rejectionOf(api({ timeoutMs: 150 }).getHostedCheckout('1'));
    expect(error).toBeInstanceOf(WorldlineTimeoutError);
    expect(performance.now() - started).toBeLessThan(1500);
    expectNoSecret(error, NL.apiSecret);
  });

  it('reports a 5xx and an unreachable endpoint as unavailable', async () => {
    fake.failNext({ httpStatus: 503 });
    const answered = await rejectionOf(api().getPayment('1_0'));
    expect(answered).toBeInstanceOf(WorldlineUnavailableError);
    expect((answered as WorldlineUnavailableError).context).toMatchObject({ status: 503 });
    const closed = await startFakeWorldline({ merchants: [NL] });
    await closed.stop();
    const unreachable = await rejectionOf(api({ endpoint: closed.url }).getPayment('1_0'));
    expect(unreachable).toBeInstanceOf(WorldlineUnavailableError);
    for (const error of [answered, unreachable]) expectNoSecret(error, NL.apiSecret);
  });

  it('takes an endpoint override with a trailing slash', async () => {
    const created = await api({ endpoint: `${fake.url}/` }).createHostedCheckout({
      ...CHECKOUT,
      reference: 'ORDER-SLASH',
    });
    expect(created.merchantReference).toBe('ORDER-SLASH');
  });

  it('refuses a redirect without following it', async () => {
    const reached: string[] = [];
    const elsewhere = createServer((request, response) => {
      reached.push(request.url ?? '');
      response.end('{}');
    });
    const redirecting = createServer((_request, response) => {
      const address = elsewhere.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      response.writeHead(307, { location: `http://127.0.0.1:${port}/steal` }).end();
    });
    for (const server of [elsewhere, redirecting]) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    const address = redirecting.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const error = await rejectionOf(
      api({ endpoint: `http://127.0.0.1:${port}` }).getPayment('1_0'),
    );
    expect(error).toBeInstanceOf(WorldlineAnswerError);
    expect(reached).toEqual([]);
    for (const server of [elsewhere, redirecting]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
