import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { logger } from '../../../lib/observability/logger.js';
import { METRICS, metrics } from '../../../lib/observability/metrics.js';
import { reportNotification } from '../../../lib/observability/report-notification.js';
import { reportReconcile } from '../../../lib/observability/report-reconcile.js';
import { ItemTooLargeError } from '../../../lib/transactions/errors.js';
import { notificationFor } from '../../support/notifications.js';
import { transactionWith } from '../support/transactions.js';

/** Issue 9 §3 and §4: what reaches the alarms' metrics. */
let added: MockInstance<typeof metrics.addMetric>;
const names = () => added.mock.calls.map(([name]) => name);

beforeEach(() => {
  added = vi.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);
  vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
  vi.spyOn(logger, 'info').mockImplementation(() => undefined);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  metrics.clearMetrics();
});

describe('alarmed metrics', () => {
  it('a payment applied under a second PAYID counts DoublePayment as well as applied', () => {
    const result = {
      outcome: 'applied' as const,
      transaction: transactionWith({ state: 'paid' }),
      createdUnmatched: false,
      writes: 2,
      anomalies: ['double_payment' as const],
    };
    reportNotification(notificationFor('R-1', '9', { payId: 'B' }), result, 'server', 'default');
    expect(names()).toEqual(expect.arrayContaining([METRICS.applied, METRICS.doublePayment]));
  });

  it('a payment without PAYID counts MissingPayId', () => {
    const result = {
      outcome: 'missing_pay_id' as const,
      transaction: transactionWith({ state: 'review' }),
      createdUnmatched: false,
      writes: 1,
      anomalies: ['missing_pay_id' as const],
    };
    reportNotification(
      notificationFor('R-1', '9', { payId: undefined }),
      result,
      'server',
      'default',
    );
    expect(names()).toContain(METRICS.missingPayId);
    expect(names()).not.toContain(METRICS.doublePayment);
  });

  it('a reconciliation that met an item too large counts TransactionItemTooLarge', () => {
    reportReconcile([{ reference: 'R-1', error: new ItemTooLargeError('too large') }]);
    expect(names()).toEqual(
      expect.arrayContaining([METRICS.reconcileFailed, METRICS.itemTooLarge]),
    );
  });

  it('a transaction retired for its size is logged as retired, not as retried', () => {
    reportReconcile([
      { reference: 'R-1', error: new ItemTooLargeError('too large'), retired: true },
    ]);
    const errors = vi.mocked(logger.error).mock.calls.map(([message]) => message);
    const warnings = vi.mocked(logger.warn).mock.calls.map(([message]) => message);
    expect(errors).toEqual([
      'Reconciliation gave up: the transaction is too large to record an answer',
    ]);
    expect(warnings).toEqual(['Reconciliation failed; retired, not asked again']);
    expect(names()).toEqual(expect.arrayContaining([METRICS.reconcileExpired]));
  });
});
