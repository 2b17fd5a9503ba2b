import { beforeAll, describe, expect, it } from 'vitest';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { registerPayment } from '../integration/fixtures.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';

/**
 * Protocol §5: "A paid/authorized notification with a different PAYID for a transaction already
 * paid is a double payment: recorded, alerted". decide() checks `review` before the paying PAYID,
 * so once a paid transaction is held in review a second capture is filed as `stale`, unalerted.
 */
let table: LocalTable;
const context = () => ({ nowIso: new Date().toISOString(), source: 'feedback' as const });

beforeAll(async () => {
  table = await createLocalTable('review-dp');
});

describe('review: second payment on a transaction held in review', () => {
  it('is a double_payment with an anomaly, not a silent stale', async () => {
    const reference = 'RV-DP-REVIEW';
    await registerPayment(table.repository, reference);
    const paid = await processNotification(
      table.repository,
      notificationFor(reference, '9', { payId: 'PAY-A' }),
      context(),
    );
    expect(paid.transaction.state).toBe('paid');
    // Any signed notification with another amount puts the paid transaction on hold.
    const held = await processNotification(
      table.repository,
      notificationFor(reference, '94', { payId: 'PAY-A', amount: '5' }),
      context(),
    );
    expect(held.transaction.state).toBe('review');

    const second = await processNotification(
      table.repository,
      notificationFor(reference, '9', { payId: 'PAY-B' }),
      context(),
    );
    expect(second.outcome).toBe('double_payment');
    expect(second.transaction.anomalies.map((anomaly) => anomaly.type)).toContain('double_payment');
  });
});
