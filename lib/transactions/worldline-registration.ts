import { decimalToMinor } from '../worldline/minor-units.js';
import { OPERATIONS } from './transaction.js';

/**
 * Registration fields that only Ogone's hosted page acts on. The Hosted Checkout this service
 * creates for a worldline account sends Worldline the amount, the reference, the return URL and
 * the locale, nothing else (lib/worldline/payments-api.ts), so each of these would be stored and
 * never honoured: the shopper's details would not prefill the page, and storing personal data
 * that serves no purpose is data worth not holding (docs/api.md §3, "Worldline accounts").
 */
const CUSTOMER_FIELDS = ['name', 'email', 'address', 'zip', 'town', 'phone', 'country'] as const;

const NOT_SENT = 'is not sent to Worldline Hosted Checkout: leave it out for a worldline account';

/**
 * What a registration for a worldline account may not ask for, field by field, on top of the
 * rules every registration follows (validate-registration.ts, whose messages win for a field
 * both refuse). A request Worldline would carry out differently from what the merchant asked is
 * refused rather than quietly changed: a card not saved, or an authorisation captured.
 */
export const worldlineRegistrationErrors = (
  body: Readonly<Record<string, unknown>>,
  checked: { readonly amount: string | undefined; readonly currency: string | undefined },
): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (const field of CUSTOMER_FIELDS) {
    // An empty string counts as absent, as it does for an ogone account.
    if (body[field] !== undefined && body[field] !== '') errors[field] = NOT_SENT;
  }
  if (body.operation === OPERATIONS.authorization) {
    errors.operation =
      'must be "SAL" for a worldline account: the hosted checkout asks for no authorisation-only payment, so the account\'s own capture setting applies';
  }
  if (body.saveCard === true) {
    errors.saveCard =
      'must be false for a worldline account: the hosted checkout asks Worldline to save no card';
  }
  const { amount, currency } = checked;
  // Worldline takes the currency's own minor unit (0 decimals for JPY, 3 for KWD): an amount it
  // cannot carry exactly is refused here, before anything is stored.
  if (
    amount !== undefined &&
    currency !== undefined &&
    decimalToMinor(amount, currency) === undefined
  ) {
    errors.amount = `must be a whole number of ${currency}'s minor unit for a worldline account`;
  }
  return errors;
};
