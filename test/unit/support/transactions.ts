import { NO_DROPPED_ANOMALIES, NO_DROPS } from '../../../lib/transactions/history-window.js';
import type { Transaction } from '../../../lib/transactions/transaction.js';
import { PROTOCOL_RANK } from '../../support/protocol-ranks.js';

/** A stored transaction, registered for 15.10 EUR and still `created`, unless overridden. */
export const transactionWith = (overrides: Partial<Transaction> = {}): Transaction => ({
  account: 'default',
  provider: 'ogone',
  reference: 'R-1',
  state: 'created',
  amount: '15.1',
  currency: 'EUR',
  ogoneStatus: null,
  payId: null,
  ncError: null,
  brand: null,
  paymentMethod: null,
  cardNumber: null,
  cardHolder: null,
  alias: null,
  expiry: null,
  paidPayId: null,
  unmatched: false,
  createdAt: '2026-11-27T08:00:00.000Z',
  updatedAt: '2026-11-27T08:00:00.000Z',
  notifications: [],
  droppedNotifications: NO_DROPS,
  anomalies: [],
  droppedAnomalies: NO_DROPPED_ANOMALIES,
  registration: { operation: 'SAL', saveCard: false },
  savedCard: null,
  hostedCheckout: null,
  ...overrides,
});

export { PROTOCOL_RANK } from '../../support/protocol-ranks.js';

/**
 * Inside a shared rank, a fixed order (lib/transactions/states.ts TIE_BREAK) keeps the final
 * state independent of delivery order; written out here for the same reason as the ranks.
 */
export const PROTOCOL_TIE_BREAK = {
  created: 0,
  pending: 0,
  invalid: 0,
  cancelled: 1,
  declined: 2,
  authorized: 0,
  paid: 0,
  void_pending: 0,
  refund_pending: 1,
  voided: 0,
  refunded: 1,
} as const;

export const PROTOCOL_ORDER = Object.fromEntries(
  Object.entries(PROTOCOL_RANK).map(([state, rank]) => [
    state,
    rank * 10 + PROTOCOL_TIE_BREAK[state as keyof typeof PROTOCOL_TIE_BREAK],
  ]),
) as Record<keyof typeof PROTOCOL_RANK, number>;

/** One STATUS code per feedback state (docs/protocol.md §4). */
export const STATUS_FOR = {
  pending: '51',
  invalid: '0',
  cancelled: '1',
  declined: '2',
  authorized: '5',
  paid: '9',
  void_pending: '61',
  voided: '6',
  refund_pending: '81',
  refunded: '8',
} as const;
