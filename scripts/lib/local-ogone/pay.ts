import type { HashAlgorithm } from '../../../lib/ogone/hash-algorithm.js';
import {
  checkPaymentRequest,
  type PaymentRequestForm,
  resultUrlFor,
  signedFeedback,
} from './feedback.js';

export interface PayOptions {
  readonly baseUrl: string;
  readonly reference: string;
  readonly status: string;
  readonly via: 'browser' | 'server' | 'both';
  readonly method: 'GET' | 'POST';
  readonly shaOutPassphrase: string;
  readonly shaInPassphrase: string;
  readonly algorithm: HashAlgorithm;
  /**
   * The account to pay with (README, "Several accounts"): its routes, and the PSPID its payment
   * request must name. Absent: the default account's routes, as before accounts.
   */
  readonly account?: { readonly id: string; readonly pspId: string };
  readonly print: (line: string) => void;
}

/** Where one account's transactions are registered and read (docs/api.md). */
const routesOf = (baseUrl: string, account: PayOptions['account']) => {
  if (account === undefined) {
    const path = `${baseUrl}/payment/ogone/transactions`;
    return {
      register: path,
      read: (reference: string) => `${path}/${encodeURIComponent(reference)}`,
    };
  }
  return {
    register: `${baseUrl}/payment/transactions`,
    read: (reference: string) =>
      `${baseUrl}/payment/transactions/${account.id}/${encodeURIComponent(reference)}`,
  };
};

const describe = async (label: string, response: Response, print: (line: string) => void) => {
  const location = response.headers.get('location');
  const body = (await response.text()).slice(0, 200);
  print(
    `${label}: ${response.status}${location === null ? '' : ` → ${location}`}${body === '' ? '' : ` ${body}`}`,
  );
};

/**
 * Plays Ogone for one registered transaction: takes its payment request (the registration route
 * answers it again for the same reference, amount and currency), checks its SHA-IN signature,
 * then sends the signed feedback the way Ogone does: the online server request, the shopper's
 * browser redirect, and a deferred repeat of the server request.
 */
export const pay = async (options: PayOptions): Promise<unknown> => {
  const { reference, print, account } = options;
  const routes = routesOf(options.baseUrl, account);
  const current = await fetch(routes.read(reference));
  if (current.status === 404) {
    const where = account === undefined ? '' : ` in account ${account.id}`;
    throw new Error(`No transaction ${reference}${where}: register it first`);
  }
  const { amount, currency, registration } = (await current.json()) as {
    amount: string;
    currency: string;
    registration: Record<string, unknown> | null;
  };
  // The registration route answers the payment request again for the very same registration.
  const registered = await fetch(routes.register, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...registration,
      ...(account === undefined ? {} : { account: account.id }),
      reference,
      amount,
      currency,
    }),
  });
  const answer = await registered.text();
  const { paymentRequest } = JSON.parse(answer) as { paymentRequest?: PaymentRequestForm };
  if (paymentRequest === undefined) {
    throw new Error(`No payment request for ${reference}: ${registered.status} ${answer}`);
  }
  // Ogone finds the account by the form's PSPID, and checks SHA-IN with that account's settings.
  if (account !== undefined && paymentRequest.fields.PSPID !== account.pspId) {
    throw new Error(
      `The payment request names PSPID ${paymentRequest.fields.PSPID}, not account ${account.id}'s ${account.pspId}`,
    );
  }
  if (!checkPaymentRequest(paymentRequest, options.shaInPassphrase, options.algorithm)) {
    throw new Error('The payment request’s SHA-IN signature is wrong: Ogone would refuse it');
  }
  print(
    `payment request for ${reference}: SHA-IN signature verified, AMOUNT ${paymentRequest.fields.AMOUNT} ${paymentRequest.fields.CURRENCY}`,
  );
  const feedback = signedFeedback(
    paymentRequest,
    options.status,
    options.shaOutPassphrase,
    options.algorithm,
  );
  const target = resultUrlFor(paymentRequest.fields, options.status);
  const server = () =>
    options.method === 'POST'
      ? fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: feedback.toString(),
        })
      : fetch(`${target}?${feedback}`);
  if (options.via !== 'browser')
    await describe(`server ${options.method} (online)`, await server(), print);
  if (options.via !== 'server') {
    const browser = await fetch(`${target}?${feedback}`, {
      headers: { accept: 'text/html,application/xhtml+xml' },
      redirect: 'manual',
    });
    await describe('browser redirect GET', browser, print);
  }
  if (options.via !== 'browser')
    await describe(`server ${options.method} (deferred repeat)`, await server(), print);
  return (await fetch(routes.read(reference))).json();
};
