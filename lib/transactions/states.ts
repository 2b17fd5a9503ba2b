import { FEEDBACK_STATES, type FeedbackState } from '../ogone/status-table.js';

/** Every state a transaction can be in (design §1); `created` and `review` are ours alone. */
export const STATES = {
  created: 'created',
  ...FEEDBACK_STATES,
  review: 'review',
} as const;

export type TransactionState = (typeof STATES)[keyof typeof STATES];

export const ALL_STATES: readonly TransactionState[] = Object.values(STATES);

/**
 * Ranks of ogone-protocol.md §5: a notification moves a transaction only to a strictly higher
 * rank, which makes the final state independent of delivery order. `review` ranks above all, so
 * that the same comparison also holds every notification off a transaction a person must look at.
 */
export const RANK: Readonly<Record<TransactionState, number>> = {
  created: 0,
  pending: 10,
  invalid: 20,
  cancelled: 20,
  declined: 20,
  authorized: 30,
  paid: 40,
  void_pending: 50,
  refund_pending: 50,
  voided: 60,
  refunded: 60,
  review: 1000,
};

export const isTransactionState = (value: string): value is TransactionState =>
  Object.hasOwn(RANK, value);

/** The states whose notifications are payments: a second PAYID for them is a double payment. */
export const isPaymentState = (state: FeedbackState): boolean =>
  state === STATES.paid || state === STATES.authorized;
