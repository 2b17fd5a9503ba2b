import type { OgoneNotification } from '../ogone/notification.js';
import { decide } from './decide.js';
import { ContentionError } from './errors.js';
import { optimisticDecision, planWrite, type WriteContext } from './plan-write.js';
import type { NotificationWrite, TransactionRepository, WriteResult } from './port.js';
import {
  ANOMALY_TYPES,
  type AnomalyType,
  type NotificationOutcome,
  type Transaction,
} from './transaction.js';

export interface ProcessResult {
  readonly outcome: NotificationOutcome | 'duplicate';
  readonly transaction: Transaction;
  /** This notification created the transaction for a never-registered reference. */
  readonly createdUnmatched: boolean;
  /** Conditional writes it took: 1 on the common paths, 2 for a new but non-applied one. */
  readonly writes: number;
  /** Anomalies it recorded (an applied payment under a second PAYID raises double_payment). */
  readonly anomalies: readonly AnomalyType[];
}

/**
 * Each lost race costs one write and teaches us the stored item; a decision made from it is
 * final unless it was `applied`, a payment's claim of the paying PAYID, or a trim of a full
 * history (history-window.ts): each can lose only to a writer that made progress, so five
 * attempts settle any realistic contention.
 */
const MAX_ATTEMPTS = 5;

/**
 * Whether a write whose condition failed as "already recorded" had in fact landed itself: sent
 * again by the client after a lost answer, it then finds its own record (this call's time and
 * source, this decision). Reported as the write it was, else its anomaly would go unalerted and
 * an unmatched creation unreported; a redelivery by another call stays a duplicate.
 */
const landedEarlier = (
  result: Extract<WriteResult, { written: false }>,
  write: NotificationWrite,
): boolean =>
  result.resent === true &&
  result.current.notifications.some(
    (record) =>
      record.id === write.record.id &&
      record.receivedAt === write.record.receivedAt &&
      record.source === write.record.source &&
      record.outcome === write.record.outcome,
  );

/**
 * One verified notification, recorded exactly once. First the write that would apply it (or
 * record it, for a status without a state); if its condition fails, the returned item says why,
 * and the decision taken on it is written with one more conditional write. Never a read.
 */
export const processNotification = async (
  repository: TransactionRepository,
  notification: OgoneNotification,
  context: WriteContext,
): Promise<ProcessResult> => {
  let decision = optimisticDecision(notification);
  let current: Transaction | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const write = planWrite(notification, decision, current, context);
    const result = await repository.writeNotification(write);
    if (result.written) {
      const { transaction } = result;
      return {
        outcome: decision.outcome,
        transaction,
        createdUnmatched: transaction.unmatched && transaction.notifications.length === 1,
        writes: attempt,
        anomalies: write.anomalies.map((anomaly) => anomaly.type),
      };
    }
    current = result.current;
    if (landedEarlier(result, write)) {
      return {
        outcome: decision.outcome,
        transaction: current,
        createdUnmatched:
          current.unmatched &&
          current.anomalies.some(
            (anomaly) =>
              anomaly.type === ANOMALY_TYPES.unmatched &&
              anomaly.notificationId === notification.id,
          ),
        writes: attempt,
        anomalies: write.anomalies.map((anomaly) => anomaly.type),
      };
    }
    const next = decide(current, notification);
    if (next.outcome === 'duplicate') {
      return {
        outcome: 'duplicate',
        transaction: current,
        createdUnmatched: false,
        writes: attempt,
        anomalies: [],
      };
    }
    decision = next;
  }
  throw new ContentionError('Could not settle the notification against concurrent writers', {
    context: { reference: notification.orderId, notificationId: notification.id },
  });
};
