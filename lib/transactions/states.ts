import { FEEDBACK_STATES, type FeedbackState } from '../ogone/status-table.js';

/** Every state a transaction can be in (docs/api.md §6); `created` and `review` are ours alone. */
export const STATES = {
  created: 'created',
  ...FEEDBACK_STATES,
  review: 'review',
} as const;

export type TransactionState = (typeof STATES)[keyof typeof STATES];

export const ALL_STATES: readonly TransactionState[] = Object.values(STATES);

/**
 * Ranks of docs/protocol.md §5: a notification moves a transaction only to a strictly higher
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

/**
 * docs/protocol.md §5 gives some states the same rank (invalid/cancelled/declined, the two pending
 * deletions, voided/refunded). Compared on rank alone, the first of two such notifications would
 * win, and the final state would depend on delivery order, which §5 also forbids. A fixed order
 * inside each rank keeps both rules: a lower rank never overrides a higher one, and equal ranks
 * settle the same way whatever the order. `declined` wins its rank because it carries Ogone's
 * reason (NCERROR).
 */
export const TIE_BREAK: Readonly<Record<TransactionState, number>> = {
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
  review: 0,
};

/** The total order a notification must rise in: rank first, then the tie-break. */
export const ORDER: Readonly<Record<TransactionState, number>> = Object.fromEntries(
  Object.entries(RANK).map(([state, rank]) => [
    state,
    rank * 10 + TIE_BREAK[state as TransactionState],
  ]),
) as Record<TransactionState, number>;

export const isTransactionState = (value: string): value is TransactionState =>
  Object.hasOwn(RANK, value);

/**
 * Open: Ogone may still settle it. Only open transactions carry the sparse index's key
 * (lib/dynamodb/table-schema.ts), and only they are reconciled through DirectLink.
 */
export const OPEN_STATES: ReadonlySet<TransactionState> = new Set([STATES.created, STATES.pending]);

export const isOpenState = (state: string): boolean => OPEN_STATES.has(state as TransactionState);

/** The states whose notifications are payments: a second PAYID for them is a double payment. */
export const isPaymentState = (state: FeedbackState): boolean =>
  state === STATES.paid || state === STATES.authorized;
