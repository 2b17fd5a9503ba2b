import type { IncomingMessage } from 'node:http';
import { readBody } from './fake-worldline-auth.js';
import {
  type FakeCheckout,
  type FakeStatusCode,
  hostedCheckoutBody,
  isFakeStatusCode,
} from './fake-worldline-bodies.js';

/**
 * The fake's control routes, under `/_fake/` (never Worldline's): what a command line in another
 * process (`npm run worldline -- pay`) needs to play the shopper. Unsigned, loopback only.
 * - `GET /_fake/hostedcheckouts?merchantId=…&merchantReference=…`: the checkout for a reference
 * - `POST /_fake/hostedcheckouts/{id}/pay` with `{"statusCode": 9}`: the shopper pays
 * - `POST /_fake/hostedcheckouts/{id}/cancel`: the shopper gives up on the hosted page
 */
export interface Checkouts {
  find(merchantId: string, merchantReference: string): FakeCheckout | undefined;
  pay(hostedCheckoutId: string, statusCode: FakeStatusCode): FakeCheckout;
  cancel(hostedCheckoutId: string): FakeCheckout;
  get(hostedCheckoutId: string): FakeCheckout | undefined;
}

/** What a control answer shows: the checkout as the shopper's side knows it, and its status. */
const view = (checkout: FakeCheckout) => ({
  merchantId: checkout.merchantId,
  hostedCheckoutId: checkout.hostedCheckoutId,
  RETURNMAC: checkout.returnMac,
  merchantReference: checkout.merchantReference,
  returnUrl: checkout.returnUrl ?? null,
  amount: checkout.amount,
  currencyCode: checkout.currencyCode,
  hostedCheckout: hostedCheckoutBody(checkout),
});

const ACTION = /^\/_fake\/hostedcheckouts\/([^/?]+)\/(pay|cancel)$/;

export const answerControl = async (
  request: IncomingMessage,
  checkouts: Checkouts,
): Promise<readonly [number, unknown]> => {
  const url = new URL(request.url ?? '', 'http://fake');
  if (request.method === 'GET' && url.pathname === '/_fake/hostedcheckouts') {
    const found = checkouts.find(
      url.searchParams.get('merchantId') ?? '',
      url.searchParams.get('merchantReference') ?? '',
    );
    return found === undefined ? [404, { error: 'merchantReference' }] : [200, view(found)];
  }
  const action = ACTION.exec(url.pathname);
  if (action === null || request.method !== 'POST') return [404, { error: 'route' }];
  const id = decodeURIComponent(action[1] as string);
  if (checkouts.get(id) === undefined) return [404, { error: 'hostedCheckoutId' }];
  if (action[2] === 'cancel') return [200, view(checkouts.cancel(id))];
  const body = JSON.parse((await readBody(request)) || '{}') as { statusCode?: unknown };
  // Absent means a plain successful payment; anything given must be a code the fake plays.
  const statusCode = 'statusCode' in body ? body.statusCode : 9;
  if (typeof statusCode !== 'number' || !isFakeStatusCode(statusCode)) {
    return [400, { error: 'statusCode' }];
  }
  return [200, view(checkouts.pay(id, statusCode))];
};
