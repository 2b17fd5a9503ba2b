import type { OgoneNotification } from '../ogone/notification.js';
import { type FeedbackState, statusEffect } from '../ogone/status-table.js';
import { sameDecimal } from './decimal.js';
import { isPaymentState, ORDER, STATES } from './states.js';
import { type NotificationOutcome, OUTCOMES, type Transaction } from './transaction.js';

export type Decision =
  | { readonly outcome: 'duplicate' }
  | {
      readonly outcome: typeof OUTCOMES.applied;
      readonly state: FeedbackState;
      /**
       * A paying notification under a second PAYID that still ranks higher (an authorization by
       * A, then a payment by B): it moves the state, so that the final state stays independent
       * of delivery order, and raises a double_payment anomaly, since A holds money too.
       */
      readonly doublePayment?: true;
    }
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
 * What one verified notification does to a transaction (docs/protocol.md §4 and §5). Every
 * non-applied answer is monotonic: amounts never change, `review` is never left by a
 * notification, ranks only rise and the paying PAYID is set once (by the first paying
 * notification with the registered amount, applied or not, so that a second PAYID is caught
 * whatever the order). So an answer computed from an old copy of the transaction stays true,
 * which is what lets a lost race be settled from the `ALL_OLD` item with one more conditional
 * write and no read, and lets a stale record leave the kept history (history-window.ts).
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
  const paying = isPaymentState(effect.state);
  // Without a PAYID a payment cannot be told from a second one; nor can any later one.
  if (paying && notification.payId === undefined) return { outcome: OUTCOMES.missingPayId };
  const secondPayId =
    paying && current.paidPayId !== null && current.paidPayId !== notification.payId;
  // After the double-payment check: a second PAYID paying a transaction held in review is still
  // money taken twice, and must be alerted rather than filed as stale.
  const rises = current.state !== STATES.review && ORDER[effect.state] > ORDER[current.state];
  if (!rises) return { outcome: secondPayId ? OUTCOMES.doublePayment : OUTCOMES.stale };
  return secondPayId
    ? { outcome: OUTCOMES.applied, state: effect.state, doublePayment: true }
    : { outcome: OUTCOMES.applied, state: effect.state };
};
