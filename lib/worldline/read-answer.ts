import { WorldlineAnswerError } from './errors.js';
import { minorToDecimal } from './minor-units.js';

/**
 * Worldline's JSON answers, read into the few fields the service uses (shapes: the API
 * reference, docs/worldline.md). Unknown fields are ignored, as Worldline adds some over time.
 */

/** A payment as the service sees it: what decides its state, and what identifies it. */
export interface WorldlinePayment {
  readonly id: string;
  /** `statusOutput.statusCode`: the legacy Ogone status code (lib/ogone/status-table.ts). */
  readonly statusCode: number | undefined;
  /** `status` (CAPTURED, PENDING_CAPTURE, REJECTED, …): the fallback when there is no code. */
  readonly status: string | undefined;
  /** The canonical decimal (42.5 for 4250 EUR); undefined when absent or not convertible. */
  readonly amount: string | undefined;
  readonly currency: string | undefined;
  /** `paymentOutput.references.merchantReference`: the registered transaction's reference. */
  readonly reference: string | undefined;
}

export interface CreatedHostedCheckout {
  readonly hostedCheckoutId: string;
  /** Where the shopper's browser goes to pay. */
  readonly redirectUrl: string;
  /** Comes back on the return URL; checked there against this one. */
  readonly RETURNMAC: string;
  readonly merchantReference: string;
}

export interface HostedCheckoutStatus {
  /** IN_PROGRESS, PAYMENT_CREATED, CANCELLED_BY_CONSUMER, CLIENT_NOT_ELIGIBLE_FOR_… */
  readonly status: string;
  /** The payment attempt, once there is one. */
  readonly payment: WorldlinePayment | undefined;
}

type Json = Readonly<Record<string, unknown>>;

const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const required = (operation: string, field: string, value: string | undefined): string => {
  if (value === undefined) {
    throw new WorldlineAnswerError(`Worldline's ${operation} answer has no ${field}`, {
      context: { field },
    });
  }
  return value;
};

export const readPayment = (operation: string, answer: unknown): WorldlinePayment => {
  const payment = object(answer);
  const output = object(payment?.paymentOutput);
  const money = object(output?.amountOfMoney);
  const minor = money?.amount;
  const currency = text(money?.currencyCode);
  const statusCode = object(payment?.statusOutput)?.statusCode;
  return {
    id: required(operation, 'payment id', text(payment?.id)),
    statusCode: Number.isSafeInteger(statusCode) ? (statusCode as number) : undefined,
    status: text(payment?.status),
    amount:
      typeof minor === 'number' && currency !== undefined
        ? minorToDecimal(minor, currency)
        : undefined,
    currency,
    reference: text(object(output?.references)?.merchantReference),
  };
};

export const readCreatedHostedCheckout = (
  answer: unknown,
  sentReference: string,
): CreatedHostedCheckout => {
  const operation = 'createHostedCheckout';
  const created = object(answer);
  // The API reference gives both; the partial one is documented as to be prefixed "https://payment.".
  const partial = text(created?.partialRedirectUrl);
  const redirectUrl =
    text(created?.redirectUrl) ??
    (partial === undefined ? undefined : `https://payment.${partial}`);
  return {
    hostedCheckoutId: required(operation, 'hostedCheckoutId', text(created?.hostedCheckoutId)),
    redirectUrl: required(operation, 'redirectUrl', redirectUrl),
    RETURNMAC: required(operation, 'RETURNMAC', text(created?.RETURNMAC)),
    merchantReference: text(created?.merchantReference) ?? sentReference,
  };
};

export const readHostedCheckout = (answer: unknown): HostedCheckoutStatus => {
  const operation = 'getHostedCheckout';
  const checkout = object(answer);
  const payment = object(object(checkout?.createdPaymentOutput)?.payment);
  return {
    status: required(operation, 'status', text(checkout?.status)),
    payment: payment === undefined ? undefined : readPayment(operation, payment),
  };
};
