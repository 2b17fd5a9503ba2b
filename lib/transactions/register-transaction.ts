import { randomUUID } from 'node:crypto';
import { ConflictError } from './errors.js';
import type { TransactionRepository } from './port.js';
import type { RegistrationDetails, Transaction } from './transaction.js';
import type { RegistrationInput } from './validate-registration.js';

/** Every registered detail but the generated alias, which differs on every attempt. */
const comparable = (details: RegistrationDetails | null): string => {
  if (details === null) return '';
  const { alias: _alias, ...rest } = details;
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
};

const sameRegistration = (a: RegistrationDetails | null, b: RegistrationDetails): boolean =>
  comparable(a) === comparable(b);

export interface RegisterOutcome {
  /** True when this call stored the transaction; false when the same one was already there. */
  readonly created: boolean;
  readonly transaction: Transaction;
}

/**
 * Registers a payment before the shopper goes to Ogone. A merchant retrying after a timeout gets
 * the stored transaction back; the same reference with another amount or currency is a conflict,
 * and so is a reference that Ogone already reported before anyone registered it.
 */
/**
 * A new ALIAS for a card the shopper may save: unique, 39 characters of `[A-Za-z0-9-]`, within
 * Ogone's 50 of `[A-Za-z0-9_-]` (docs/protocol.md §7).
 */
export const newAlias = (): string => `OF-${randomUUID()}`;

export const registerTransaction = async (
  repository: TransactionRepository,
  input: RegistrationInput,
  nowIso: string,
  makeAlias: () => string = newAlias,
): Promise<RegisterOutcome> => {
  // A retried registration makes another alias, but its write fails and the stored one is kept.
  const registration = input.registration.saveCard
    ? { ...input.registration, alias: makeAlias() }
    : input.registration;
  const result = await repository.register({ ...input, registration, nowIso });
  if (result.created) return { created: true, transaction: result.transaction };
  const { existing } = result;
  if (existing.unmatched) {
    throw new ConflictError('The reference already exists as an unmatched transaction', {
      context: { reference: input.reference },
    });
  }
  if (existing.amount !== input.amount || existing.currency !== input.currency) {
    throw new ConflictError('The reference is registered with another amount or currency', {
      context: { reference: input.reference },
    });
  }
  if (!sameRegistration(existing.registration, input.registration)) {
    // A retry must not quietly turn an authorisation (RES) into a sale (SAL), or drop a card save.
    throw new ConflictError('The reference is registered with other payment details', {
      context: { reference: input.reference },
    });
  }
  return { created: false, transaction: existing };
};
