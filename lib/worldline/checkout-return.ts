import { createHash, timingSafeEqual } from 'node:crypto';
import { ContextualError } from '../shared/contextual-error.js';
import type { HostedCheckout, Transaction } from '../transactions/transaction.js';
import { REFERENCE } from '../transactions/validate-registration.js';

/**
 * The shopper's browser back from Hosted Checkout (docs/worldline.md, "Hosted Checkout and the
 * return"): the reference our returnUrl carries, and the two parameters Worldline appends.
 */
export const RETURN_PARAMETERS = {
  reference: 'reference',
  hostedCheckoutId: 'hostedCheckoutId',
  returnMac: 'RETURNMAC',
} as const;

type ReturnParameter = (typeof RETURN_PARAMETERS)[keyof typeof RETURN_PARAMETERS];

export interface CheckoutReturn {
  readonly reference: string;
  readonly hostedCheckoutId: string;
  readonly returnMac: string;
}

export const RETURN_FAILURES = {
  missing: 'missing',
  repeated: 'repeated',
  malformed: 'malformed',
  mismatch: 'mismatch',
} as const;

export type ReturnFailure = (typeof RETURN_FAILURES)[keyof typeof RETURN_FAILURES];

/**
 * A return that proves nothing: answered 403 before anything is written or asked of Worldline.
 * The message names a parameter at most, never a value: a RETURNMAC must not reach a log line.
 */
export class CheckoutReturnError extends ContextualError {
  public readonly failure: ReturnFailure;

  public constructor(failure: ReturnFailure, message: string, parameter?: ReturnParameter) {
    super(message, { context: parameter === undefined ? { failure } : { failure, parameter } });
    this.failure = failure;
  }
}

/** Far above a real return (a reference, a checkout id, a RETURNMAC): anything longer is not one. */
const MAX_QUERY = 2048;
/** Worldline's checkout ids and RETURNMACs are short printable tokens. */
const TOKEN = /^[\x21-\x7e]{1,128}$/;

const decode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
};

const RULES: Readonly<Record<ReturnParameter, (value: string) => boolean>> = {
  reference: (value) => REFERENCE.test(value) && value.trim() !== '',
  hostedCheckoutId: (value) => TOKEN.test(value),
  RETURNMAC: (value) => TOKEN.test(value),
};

const isReturnParameter = (name: string): name is ReturnParameter => Object.hasOwn(RULES, name);

/**
 * The three parameters of a return, from the raw query string (form-encoded, as browsers send
 * it). Any other parameter is ignored. A parameter given twice is refused, not resolved: which
 * one was meant cannot be known, and API Gateway would have joined them with a comma anyway.
 */
export const readCheckoutReturn = (rawQuery: string): CheckoutReturn => {
  if (rawQuery.length > MAX_QUERY) {
    throw new CheckoutReturnError(RETURN_FAILURES.malformed, 'The return query is too long');
  }
  const found = new Map<ReturnParameter, string>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const cut = pair.indexOf('=');
    const name = decode(cut === -1 ? pair : pair.slice(0, cut));
    if (name === undefined || !isReturnParameter(name)) continue;
    if (found.has(name)) {
      throw new CheckoutReturnError(
        RETURN_FAILURES.repeated,
        `The return carries ${name} more than once`,
        name,
      );
    }
    const value = cut === -1 ? '' : decode(pair.slice(cut + 1));
    if (value === undefined || (value !== '' && !RULES[name](value))) {
      throw new CheckoutReturnError(
        RETURN_FAILURES.malformed,
        `The return's ${name} is malformed`,
        name,
      );
    }
    found.set(name, value);
  }
  const value = (name: ReturnParameter): string => {
    const text = found.get(name);
    if (text === undefined || text === '') {
      throw new CheckoutReturnError(RETURN_FAILURES.missing, `The return has no ${name}`, name);
    }
    return text;
  };
  return {
    reference: value(RETURN_PARAMETERS.reference),
    hostedCheckoutId: value(RETURN_PARAMETERS.hostedCheckoutId),
    returnMac: value(RETURN_PARAMETERS.returnMac),
  };
};

/**
 * Equal texts, in time that does not depend on where they differ: both sides are hashed first,
 * so timingSafeEqual always compares 32 bytes and not even the stored value's length shows.
 */
const sameText = (received: string, stored: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(received).digest(),
    createHash('sha256').update(stored).digest(),
  );

const MISMATCH = 'The return does not match a hosted checkout of this account';

/**
 * The stored checkout a return proves it came from: the transaction of its reference in the
 * route's account has a checkout with this id and this RETURNMAC. An unknown reference, one
 * without a checkout, another checkout's id or a wrong RETURNMAC all fail alike, so the answer
 * tells a guesser nothing about which references exist.
 */
export const verifyCheckoutReturn = (
  returned: CheckoutReturn,
  transaction: Transaction | undefined,
): { readonly transaction: Transaction; readonly checkout: HostedCheckout } => {
  const checkout = transaction?.hostedCheckout ?? null;
  if (transaction === undefined || checkout === null) {
    throw new CheckoutReturnError(RETURN_FAILURES.mismatch, MISMATCH);
  }
  // Both compared, always: which of the two differed must not show in the time taken.
  const sameId = sameText(returned.hostedCheckoutId, checkout.id);
  const sameMac = sameText(returned.returnMac, checkout.returnMac);
  if (!(sameId && sameMac)) throw new CheckoutReturnError(RETURN_FAILURES.mismatch, MISMATCH);
  return { transaction, checkout };
};
