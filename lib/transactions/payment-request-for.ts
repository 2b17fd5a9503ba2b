import type { HashAlgorithm } from '../ogone/hash-algorithm.js';
import { type PaymentRequest, signPaymentRequest } from '../ogone/payment-request.js';
import { toMinorUnits } from './decimal.js';
import { TransactionError } from './errors.js';
import type { Transaction } from './transaction.js';

export interface PaymentRequestSettings {
  readonly pspId: string;
  readonly hostedPaymentPageUrl: string;
  /** This service's own `/payment/ogone/return`, for all four result URLs. */
  readonly returnUrl: string;
  readonly shaInPassphrase: string;
  readonly algorithm: HashAlgorithm;
}

/** Shown by Ogone next to the "save my card" choice. */
export const ALIAS_USAGE = 'Save this card for your next payments';

/**
 * The signed form that sends the shopper to Ogone's hosted page for a registered transaction.
 * Derived from what was stored at registration, so asking again yields the same form.
 */
export const paymentRequestFor = (
  transaction: Transaction,
  settings: PaymentRequestSettings,
): PaymentRequest => {
  const amount = transaction.amount === null ? undefined : toMinorUnits(transaction.amount);
  const registration = transaction.registration;
  if (amount === undefined || transaction.currency === null || registration === null) {
    throw new TransactionError('Only a registered transaction has a payment request', {
      context: { reference: transaction.reference },
    });
  }
  const alias = registration.saveCard ? registration.alias : undefined;
  return signPaymentRequest(
    settings.hostedPaymentPageUrl,
    {
      PSPID: settings.pspId,
      ORDERID: transaction.reference,
      AMOUNT: amount,
      CURRENCY: transaction.currency,
      LANGUAGE: registration.language ?? 'en_US',
      CN: registration.name,
      EMAIL: registration.email,
      OWNERADDRESS: registration.address,
      OWNERZIP: registration.zip,
      OWNERTOWN: registration.town,
      OWNERCTY: registration.country,
      OWNERTELNO: registration.phone,
      OPERATION: registration.operation,
      ACCEPTURL: settings.returnUrl,
      DECLINEURL: settings.returnUrl,
      EXCEPTIONURL: settings.returnUrl,
      CANCELURL: settings.returnUrl,
      ...(alias === undefined ? {} : { ALIAS: alias, ALIASUSAGE: ALIAS_USAGE }),
    },
    { passphrase: settings.shaInPassphrase, algorithm: settings.algorithm },
  );
};
