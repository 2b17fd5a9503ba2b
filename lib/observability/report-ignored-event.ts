import type { WorldlineEvent } from '../worldline/webhook-event.js';
import type { IgnoredBecause } from '../worldline/webhook-target.js';
import { logWithMetrics } from './log-with-metrics.js';
import { count, METRICS } from './metrics.js';

/**
 * One log line and one metric for a verified webhook event that wrote nothing: a jump in the
 * metric (Worldline subscribed to more event types, or payments created without a reference)
 * shows on the dashboard without an alarm, since answering 200 is the right thing to do. The
 * event's id and type are checked tokens (webhook-event.ts); nothing else of the body is logged.
 */
export const reportIgnoredEvent = (
  event: WorldlineEvent,
  because: IgnoredBecause,
  account: string,
): void => {
  count(METRICS.webhookIgnored);
  logWithMetrics('info', 'Webhook event ignored', {
    account,
    notificationId: event.id,
    type: event.type,
    because,
  });
};
