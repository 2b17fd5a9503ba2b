import type { OgoneNotification } from '../ogone/notification.js';
import { type FeedbackState, statusEffect } from '../ogone/status-table.js';
import { sameDecimal } from './decimal.js';
import { isPaymentState, ORDER, STATES } from './states.js';
import { type NotificationOutcome, OUTCOMES, type Transaction } from './transaction.js';

export type Decision =
  | { readonly outcome: 'duplicate' }
  | { readonly outcome: typeof OUTCOMES.applied; readonly state: FeedbackState }
  | { readonly outcome: Exclude<NotificationOutcome, typeof OUTCOMES.applied> };

/** The part of a transaction a decision reads: what a conditional write can also check. */
export type DecisionInput = Pick<
  Transaction,
  'state' | 'amount' | 'currency' | 'unmatched' | 'paidPayId' | 'notifications'
>;

/** Registered amounts are fixed; an unmatched transaction has nothing to compare against. */
export const amountMatches = (current: DecisionInput, notification: OgoneNotification): boolean =>
  current.unmatched ||
  (sameDecimal(current.amount ?? undefined, notification.amount) &&
    current.currency === notification.currency);

/**
 * What one verified notification does to a transaction (ogone-protocol.md §4 and §5). Every
 * non-applied answer is monotonic: amounts never change, `review` is never left by a
 * notification, ranks only rise and the paying PAYID is set once. So an answer computed from an
 * old copy of the transaction stays true, which is what lets a lost race be settled from the
 * `ALL_OLD` item with one more conditional write and no read.
 */
export const decide = (current: DecisionInput, notification: OgoneNotification): Decision => {
  if (current.notifications.some((recorded) => recorded.id === notification.id)) {
    return { outcome: 'duplicate' };
  }
  if (!amountMatches(current, notification)) return { outcome: OUTCOMES.amountMismatch };
  const effect = statusEffect(notification.status);
  switch (effect.kind) {
    case 'unknown':
      return { outcome: OUTCOMES.unknownStatus };
    case 'no_change':
      return { outcome: OUTCOMES.noChange };
    case 'state':
      break;
    default: {
      const unreachable: never = effect;
      return unreachable;
    }
  }
  if (
    isPaymentState(effect.state) &&
    current.paidPayId !== null &&
    current.paidPayId !== (notification.payId ?? null)
  ) {
    return { outcome: OUTCOMES.doublePayment };
  }
  // After the double-payment check: a second PAYID paying a transaction held in review is still
  // money taken twice, and must be alerted rather than filed as stale.
  if (current.state === STATES.review) return { outcome: OUTCOMES.stale };
  if (ORDER[effect.state] <= ORDER[current.state]) return { outcome: OUTCOMES.stale };
  return { outcome: OUTCOMES.applied, state: effect.state };
};
