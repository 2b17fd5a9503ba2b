import { randomUUID } from 'node:crypto';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import {
  type RegisterOutcome,
  registerTransaction,
} from '../../lib/transactions/register-transaction.js';
import type { NotificationSource } from '../../lib/transactions/transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';

/** A reference no other test uses: Ogone's ORDERID allows 40 printable ASCII characters. */
export const uniqueReference = (prefix: string): string =>
  `${prefix}-${randomUUID().replaceAll('-', '').slice(0, 20)}`;

let tick = 0;

/** Strictly increasing timestamps, so that "oldest first" is checkable from receivedAt alone. */
export const nextIso = (): string => {
  tick += 1;
  return new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + tick * 1000).toISOString();
};

export const feedbackContext = (): { nowIso: string; source: NotificationSource } => ({
  nowIso: nextIso(),
  source: 'feedback',
});

/** Registers a payment as the merchant's backend would, through the validating domain path. */
export const registerPayment = (
  repository: TransactionRepository,
  reference: string,
  amount = '15.10',
  currency = 'EUR',
): Promise<RegisterOutcome> =>
  registerTransaction(
    repository,
    validateRegistration({ reference, amount, currency, name: 'Jane Doe' }),
    nextIso(),
  );
