import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { decodeTransaction } from '../../lib/dynamodb/item-codec.js';
import { notificationUpdate } from '../../lib/dynamodb/notification-update.js';
import { httpHandler } from '../../lib/http/handler-stack.js';
import { requestBytes } from '../../lib/http/request-bytes.js';
import { count, METRICS, metrics } from '../../lib/observability/metrics.js';
import { reportNotification } from '../../lib/observability/report-notification.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { optimisticDecision, planWrite } from '../../lib/transactions/plan-write.js';
import { NOTIFICATION_SOURCES } from '../../lib/transactions/transaction.js';
import { lambdaContext } from '../../test/support/api-events.js';
import { serverToServerEvent, signedFeedback } from './fixtures.js';
import { median, round } from './stats.js';

/**
 * What the handler does besides the UpdateItem, stage by stage, in this process and without I/O
 * (stdout muted): the handler's own CPU per notification, to set against the warm figures.
 */
export interface StageCosts {
  /** µs per call, median of 3 rounds. */
  readonly micros: Record<string, number>;
}

const measure = async (fn: () => unknown, iterations: number): Promise<number> => {
  for (let i = 0; i < Math.min(iterations, 1_000); i++) await fn();
  const rounds: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    rounds.push(Number(process.hrtime.bigint() - start) / 1_000 / iterations);
  }
  return round(median(rounds), 1);
};

/** Runs fn with process.stdout swallowed (Powertools writes its lines there). */
const muted = async <T>(fn: () => Promise<T>): Promise<T> => {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
};

export const stageCosts = async (
  tableName: string,
  passphrase: string,
  appliedItem: Record<string, AttributeValue>,
  iterations: number,
): Promise<StageCosts> => {
  const event = serverToServerEvent(signedFeedback('ORDER-2026-000123', '9', passphrase));
  const keys = { passphrases: [passphrase], algorithm: 'sha512' as const };
  const context = { nowIso: new Date().toISOString(), source: NOTIFICATION_SOURCES.feedback };
  const notification = readVerifiedNotification(requestBytes(event), keys);
  const transaction = decodeTransaction(appliedItem);
  const result = { outcome: 'applied' as const, transaction, createdUnmatched: false, writes: 1 };
  const lambda = lambdaContext();
  // The middleware stack alone (log context, metrics flush, error mapping) around a handler that
  // counts one metric, as the feedback handler does.
  const stackOnly = httpHandler(async () => {
    count(METRICS.applied);
    return { statusCode: 200, body: 'OK' };
  }, 'text');
  return muted(async () => ({
    micros: {
      'requestBytes + readVerifiedNotification': await measure(
        () => readVerifiedNotification(requestBytes(event), keys),
        iterations,
      ),
      'decide + planWrite + notificationUpdate': await measure(
        () =>
          notificationUpdate(
            tableName,
            planWrite(notification, optimisticDecision(notification), undefined, context),
          ),
        iterations,
      ),
      'decodeTransaction (ALL_NEW item)': await measure(
        () => decodeTransaction(appliedItem),
        iterations,
      ),
      'reportNotification (log line + metric)': await measure(() => {
        reportNotification(notification, result, 'POST');
        metrics.clearMetrics();
      }, iterations),
      'middy + Powertools stack (1 metric, flushed)': await measure(
        () => stackOnly(event, lambda),
        iterations,
      ),
    },
  }));
};
