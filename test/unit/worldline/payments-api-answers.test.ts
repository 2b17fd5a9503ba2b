import { describe, expect, it } from 'vitest';
import {
  WorldlineAnswerError,
  WorldlineRefusedError,
  WorldlineUnavailableError,
} from '../../../lib/worldline/errors.js';
import { createPaymentsApi } from '../../../lib/worldline/payments-api.js';
import { rejectionOf } from '../../support/rejection.js';

/**
 * How the client reads Worldline's answers, with an injected fetch: what the API reference
 * allows is read, anything else is a typed error that quotes neither the answer nor the secret.
 */
const SECRET = 'unit-api-secret-61c0de';

const clientAnswering = (answer: () => Response, seen: Request[] = []) =>
  createPaymentsApi({
    merchantId: 'Shop NL',
    environment: 'prod',
    apiKeyId: 'KEY',
    apiSecret: SECRET,
    timeoutMs: 1000,
    fetch: async (input, init) => {
      seen.push(new Request(input, init));
      return answer();
    },
  });

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const CHECKOUT = { reference: 'R1', amount: '10', currency: 'EUR', returnUrl: 'https://s/r' };

describe('the Payments API client reading answers', () => {
  it('signs and sends to the environment endpoint, the merchant id encoded', async () => {
    const seen: Request[] = [];
    const created = await clientAnswering(
      () =>
        json(201, {
          hostedCheckoutId: 'H1',
          RETURNMAC: 'mac',
          partialRedirectUrl: 'pay.example/x',
        }),
      seen,
    ).createHostedCheckout(CHECKOUT);
    expect(created).toEqual({
      hostedCheckoutId: 'H1',
      RETURNMAC: 'mac',
      // Without redirectUrl, the documented prefix before the partial one.
      redirectUrl: 'https://payment.pay.example/x',
      merchantReference: 'R1',
    });
    const request = seen[0] as Request;
    expect(request.url).toBe(
      'https://payment.direct.worldline-solutions.com/v2/Shop%20NL/hostedcheckouts',
    );
    expect(request.headers.get('authorization')).toMatch(/^GCS v1HMAC:KEY:[A-Za-z0-9+/]+=*$/);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({
      order: {
        amountOfMoney: { amount: 1000, currencyCode: 'EUR' },
        references: { merchantReference: 'R1' },
      },
      hostedCheckoutSpecificInput: { returnUrl: 'https://s/r', showResultPage: false },
    });
  });

  it('refuses a 2xx answer without the fields the service needs', async () => {
    for (const body of [{}, { hostedCheckoutId: 'H1', redirectUrl: 'u' }, { RETURNMAC: 'm' }]) {
      const error = await rejectionOf(
        clientAnswering(() => json(201, body)).createHostedCheckout(CHECKOUT),
      );
      expect(error).toBeInstanceOf(WorldlineAnswerError);
    }
    const noStatus = await rejectionOf(
      clientAnswering(() => json(200, {})).getHostedCheckout('H1'),
    );
    expect(noStatus).toBeInstanceOf(WorldlineAnswerError);
    const noId = await rejectionOf(
      clientAnswering(() => json(200, { status: 'CAPTURED' })).getPayment('P'),
    );
    expect(noId).toBeInstanceOf(WorldlineAnswerError);
  });

  it('refuses an answer that is not JSON, too large, or a redirect', async () => {
    const answers = [
      () => new Response('<html>gateway</html>', { status: 200 }),
      () => json(200, ['not', 'an', 'object']),
      () => new Response(`{"status":"${'x'.repeat(300 * 1024)}"}`, { status: 200 }),
      () =>
        new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }),
    ];
    for (const answer of answers) {
      const error = await rejectionOf(clientAnswering(answer).getHostedCheckout('H1'));
      expect(error).toBeInstanceOf(WorldlineAnswerError);
      expect(String(error)).not.toContain('gateway');
    }
  });

  it('keeps only token-shaped error ids from an error body', async () => {
    const hostile = json(400, { errorId: 'e1', errors: [{ id: `quoted ${SECRET}`, code: '1 2' }] });
    const error = await rejectionOf(clientAnswering(() => hostile).getPayment('P'));
    expect(error).toBeInstanceOf(WorldlineRefusedError);
    expect(error).toMatchObject({
      status: 400,
      worldlineErrorId: '',
      context: { errorCode: '', errorId: 'e1' },
    });
    expect(JSON.stringify(error) + String(error)).not.toContain(SECRET);
    const empty = await rejectionOf(
      clientAnswering(() => new Response('', { status: 502 })).getPayment('P'),
    );
    expect(empty).toBeInstanceOf(WorldlineUnavailableError);
  });

  it('reads a payment whose amount or status code is missing as undefined', async () => {
    const payment = await clientAnswering(() =>
      json(200, {
        id: 'P1',
        status: 'CAPTURED',
        statusOutput: { statusCode: '9' },
        paymentOutput: {},
      }),
    ).getPayment('P1');
    expect(payment).toEqual({
      id: 'P1',
      statusCode: undefined,
      status: 'CAPTURED',
      amount: undefined,
      currency: undefined,
      reference: undefined,
    });
  });
});
