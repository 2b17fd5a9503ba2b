import { beforeAll, describe, expect, it } from 'vitest';
import { ATTR } from '../../lib/dynamodb/item-codec.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable, storedItem } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';

/**
 * A run acts on what the due index (eventually consistent) said a moment ago; a feedback may
 * have settled the transaction since. Its bookkeeping writes are conditional on the item being
 * still open, so none of them can put a paid transaction back in the index, or give it an
 * anomaly, and a later check time never takes an open one out of the index.
 */
const NOW = Date.parse('2026-03-02T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('reconcile-races');
});

const register = (reference: string) =>
  registerTransaction(
    table.repository,
    validateRegistration({ reference, amount: '15.10', currency: 'EUR' }),
    iso(NOW - 2 * 3_600_000),
  );

const item = async (reference: string) => (await storedItem(table, reference)) ?? {};

const anomaly = {
  type: 'reconcile_expired' as const,
  notificationId: '',
  detectedAt: iso(NOW),
  detail: 'test',
};

describe('reconciliation bookkeeping after a feedback settled the transaction', () => {
  it('a deferral, a retirement or a migration of a paid one changes nothing', async () => {
    await register('RACE-PAID');
    await processNotification(table.repository, notificationFor('RACE-PAID', '9'), {
      nowIso: iso(NOW),
      source: 'feedback',
    });
    const settled = await item('RACE-PAID');
    expect(settled[ATTR.openBucket]).toBeUndefined();

    await table.repository.deferOpen('RACE-PAID', iso(NOW + 3_600_000));
    await table.repository.retireOpen('RACE-PAID', anomaly, iso(NOW));
    await table.repository.scheduleUnscheduled();

    expect(await item('RACE-PAID')).toEqual(settled);
    expect((await table.repository.findDue(iso(NOW + 100 * 3_600_000), 10)).entries).toEqual([]);
  });

  it('a deferral of an open one keeps it in the index, only later', async () => {
    await register('RACE-OPEN');
    await table.repository.deferOpen('RACE-OPEN', iso(NOW + 3_600_000));
    const open = await item('RACE-OPEN');
    expect(open[ATTR.openBucket]?.S).toBe('open');
    expect(open[ATTR.nextCheckAt]?.S).toBe(iso(NOW + 3_600_000));
    const due = await table.repository.findDue(iso(NOW + 3_600_000), 10);
    expect(due.entries.map((entry) => entry.reference)).toEqual(['RACE-OPEN']);
  });
});
