import type { Provider } from '../accounts/account.js';
import { maskCardNumber } from './card.js';
import { canonicalDecimal } from './decimal.js';
import { ValidationError } from './errors.js';
import { ISO_3166_COUNTRIES, ISO_4217_CURRENCIES } from './iso-codes.js';
import { OPERATIONS, type Operation, type RegistrationDetails } from './transaction.js';
import { worldlineRegistrationErrors } from './worldline-registration.js';

export interface RegistrationInput {
  /** The account it is registered with: the body's `account`, else the deployment's default. */
  readonly account: string;
  readonly reference: string;
  readonly amount: string;
  readonly currency: string;
  readonly registration: RegistrationDetails;
}

/**
 * Ogone's ORDERID: at most 40 characters, and it deduplicates on it (docs/protocol.md §7). Also
 * what a worldline return may name (lib/worldline/checkout-return.ts).
 */
export const REFERENCE = /^[\x20-\x7e]{1,40}$/;
/** Positive, at most two decimals, at most 13 integer digits so minor units stay exact. */
const AMOUNT = /^(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?$/;
const LANGUAGE = /^[a-z]{2}_[A-Z]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL = /[\x00-\x1f\x7f]/;

/** Free-text fields and Ogone's own length limits for them (e-Commerce guide, parameter list). */
const TEXT_LIMITS = {
  name: 35,
  address: 35,
  zip: 10,
  town: 40,
  phone: 30,
  email: 50,
} as const;

const KNOWN = new Set([
  'account',
  'reference',
  'amount',
  'currency',
  'country',
  'language',
  'operation',
  'saveCard',
  ...Object.keys(TEXT_LIMITS),
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The deployment's accounts as registration sees them: which exist, and which is the default. */
export interface RegistrationAccounts {
  readonly defaultId: string;
  /** The provider of an account registration may use; undefined for any other id. */
  providerOf(id: string): Provider | undefined;
  /** Why `providerOf` refuses an id, when not simply unknown (a route bound to one account). */
  readonly refusal?: string;
}

const SINGLE_ACCOUNT: RegistrationAccounts = {
  defaultId: 'default',
  providerOf: (id) => (id === 'default' ? 'ogone' : undefined),
};

/**
 * Checks a registration body field by field and reports every bad field at once, so a merchant
 * fixes a request in one round trip. Nothing is stored unless all of it is valid.
 */
export const validateRegistration = (
  body: unknown,
  accounts: RegistrationAccounts = SINGLE_ACCOUNT,
): RegistrationInput => {
  if (!isRecord(body)) throw new ValidationError({ body: 'must be a JSON object' });
  // No prototype: a body field named `__proto__` (JSON.parse makes it an own key) must be
  // reported like any other unknown field, not swallowed by Object.prototype's setter.
  const errors: Record<string, string> = Object.create(null);
  for (const key of Object.keys(body)) if (!KNOWN.has(key)) errors[key] = 'is not a known field';

  const { reference, amount, currency } = body;
  // Only an absent field means the default: `"account": null` is a mistake worth a 400.
  const account = body.account === undefined ? accounts.defaultId : body.account;
  const provider = typeof account === 'string' ? accounts.providerOf(account) : undefined;
  if (provider === undefined) {
    errors.account = accounts.refusal ?? 'must name an account of this deployment';
  }
  if (typeof reference !== 'string' || !REFERENCE.test(reference) || reference.trim() === '') {
    errors.reference = 'must be 1 to 40 printable ASCII characters';
  }
  if (typeof amount !== 'string' || !AMOUNT.test(amount) || canonicalDecimal(amount) === '0') {
    errors.amount = 'must be a positive decimal string with at most 2 decimals, e.g. "15.10"';
  }
  if (typeof currency !== 'string' || !ISO_4217_CURRENCIES.has(currency)) {
    errors.currency = 'must be an ISO 4217 currency code, e.g. "EUR"';
  }

  const details: Record<string, string | boolean> = {};
  for (const [field, limit] of Object.entries(TEXT_LIMITS)) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > limit || CONTROL.test(value)) {
      errors[field] = `must be a string of at most ${limit} characters without control characters`;
    } else if (field === 'email' && !EMAIL.test(value)) {
      errors[field] = 'must be an e-mail address';
    } else if (field === 'name') {
      // The card holder name Ogone receives as CN: a card number typed into it is never stored.
      if (value !== '') details[field] = maskCardNumber(value);
    } else if (value !== '') {
      details[field] = value;
    }
  }
  if (body.country !== undefined) {
    if (typeof body.country !== 'string' || !ISO_3166_COUNTRIES.has(body.country)) {
      errors.country = 'must be an ISO 3166-1 alpha-2 country code, e.g. "BE"';
    } else details.country = body.country;
  }
  if (body.language !== undefined) {
    if (typeof body.language !== 'string' || !LANGUAGE.test(body.language)) {
      errors.language = 'must be a locale like "en_US"';
    } else details.language = body.language;
  }
  const operation = body.operation ?? OPERATIONS.sale;
  if (operation !== OPERATIONS.sale && operation !== OPERATIONS.authorization) {
    errors.operation = 'must be "SAL" (sale) or "RES" (authorisation only)';
  }
  const saveCard = body.saveCard ?? false;
  if (typeof saveCard !== 'boolean') errors.saveCard = 'must be true or false';
  if (provider === 'worldline') {
    const worldline = worldlineRegistrationErrors(body, {
      amount: errors.amount === undefined ? (amount as string) : undefined,
      currency: errors.currency === undefined ? (currency as string) : undefined,
    });
    for (const [field, message] of Object.entries(worldline)) errors[field] ??= message;
  }

  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    account: account as string,
    reference: reference as string,
    amount: canonicalDecimal(amount as string) as string,
    currency: currency as string,
    registration: {
      ...details,
      operation: operation as Operation,
      saveCard: saveCard as boolean,
    } as RegistrationDetails,
  };
};
