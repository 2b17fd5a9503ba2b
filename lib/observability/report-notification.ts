import type { OgoneNotification } from '../ogone/notification.js';
import type { ProcessResult } from '../transactions/process-notification.js';
import { OUTCOMES } from '../transactions/transaction.js';
import { logger } from './logger.js';

/** Outcomes a person must see: they are logged as errors, which the alarms watch. */
const ALERTING: ReadonlySet<string> = new Set([
  OUTCOMES.amountMismatch,
  OUTCOMES.doublePayment,
  OUTCOMES.unknownStatus,
]);

/** One log line per notification: reference, PAYID, STATUS and outcome; never signature data. */
export const reportNotification = (
  notification: OgoneNotification,
  result: ProcessResult,
  via: string,
): void => {
  const fields = {
    reference: notification.orderId,
    payId: notification.payId,
    status: notification.status,
    notificationId: notification.id,
    outcome: result.outcome,
    state: result.transaction.state,
    writes: result.writes,
    via,
  };
  if (ALERTING.has(result.outcome)) logger.error('Notification needs attention', fields);
  else logger.info('Notification processed', fields);
  if (result.createdUnmatched) {
    logger.error('Notification for an unregistered reference', { ...fields, unmatched: true });
  }
};
