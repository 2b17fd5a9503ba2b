import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { authenticate, type FakeMerchant, readBody } from './fake-worldline-auth.js';
import {
  createdBody,
  errorBody,
  type FakeCheckout,
  type FakeStatusCode,
  hostedCheckoutBody,
  paymentBody,
} from './fake-worldline-bodies.js';
import { answerControl, type Checkouts } from './fake-worldline-control.js';
import { answerPage, isCheckoutPage } from './fake-worldline-page.js';

/** What the next API call meets instead of an answer: a status, or a wait first. */
export type FakeFault = { readonly httpStatus: number } | { readonly delayMs: number };

export type { FakeMerchant };

export interface FakeWorldline {
  /** The API endpoint (an account's endpoint override). */
  readonly url: string;
  /** Every API call: method, path and the status answered (never a header or a secret). */
  readonly calls: { method: string; path: string; status: number }[];
  /** The next API call (only that one) meets this fault. */
  failNext(fault: FakeFault): void;
  findCheckout(merchantId: string, merchantReference: string): FakeCheckout | undefined;
  /** Every checkout created for the reference: a test counts them (one per transaction). */
  checkoutsFor(merchantId: string, merchantReference: string): FakeCheckout[];
  /** The shopper pays: the checkout gets a payment with this legacy status code. */
  pay(hostedCheckoutId: string, statusCode: FakeStatusCode): FakeCheckout;
  /** The shopper gives up on the hosted page: CANCELLED_BY_CONSUMER, no payment. */
  cancel(hostedCheckoutId: string): FakeCheckout;
  stop(): Promise<void>;
}

export interface FakeWorldlineOptions {
  readonly port?: number;
  readonly merchants: readonly FakeMerchant[];
}

const send = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const API = /^\/v2\/([^/?]+)\/(hostedcheckouts|payments)(?:\/([^/?]+))?$/;

/**
 * A stand-in for Worldline Direct's Payments API on loopback: create and get a hosted checkout,
 * get a payment, each signed as Worldline requires (GCS v1HMAC, verified). Control routes
 * (fake-worldline-control.ts) let a command line in another process play the shopper, the
 * hosted checkout page (fake-worldline-page.ts) lets a browser do it; tests call `pay` and
 * `cancel` directly.
 */
export const startFakeWorldline = async (options: FakeWorldlineOptions): Promise<FakeWorldline> => {
  const checkouts = new Map<string, FakeCheckout>();
  const calls: { method: string; path: string; status: number }[] = [];
  const faults: FakeFault[] = [];
  let nextId = 4_000_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
  let base = '';

  const existing = (hostedCheckoutId: string): FakeCheckout => {
    const checkout = checkouts.get(hostedCheckoutId);
    if (checkout === undefined) throw new Error(`no hosted checkout ${hostedCheckoutId}`);
    return checkout;
  };
  const pay = (hostedCheckoutId: string, statusCode: FakeStatusCode): FakeCheckout => {
    const checkout = existing(hostedCheckoutId);
    checkout.payment = { id: `${hostedCheckoutId}_0`, statusCode };
    return checkout;
  };
  const cancel = (hostedCheckoutId: string): FakeCheckout => {
    const checkout = existing(hostedCheckoutId);
    checkout.cancelledByConsumer = true;
    return checkout;
  };
  const checkoutsFor = (merchantId: string, merchantReference: string) =>
    [...checkouts.values()].filter(
      (checkout) =>
        checkout.merchantId === merchantId && checkout.merchantReference === merchantReference,
    );
  const find = (merchantId: string, merchantReference: string) =>
    checkoutsFor(merchantId, merchantReference)[0];

  /** Idempotence keys seen, per merchant: a repeat gets the first answer, as at Worldline. */
  const byIdempotenceKey = new Map<string, FakeCheckout>();
  const create = (merchantId: string, text: string, idempotenceKey: string | undefined) => {
    const key = idempotenceKey === undefined ? undefined : `${merchantId}\n${idempotenceKey}`;
    const first = key === undefined ? undefined : byIdempotenceKey.get(key);
    if (first !== undefined) return [201, createdBody(first, base)] as const;
    const body = JSON.parse(text) as {
      order?: {
        amountOfMoney?: { amount?: unknown; currencyCode?: unknown };
        references?: { merchantReference?: unknown };
      };
      hostedCheckoutSpecificInput?: { returnUrl?: unknown };
    };
    const money = body.order?.amountOfMoney;
    if (!Number.isSafeInteger(money?.amount) || typeof money?.currencyCode !== 'string') {
      return [
        400,
        errorBody(400, 'PARAMETER_NOT_FOUND_IN_REQUEST', '1001', 'order.amountOfMoney'),
      ] as const;
    }
    const returnUrl = body.hostedCheckoutSpecificInput?.returnUrl;
    const checkout: FakeCheckout = {
      merchantId,
      hostedCheckoutId: String(nextId++),
      returnMac: randomUUID(),
      merchantReference: String(body.order?.references?.merchantReference ?? ''),
      amount: money.amount as number,
      currencyCode: money.currencyCode,
      returnUrl: typeof returnUrl === 'string' ? returnUrl : undefined,
      payment: undefined,
      cancelledByConsumer: false,
    };
    checkouts.set(checkout.hostedCheckoutId, checkout);
    if (key !== undefined) byIdempotenceKey.set(key, checkout);
    return [201, createdBody(checkout, base)] as const;
  };

  const control: Checkouts = { find, pay, cancel, get: (id) => checkouts.get(id) };
  const answer = async (request: IncomingMessage): Promise<readonly [number, unknown]> => {
    const path = request.url ?? '';
    if (path.startsWith('/_fake/')) return answerControl(request, control);
    const route = API.exec(path);
    if (route === null) return [404, errorBody(404, 'RESOURCE_NOT_FOUND', '1002')];
    const [, rawMerchant = '', resource, rawId] = route;
    const merchantId = decodeURIComponent(rawMerchant);
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    const text = await readBody(request);
    const refusal = authenticate(request, options.merchants, merchantId);
    if (refusal !== undefined)
      return [refusal.status, errorBody(refusal.status, refusal.id, refusal.code)];
    const fault = faults.shift();
    if (fault !== undefined && 'delayMs' in fault)
      await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault !== undefined && 'httpStatus' in fault)
      return [fault.httpStatus, errorBody(fault.httpStatus, 'INTERNAL_SERVER_ERROR', '9999')];
    if (resource === 'hostedcheckouts' && id === undefined && request.method === 'POST')
      return create(
        merchantId,
        text,
        request.headers['x-gcs-idempotence-key'] as string | undefined,
      );
    if (request.method !== 'GET' || id === undefined)
      return [405, errorBody(405, 'METHOD_NOT_ALLOWED', '1003')];
    const found =
      resource === 'hostedcheckouts'
        ? checkouts.get(id)
        : [...checkouts.values()].find((checkout) => checkout.payment?.id === id);
    if (found === undefined || found.merchantId !== merchantId) {
      return [
        404,
        errorBody(
          404,
          resource === 'payments' ? 'UNKNOWN_PAYMENT_ID' : 'UNKNOWN_HOSTED_CHECKOUT_ID',
          '1002',
        ),
      ];
    }
    return [200, resource === 'payments' ? paymentBody(found) : hostedCheckoutBody(found)];
  };

  const server: Server = createServer(async (request, response) => {
    if (isCheckoutPage(request.url ?? '')) {
      const page = await answerPage(request, control).catch(() => undefined);
      if (page === undefined) send(response, 400, errorBody(400, 'INVALID_REQUEST', '1004'));
      else response.writeHead(page.status, page.headers).end(page.body);
      return;
    }
    let status = 500;
    try {
      const [code, body] = await answer(request);
      status = code;
      send(response, code, body);
    } catch {
      send(response, 400, errorBody(400, 'INVALID_REQUEST', '1004'));
      status = 400;
    }
    if ((request.url ?? '').startsWith('/v2/'))
      calls.push({ method: request.method ?? '', path: request.url ?? '', status });
  });
  // A port in use (npm start's WORLDLINE_PORT) is said, not left to crash the process.
  await new Promise<void>((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException) =>
      reject(new Error(`The fake Worldline cannot listen on port ${options.port} (${error.code})`));
    server.once('error', refused);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', refused);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    calls,
    failNext: (fault) => {
      faults.push(fault);
    },
    findCheckout: find,
    checkoutsFor,
    pay,
    cancel,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
