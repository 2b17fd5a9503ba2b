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
  readonly print: (line: string) => void;
}

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
  const { baseUrl, reference, print } = options;
  const path = `${baseUrl}/payment/ogone/transactions`;
  const current = await fetch(`${path}/${encodeURIComponent(reference)}`);
  if (current.status === 404) throw new Error(`No transaction ${reference}: register it first`);
  const { amount, currency, registration } = (await current.json()) as {
    amount: string;
    currency: string;
    registration: Record<string, unknown> | null;
  };
  // The registration route answers the payment request again for the very same registration.
  const registered = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...registration, reference, amount, currency }),
  });
  const answer = await registered.text();
  const { paymentRequest } = JSON.parse(answer) as { paymentRequest?: PaymentRequestForm };
  if (paymentRequest === undefined) {
    throw new Error(`No payment request for ${reference}: ${registered.status} ${answer}`);
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
  return (await fetch(`${path}/${encodeURIComponent(reference)}`)).json();
};
