/**
 * Ranks as docs/protocol.md §5 states them, written out here rather than imported from
 * lib/transactions/states.ts, so that a wrong rank there fails a test. One copy for every suite.
 * `review` has no rank in the protocol: it is a hold that no notification leaves.
 */
export const PROTOCOL_RANK = {
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
} as const;
