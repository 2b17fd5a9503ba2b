import type { WorldlineAccount } from '../../../lib/accounts/account.js';
import { minorToDecimal } from '../../../lib/worldline/minor-units.js';
import { type FakeStatusCode, returnLocation } from '../fake-worldline-bodies.js';
import type { Via } from './arguments.js';
import { PayError } from './errors.js';
import { type EventPayment, paymentEvent, type SignedWebhook, signWebhook } from './webhook.js';

export interface WorldlinePayOptions {
  /** The local service (npm start). */
  readonly baseUrl: string;
  /** The account paid for: its merchantId, fake Payments API and webhook keys. */
  readonly account: Pick<WorldlineAccount, 'id' | 'merchantId' | 'apiEndpoint' | 'webhookKeys'>;
  readonly reference: string;
  readonly statusCode: FakeStatusCode;
  readonly via: Via;
  readonly print: (line: string) => void;
}

/** The checkout as the fake's control routes show it (fake-worldline-control.ts). */
interface CheckoutView {
  readonly hostedCheckoutId: string;
  readonly RETURNMAC: string;
  readonly returnUrl: string | null;
  readonly amount: number;
  readonly currencyCode: string;
  readonly hostedCheckout: { readonly createdPaymentOutput?: { readonly payment: EventPayment } };
}

interface PaidCheckout extends CheckoutView {
  readonly returnUrl: string;
  readonly payment: EventPayment;
}

/** A fetch that says what was not listening, instead of `fetch failed`. */
const reach = async (what: string, url: string, init?: RequestInit): Promise<Response> => {
  try {
    return await fetch(url, init);
  } catch {
    throw new PayError(`${what} at ${new URL(url).origin} did not answer: is npm start running?`);
  }
};

const describe = async (label: string, response: Response, print: (line: string) => void) => {
  const location = response.headers.get('location');
  const body = (await response.text()).slice(0, 200);
  print(
    `${label}: ${response.status}${location === null ? '' : ` → ${location}`}${body === '' ? '' : ` ${body}`}`,
  );
};

/**
 * The checkout registration created for this reference in the fake, paid with the status asked.
 * Its returnUrl is checked first: one that is not the account's return route pays nothing.
 */
const payCheckout = async (options: WorldlinePayOptions): Promise<PaidCheckout> => {
  const { account, reference } = options;
  const fake = `${account.apiEndpoint}/_fake/hostedcheckouts`;
  const query = new URLSearchParams({
    merchantId: account.merchantId,
    merchantReference: reference,
  });
  const found = await reach('The local fake Worldline', `${fake}?${query}`);
  if (found.status === 404) {
    throw new PayError(
      `No hosted checkout for ${reference} at ${account.apiEndpoint}: was it registered while this npm start was running?`,
    );
  }
  if (!found.ok) throw new PayError(`The local fake Worldline answered ${found.status}`);
  const { hostedCheckoutId, returnUrl } = (await found.json()) as CheckoutView;
  const returnPath = `/payment/worldline/${account.id}/return`;
  if (returnUrl === null || new URL(returnUrl).pathname !== returnPath) {
    throw new PayError(
      `The hosted checkout's returnUrl is ${returnUrl}, not account ${account.id}'s ${returnPath}`,
    );
  }
  const paid = await reach(
    'The local fake Worldline',
    `${fake}/${encodeURIComponent(hostedCheckoutId)}/pay`,
    { method: 'POST', body: JSON.stringify({ statusCode: options.statusCode }) },
  );
  if (!paid.ok) throw new PayError(`The local fake Worldline refused to pay: ${paid.status}`);
  const view = (await paid.json()) as CheckoutView;
  const payment = view.hostedCheckout.createdPaymentOutput?.payment;
  if (payment === undefined) throw new PayError('The local fake Worldline made no payment');
  return { ...view, returnUrl, payment };
};

/** The key the webhooks are signed with: the account's first (its only one, locally). */
const webhookKey = (account: WorldlinePayOptions['account']): [string, string] => {
  const [first] = Object.entries(account.webhookKeys);
  if (first === undefined) throw new PayError(`Account ${account.id} has no webhook key`);
  return first;
};

/**
 * Plays the shopper and Worldline for one registered transaction of a worldline account: pays
 * its hosted checkout in the local fake with the status asked (the fake then answers the
 * Payments API with that payment), then sends the service what Worldline would: the signed
 * webhook, the shopper's browser back on the return route with hostedCheckoutId and RETURNMAC,
 * and the webhook again (Worldline redelivers until it gets a 2xx in time). Prints each answer
 * (never the RETURNMAC or a key) and returns the transaction as the service then reads it.
 */
export const payWorldline = async (options: WorldlinePayOptions): Promise<unknown> => {
  const { account, reference, print } = options;
  const read = `${options.baseUrl}/payment/transactions/${account.id}/${encodeURIComponent(reference)}`;
  const current = await reach('The local service', read);
  if (current.status === 404) {
    throw new PayError(`No transaction ${reference} in account ${account.id}: register it first`);
  }
  if (!current.ok) throw new PayError(`Reading ${reference} answered ${current.status}`);

  const [keyId, secret] = webhookKey(account);
  const checkout = await payCheckout(options);
  const { payment } = checkout;
  const amount = minorToDecimal(checkout.amount, checkout.currencyCode) ?? checkout.amount;
  print(
    `hosted checkout ${checkout.hostedCheckoutId} for ${reference}, ${amount} ${checkout.currencyCode}: payment ${payment.id} ${payment.status} (statusCode ${options.statusCode})`,
  );
  const webhook: SignedWebhook = signWebhook(
    paymentEvent(account.merchantId, payment),
    keyId,
    secret,
  );
  const send = () =>
    reach('The local service', `${options.baseUrl}/payment/worldline/${account.id}/webhook`, {
      method: 'POST',
      headers: webhook.headers,
      body: webhook.body,
    });
  if (options.via !== 'browser') {
    await describe(`webhook ${webhook.type} (key ${keyId})`, await send(), print);
  }
  if (options.via !== 'webhook') {
    const back = returnLocation(checkout.returnUrl, checkout.hostedCheckoutId, checkout.RETURNMAC);
    const browser = await reach('The local service', back, {
      headers: { accept: 'text/html,application/xhtml+xml' },
      redirect: 'manual',
    });
    await describe('browser return GET', browser, print);
  }
  if (options.via === 'both') {
    await describe(`webhook ${webhook.type} (redelivered)`, await send(), print);
  }
  return (await reach('The local service', read)).json();
};
