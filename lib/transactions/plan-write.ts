import type { OgoneNotification } from '../ogone/notification.js';
import { statusEffect } from '../ogone/status-table.js';
import { maskCardData } from './card.js';
import type { Decision } from './decide.js';
import { canonicalDecimal } from './decimal.js';
import { historyWrite } from './history-window.js';
import type { NotificationWrite, PaymentFields, WriteGuard } from './port.js';
import { isPaymentState, ORDER, STATES } from './states.js';
import {
  ANOMALY_TYPES,
  type Anomaly,
  type AnomalyType,
  type NotificationSource,
  OUTCOMES,
  type Transaction,
} from './transaction.js';

export interface WriteContext {
  readonly nowIso: string;
  readonly source: NotificationSource;
}

type Planned = Exclude<Decision, { outcome: 'duplicate' }>;

/** Outcomes that hold the transaction in `review` for a person. */
const HOLDING: ReadonlySet<string> = new Set([OUTCOMES.amountMismatch, OUTCOMES.missingPayId]);

/** The decision to try first, before anything is known: the one that needs a single write. */
export const optimisticDecision = (notification: OgoneNotification): Planned => {
  const effect = statusEffect(notification.status);
  if (effect.kind === 'state' && isPaymentState(effect.state) && notification.payId === undefined) {
    return { outcome: OUTCOMES.missingPayId };
  }
  if (effect.kind === 'state') return { outcome: OUTCOMES.applied, state: effect.state };
  return { outcome: effect.kind === 'unknown' ? OUTCOMES.unknownStatus : OUTCOMES.noChange };
};

/**
 * What an applied notification writes. An ALIAS counts only on a payment (`authorized`, `paid`):
 * a declined attempt's alias names no usable card.
 */
const paymentFields = (notification: OgoneNotification, paying: boolean): PaymentFields => {
  const optional = {
    payId: notification.payId,
    ncError: notification.ncError,
    brand: notification.brand,
    paymentMethod: notification.paymentMethod,
    cardNumber: maskCardData(notification.cardNumber),
    // A shopper can type a card number into the holder name: masked like CARDNO.
    cardHolder: maskCardData(notification.cardHolder),
    alias: paying ? notification.alias : undefined,
    expiry: notification.expiry,
  };
  const present = Object.entries(optional).filter(([, value]) => value !== undefined);
  return { ogoneStatus: notification.status, ...Object.fromEntries(present) };
};

const anomaly = (
  type: AnomalyType,
  notification: OgoneNotification,
  nowIso: string,
  detail: string,
): Anomaly => ({ type, notificationId: notification.id, detectedAt: nowIso, detail });

const doublePayment = (
  notification: OgoneNotification,
  current: Transaction | undefined,
  nowIso: string,
): Anomaly =>
  anomaly(
    ANOMALY_TYPES.doublePayment,
    notification,
    nowIso,
    `PAYID ${notification.payId ?? '(none)'} after PAYID ${current?.paidPayId ?? '?'} already paid or authorized`,
  );

/**
 * A paying notification that is no double payment claims the paying PAYID, applied or stale: a
 * stale one too, so that a later, other PAYID is caught in every delivery order. The claim is
 * guarded, since another writer may claim first.
 */
const payingGuard = (
  notification: OgoneNotification,
  decision: Planned,
): Pick<WriteGuard, 'paidPayIdIs' | 'paidPayIdOtherThan'> => {
  const effect = statusEffect(notification.status);
  const { payId } = notification;
  if (effect.kind !== 'state' || !isPaymentState(effect.state) || payId === undefined) return {};
  if (decision.outcome === OUTCOMES.applied) {
    return decision.doublePayment === true ? { paidPayIdOtherThan: payId } : { paidPayIdIs: payId };
  }
  return decision.outcome === OUTCOMES.stale ? { paidPayIdIs: payId } : {};
};

const anomalyFor = (
  decision: Planned,
  notification: OgoneNotification,
  current: Transaction | undefined,
  nowIso: string,
): Anomaly[] => {
  switch (decision.outcome) {
    case OUTCOMES.amountMismatch:
      return [
        anomaly(
          ANOMALY_TYPES.amountMismatch,
          notification,
          nowIso,
          `notification ${notification.amount ?? '(none)'} ${notification.currency ?? '(none)'}, ` +
            `registered ${current?.amount ?? '?'} ${current?.currency ?? '?'}`,
        ),
      ];
    case OUTCOMES.doublePayment:
      return [doublePayment(notification, current, nowIso)];
    case OUTCOMES.unknownStatus:
      return [
        anomaly(ANOMALY_TYPES.unknownStatus, notification, nowIso, `STATUS ${notification.status}`),
      ];
    case OUTCOMES.missingPayId:
      return [
        anomaly(
          ANOMALY_TYPES.missingPayId,
          notification,
          nowIso,
          `STATUS ${notification.status} without PAYID: cannot tell it from a second payment`,
        ),
      ];
    case OUTCOMES.applied:
      return decision.doublePayment === true ? [doublePayment(notification, current, nowIso)] : [];
    case OUTCOMES.stale:
    case OUTCOMES.noChange:
      return [];
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
};

/**
 * Turns a decision into the one conditional write that carries it out. `current` is the stored
 * transaction the decision was made on, or undefined for the first, optimistic attempt: that one
 * may create the transaction and must re-check amount, rank and PAYID in its condition. Later
 * attempts only guard against recording the same notification twice, because every non-applied
 * decision stays true once made (see decide.ts).
 */
export const planWrite = (
  notification: OgoneNotification,
  decision: Planned,
  current: Transaction | undefined,
  context: WriteContext,
): NotificationWrite => {
  const first = current === undefined;
  const applied = decision.outcome === OUTCOMES.applied ? decision : undefined;
  const amount = {
    amount: canonicalDecimal(notification.amount ?? '') ?? null,
    currency: notification.currency ?? null,
  };
  const paying = payingGuard(notification, decision);
  const guard: WriteGuard = {
    notificationId: notification.id,
    mayCreate: first,
    ...(first || applied !== undefined ? { amount } : {}),
    ...(applied === undefined ? {} : { rankBelow: ORDER[applied.state] }),
    ...paying,
  };
  const record = {
    id: notification.id,
    receivedAt: context.nowIso,
    ogoneStatus: notification.status,
    payId: notification.payId ?? null,
    outcome: decision.outcome,
    source: context.source,
  };
  const anomalies = anomalyFor(decision, notification, current, context.nowIso);
  return {
    reference: notification.orderId,
    nowIso: context.nowIso,
    record,
    guard,
    history: historyWrite(current, record, anomalies),
    ...(paying.paidPayIdIs === undefined ? {} : { paidPayId: paying.paidPayIdIs }),
    ...(applied === undefined
      ? {}
      : {
          transition: {
            state: applied.state,
            rank: ORDER[applied.state],
            fields: paymentFields(notification, isPaymentState(applied.state)),
          },
        }),
    ...(HOLDING.has(decision.outcome)
      ? { hold: { state: STATES.review, rank: ORDER.review } }
      : {}),
    anomalies,
    creation: {
      amount: amount.amount ?? notification.amount ?? null,
      currency: notification.currency ?? null,
      anomaly: anomaly(
        ANOMALY_TYPES.unmatched,
        notification,
        context.nowIso,
        'notification for a reference that was never registered',
      ),
    },
  };
};
