import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPaymentsApi } from '../../lib/worldline/payments-api.js';
import { parseWebhookEvent } from '../../lib/worldline/webhook-event.js';
import { verifyWebhookSignature, webhookHeaders } from '../../lib/worldline/webhook-signature.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';
import type { FakeStatusCode } from '../../scripts/lib/fake-worldline-bodies.js';
import type { Via } from '../../scripts/lib/local-worldline/arguments.js';
import { PayError } from '../../scripts/lib/local-worldline/errors.js';
import { payWorldline } from '../../scripts/lib/local-worldline/pay.js';

/**
 * `npm run worldline -- pay` on the wire, before the service's worldline routes exist: the real
 * fake Payments API, and in the service's place a recorder that checks each webhook's signature
 * with the service's own verifier and parser, and notes each browser return. The end-to-end test
 * (test/e2e/local-worldline.test.ts) runs the same against the real service.
 */
const NL = {
  id: 'nl',
  merchantId: 'LocalShopNL',
  apiKeyId: 'LOCALNLKEY01',
  apiSecret: 'nl-api-secret-0123456789',
  webhookKeys: { 'nl-key': 'nl-webhook-secret-0123456789' },
};

interface Received {
  readonly kind: 'webhook' | 'return';
  readonly body?: Buffer;
  readonly query?: URLSearchParams;
}

let fake: FakeWorldline;
let service: Server;
let baseUrl: string;
let received: Received[] = [];
const known = new Set<string>();

const answer = (path: string, method: string, body: Buffer, headers: Record<string, string>) => {
  const url = new URL(path, 'http://service');
  const read = /^\/payment\/transactions\/nl\/(.+)$/.exec(url.pathname);
  if (method === 'GET' && read !== null) {
    const reference = decodeURIComponent(read[1] as string);
    return known.has(reference)
      ? ([200, JSON.stringify({ account: 'nl', reference, received: received.length })] as const)
      : ([404, '{"error":"not_found"}'] as const);
  }
  if (method === 'POST' && url.pathname === '/payment/worldline/nl/webhook') {
    // The service's own checks: a webhook it would refuse fails the test.
    const verified = verifyWebhookSignature(body, webhookHeaders(headers), NL.webhookKeys);
    parseWebhookEvent(verified.body);
    received.push({ kind: 'webhook', body });
    return [200, ''] as const;
  }
  if (method === 'GET' && url.pathname === '/payment/worldline/nl/return') {
    received.push({ kind: 'return', query: url.searchParams });
    return [303, 'https://shop.example/nl/result?state=paid'] as const;
  }
  return [404, ''] as const;
};

beforeAll(async () => {
  fake = await startFakeWorldline({ merchants: [NL] });
  service = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      const [status, text] = answer(
        request.url ?? '',
        request.method ?? '',
        Buffer.concat(chunks),
        request.headers as Record<string, string>,
      );
      if (status === 303) response.writeHead(303, { location: text }).end();
      else response.writeHead(status).end(text);
    } catch (error) {
      response.writeHead(403).end(String(error));
    }
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const address = service.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

afterAll(async () => {
  await fake.stop();
  service.closeAllConnections();
  await new Promise((resolve) => service.close(resolve));
});

beforeEach(() => {
  received = [];
});

/** What the service's registration does: a checkout whose returnUrl is the account's route. */
const register = async (reference: string, returnPath = '/payment/worldline/nl/return') => {
  known.add(reference);
  return createPaymentsApi({
    ...NL,
    environment: 'test',
    endpoint: fake.url,
    timeoutMs: 2000,
  }).createHostedCheckout({
    reference,
    amount: '15.10',
    currency: 'EUR',
    returnUrl: `${baseUrl}${returnPath}?reference=${encodeURIComponent(reference)}`,
    idempotenceKey: reference,
  });
};

const pay = async (reference: string, statusCode: FakeStatusCode = 9, via: Via = 'both') => {
  const printed: string[] = [];
  const transaction = await payWorldline({
    baseUrl,
    account: { ...NL, apiEndpoint: fake.url },
    reference,
    statusCode,
    via,
    print: (line) => printed.push(line),
  });
  return { transaction, printed };
};

const eventOf = (entry: Received | undefined) => JSON.parse(entry?.body?.toString('utf8') ?? '');

describe('npm run worldline -- pay', () => {
  it('pays the checkout, sends the signed webhook, the browser return, and the webhook again', async () => {
    const created = await register('WL 1/é');
    const { transaction, printed } = await pay('WL 1/é');

    expect(received.map((entry) => entry.kind)).toEqual(['webhook', 'return', 'webhook']);
    const [first, back, again] = received;
    // A redelivery is the same event, byte for byte: the service's duplicate key is its id.
    expect(again?.body?.equals(first?.body ?? Buffer.alloc(0))).toBe(true);
    expect(eventOf(first)).toMatchObject({
      merchantId: 'LocalShopNL',
      type: 'payment.captured',
      payment: {
        id: `${created.hostedCheckoutId}_0`,
        status: 'CAPTURED',
        statusOutput: { statusCode: 9 },
        paymentOutput: {
          amountOfMoney: { amount: 1510, currencyCode: 'EUR' },
          references: { merchantReference: 'WL 1/é' },
        },
      },
    });
    expect(Object.fromEntries(back?.query ?? [])).toEqual({
      reference: 'WL 1/é',
      hostedCheckoutId: created.hostedCheckoutId,
      RETURNMAC: created.RETURNMAC,
    });
    // The Payments API now answers the payment, as the return route will ask it.
    expect(fake.findCheckout('LocalShopNL', 'WL 1/é')?.payment).toEqual({
      id: `${created.hostedCheckoutId}_0`,
      statusCode: 9,
    });
    expect(transaction).toMatchObject({ account: 'nl', reference: 'WL 1/é', received: 3 });
    expect(printed).toEqual([
      `hosted checkout ${created.hostedCheckoutId} for WL 1/é, 15.1 EUR: payment ${created.hostedCheckoutId}_0 CAPTURED (statusCode 9)`,
      'webhook payment.captured (key nl-key): 200',
      'browser return GET: 303 → https://shop.example/nl/result?state=paid',
      'webhook payment.captured (redelivered): 200',
    ]);
    expect(printed.join('\n')).not.toContain(created.RETURNMAC);
    expect(printed.join('\n')).not.toContain('nl-webhook-secret');
  });

  it('plays the status asked, through the webhook only or the browser only', async () => {
    await register('WL-2');
    await pay('WL-2', 5, 'webhook');
    expect(received.map((entry) => entry.kind)).toEqual(['webhook']);
    expect(eventOf(received[0])).toMatchObject({
      type: 'payment.pending_capture',
      payment: { status: 'PENDING_CAPTURE', statusOutput: { statusCode: 5 } },
    });

    received = [];
    // Paying again later: the same payment, now captured (Worldline's later capture).
    await pay('WL-2', 9, 'browser');
    expect(received.map((entry) => entry.kind)).toEqual(['return']);
    expect(fake.findCheckout('LocalShopNL', 'WL-2')?.payment?.statusCode).toBe(9);

    received = [];
    await register('WL-3');
    await pay('WL-3', 2, 'webhook');
    expect(eventOf(received[0])).toMatchObject({
      type: 'payment.rejected',
      payment: { status: 'REJECTED', statusOutput: { statusCode: 2 } },
    });
  });

  it('refuses an unregistered transaction, a reference without checkout, and another account’s returnUrl', async () => {
    await expect(pay('WL-NONE')).rejects.toThrow(
      new PayError('No transaction WL-NONE in account nl: register it first'),
    );
    known.add('WL-NO-CHECKOUT');
    await expect(pay('WL-NO-CHECKOUT')).rejects.toThrow(
      `No hosted checkout for WL-NO-CHECKOUT at ${fake.url}: was it registered while this npm start was running?`,
    );
    await register('WL-BE', '/payment/worldline/be/return');
    await expect(pay('WL-BE')).rejects.toThrow(
      /The hosted checkout's returnUrl is .*\/payment\/worldline\/be\/return\?reference=WL-BE, not account nl's \/payment\/worldline\/nl\/return/,
    );
    // Refused before paying: the checkout is still open.
    expect(fake.findCheckout('LocalShopNL', 'WL-BE')?.payment).toBeUndefined();
    expect(received).toEqual([]);
  });
});
