import type { OgoneNotification } from '../ogone/notification.js';
import type { ProcessResult } from '../transactions/process-notification.js';
import { ANOMALY_TYPES, type NotificationOutcome, OUTCOMES } from '../transactions/transaction.js';
import { logWithMetrics } from './log-with-metrics.js';
import { count, METRICS, type MetricName } from './metrics.js';

const OUTCOME_METRIC: Readonly<Record<NotificationOutcome | 'duplicate', MetricName>> = {
  [OUTCOMES.applied]: METRICS.applied,
  duplicate: METRICS.duplicate,
  [OUTCOMES.stale]: METRICS.stale,
  [OUTCOMES.noChange]: METRICS.noChange,
  [OUTCOMES.amountMismatch]: METRICS.amountMismatch,
  [OUTCOMES.doublePayment]: METRICS.doublePayment,
  [OUTCOMES.unknownStatus]: METRICS.unknownStatus,
  [OUTCOMES.missingPayId]: METRICS.missingPayId,
};

/** Outcomes a person must see: logged as errors, counted by metrics that have alarms. */
const ALERTING: ReadonlySet<string> = new Set([
  OUTCOMES.amountMismatch,
  OUTCOMES.doublePayment,
  OUTCOMES.unknownStatus,
  OUTCOMES.missingPayId,
]);

/** What the line about a notification says of it (also the bench's bound, bench/README.md). */
export const notificationFields = (
  notification: OgoneNotification,
  result: ProcessResult,
  via: string,
  account: string,
) => ({
  account,
  reference: notification.orderId,
  payId: notification.payId,
  status: notification.status,
  notificationId: notification.id,
  outcome: result.outcome,
  state: result.transaction.state,
  writes: result.writes,
  via,
});

/**
 * One log line and one metric per notification, whichever provider sent it: reference, PAYID,
 * STATUS and outcome. `via` says how it came: the HTTP method of an Ogone feedback, the source
 * (lib/transactions/transaction.ts) of anything else, such as a Worldline webhook.
 */
export const reportNotification = (
  notification: OgoneNotification,
  result: ProcessResult,
  via: string,
  account: string,
): void => {
  const fields = notificationFields(notification, result, via, account);
  count(OUTCOME_METRIC[result.outcome]);
  // A payment under a second PAYID that still moved the state is applied, and a double payment.
  const doublePayment =
    result.outcome === OUTCOMES.applied && result.anomalies.includes(ANOMALY_TYPES.doublePayment);
  if (doublePayment) count(METRICS.doublePayment);
  // Each line carries the metrics counted before it: one write per line (log-with-metrics.ts).
  if (ALERTING.has(result.outcome) || doublePayment) {
    logWithMetrics('error', 'Notification needs attention', {
      ...fields,
      anomalies: result.anomalies,
    });
  } else logWithMetrics('info', 'Notification processed', fields);
  if (result.createdUnmatched) {
    count(METRICS.unmatched);
    logWithMetrics('error', 'Notification for an unregistered reference', {
      ...fields,
      unmatched: true,
    });
  }
};
