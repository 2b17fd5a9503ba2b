import type { OgoneNotification } from '../../../lib/ogone/notification.js';
import { decide } from '../../../lib/transactions/decide.js';
import { planWrite } from '../../../lib/transactions/plan-write.js';
import type { NotificationWrite } from '../../../lib/transactions/port.js';
import type { NotificationOutcome, Transaction } from '../../../lib/transactions/transaction.js';
import { transactionWith } from './transactions.js';

/**
 * What a planned write leaves on the stored transaction, as the conditional write would store it
 * when its guard holds: enough to chain decide and planWrite in memory, with no storage at all.
 */
export const applyWrite = (current: Transaction, write: NotificationWrite): Transaction => ({
  ...current,
  ...(write.transition === undefined
    ? {}
    : { state: write.transition.state, payId: write.transition.fields.payId ?? current.payId }),
  ...(write.hold === undefined ? {} : { state: write.hold.state }),
  ...(write.paidPayId === undefined ? {} : { paidPayId: write.paidPayId }),
  notifications:
    write.history.kind === 'replace'
      ? write.history.records
      : [...current.notifications, write.record],
  droppedNotifications:
    write.history.kind === 'replace' ? write.history.dropped : current.droppedNotifications,
  ...(write.history.kind === 'replace'
    ? { anomalies: write.history.anomalies, droppedAnomalies: write.history.droppedAnomalies }
    : { anomalies: [...current.anomalies, ...write.anomalies] }),
});

const CONTEXT = { nowIso: '2026-11-27T09:00:00.000Z', source: 'feedback' as const };

/**
 * One delivery as processNotification settles it sequentially: the decision taken on the
 * stored transaction (the optimistic one is the same when its guard holds), then its write.
 */
export const deliverInMemory = (
  current: Transaction,
  notification: OgoneNotification,
): { readonly outcome: NotificationOutcome | 'duplicate'; readonly after: Transaction } => {
  const decision = decide(current, notification);
  if (decision.outcome === 'duplicate') return { outcome: 'duplicate', after: current };
  const write = planWrite(notification, decision, current, CONTEXT);
  return { outcome: decision.outcome, after: applyWrite(current, write) };
};

/** Delivers each in turn from a registered, `created` transaction. */
export const deliverAllInMemory = (
  sequence: readonly OgoneNotification[],
  start: Transaction = transactionWith(),
): { readonly outcomes: (NotificationOutcome | 'duplicate')[]; readonly after: Transaction } => {
  const outcomes: (NotificationOutcome | 'duplicate')[] = [];
  let after = start;
  for (const notification of sequence) {
    const delivered = deliverInMemory(after, notification);
    outcomes.push(delivered.outcome);
    after = delivered.after;
  }
  return { outcomes, after };
};
