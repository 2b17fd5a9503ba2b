import { createHash } from 'node:crypto';
import { WorldlineAnswerError } from '../worldline/errors.js';
import type { PaymentsApi } from '../worldline/payments-api.js';
import { TransactionError } from './errors.js';
import type { TransactionRepository } from './port.js';
import type { HostedCheckout, Transaction } from './transaction.js';
import type { RegistrationInput } from './validate-registration.js';

/** Worldline takes at most 40 ASCII characters as an idempotence key (docs/worldline.md). */
const KEY_VERSION = 'of1-';
const KEY_DIGEST_CHARACTERS = 40 - KEY_VERSION.length;

/**
 * The X-GCS-Idempotence-Key of a transaction's hosted checkout: the same for every registration
 * of one (deployment, account, reference), so that Worldline answers a repeated or concurrent
 * create with the first checkout instead of making a second. The deployment (its table) is part
 * of it because two stages may share one Worldline test merchant and its references. Hashed:
 * the parts are longer than 40 characters together, and a key should say nothing of them.
 */
export const checkoutIdempotenceKey = (
  deployment: string,
  account: string,
  reference: string,
): string => {
  const hash = createHash('sha256');
  // Length-prefixed, so that no two different triples hash the same text.
  for (const part of [deployment, account, reference]) hash.update(`${part.length}:${part}`);
  return `${KEY_VERSION}${hash.digest('base64url').slice(0, KEY_DIGEST_CHARACTERS)}`;
};

/** What the checkout is created with besides the registration itself. */
export interface CheckoutSettings {
  /** The account's return route, with the reference in its query (docs/api.md §3). */
  readonly returnUrl: string;
  readonly idempotenceKey: string;
}

export type WithCheckout = Transaction & { readonly hostedCheckout: HostedCheckout };

const withCheckout = (transaction: Transaction): WithCheckout => {
  // attachHostedCheckout answers the item with a checkout, its own or an earlier one.
  if (transaction.hostedCheckout === null) {
    throw new TransactionError('The hosted checkout was not stored', {
      context: { reference: transaction.reference },
    });
  }
  return transaction as WithCheckout;
};

/**
 * A registered worldline transaction with its Hosted Checkout: the stored one, or one created
 * now and stored unless a concurrent registration stored its own first (the same checkout, by
 * the idempotence key; the first stored is kept either way). When the Payments API fails, its
 * error goes up and the transaction stays registered without a checkout: the same registration
 * sent again creates it, or gets the one Worldline created for a request whose answer was lost.
 */
export const ensureHostedCheckout = async (
  repository: TransactionRepository,
  api: PaymentsApi,
  registered: Transaction,
  input: RegistrationInput,
  settings: CheckoutSettings,
  now: () => string = () => new Date().toISOString(),
): Promise<WithCheckout> => {
  if (registered.hostedCheckout !== null) return withCheckout(registered);
  const { language } = input.registration;
  const created = await api.createHostedCheckout({
    reference: input.reference,
    amount: input.amount,
    currency: input.currency,
    returnUrl: settings.returnUrl,
    ...(language === undefined ? {} : { locale: language }),
    idempotenceKey: settings.idempotenceKey,
  });
  // An idempotent replay answers the first request's checkout: one for another order would send
  // this shopper to pay that order, so it is refused (502), never stored.
  if (created.merchantReference !== input.reference) {
    throw new WorldlineAnswerError("Worldline's createHostedCheckout answer names another order", {
      context: { reference: input.reference },
    });
  }
  const stored = await repository.attachHostedCheckout(
    input.reference,
    {
      id: created.hostedCheckoutId,
      redirectUrl: created.redirectUrl,
      returnMac: created.RETURNMAC,
    },
    now(),
  );
  return withCheckout(stored);
};
