/**
 * What each Ogone STATUS means for a transaction (docs/protocol.md §4). The states named here are
 * the ones a notification can lead to; `created` and `review` are ours alone.
 */
export const FEEDBACK_STATES = {
  pending: 'pending',
  invalid: 'invalid',
  cancelled: 'cancelled',
  declined: 'declined',
  authorized: 'authorized',
  paid: 'paid',
  voidPending: 'void_pending',
  voided: 'voided',
  refundPending: 'refund_pending',
  refunded: 'refunded',
} as const;

export type FeedbackState = (typeof FEEDBACK_STATES)[keyof typeof FEEDBACK_STATES];

export type StatusEffect =
  | { readonly kind: 'state'; readonly state: FeedbackState }
  | { readonly kind: 'no_change' }
  | { readonly kind: 'unknown' };

const S = FEEDBACK_STATES;

/**
 * 52 and 92: the outcome is unknown at Ogone. Never paid, never failed: pending until a later
 * notification or a status query settles it (docs/protocol.md §8, "uncertain statuses"); Ogone sends the
 * shopper to EXCEPTIONURL.
 */
export const UNCERTAIN_STATUSES: ReadonlySet<string> = new Set(['52', '92']);

const STATUS_TO_STATE: Readonly<Record<string, FeedbackState>> = {
  '0': S.invalid,
  '1': S.cancelled,
  '2': S.declined,
  '4': S.pending,
  '40': S.pending,
  '41': S.pending,
  '46': S.pending,
  '5': S.authorized,
  '50': S.pending,
  '51': S.pending,
  '55': S.pending,
  '56': S.pending,
  '57': S.declined,
  '59': S.pending,
  '6': S.voided,
  '61': S.voidPending,
  '62': S.voidPending,
  '64': S.voided,
  '7': S.voided,
  '71': S.voidPending,
  '72': S.voidPending,
  '74': S.voided,
  '75': S.voided,
  '8': S.refunded,
  '81': S.refundPending,
  '82': S.refundPending,
  '84': S.refunded,
  '85': S.refunded,
  '9': S.paid,
  '91': S.pending,
  '93': S.declined,
  '95': S.paid,
  '99': S.pending,
  ...Object.fromEntries([...UNCERTAIN_STATUSES].map((status) => [status, S.pending])),
};

/** Refusals of a deletion or refund: the payment itself is unchanged, so is the state. */
const NO_CHANGE_STATUSES: ReadonlySet<string> = new Set(['63', '73', '83', '94', '96']);

/** `status` is the STATUS value exactly as signed; `09` or ` 9` is not a status Ogone sends. */
export const statusEffect = (status: string): StatusEffect => {
  const state = Object.hasOwn(STATUS_TO_STATE, status) ? STATUS_TO_STATE[status] : undefined;
  if (state !== undefined) return { kind: 'state', state };
  if (NO_CHANGE_STATUSES.has(status)) return { kind: 'no_change' };
  return { kind: 'unknown' };
};
