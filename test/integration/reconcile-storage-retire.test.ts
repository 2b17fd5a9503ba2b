import { beforeAll, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../lib/transactions/errors.js';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import { reconcile } from '../../lib/transactions/reconcile.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';

/**
 * Past the maximum age, an entry Ogone calls paid while our own write of that answer is
 * throttled: the failure is ours, so the entry must not be retired on it (nobody would ask
 * again, and the payment would stay unrecorded); a later run records the payment.
 */
const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-02T12:00:00.000Z');
let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('reconcile-storage-retire');
  const input = validateRegistration({ reference: 'OLD-PAID', amount: '15.10', currency: 'EUR' });
  await registerTransaction(table.repository, input, new Date(NOW - 80 * HOUR).toISOString());
});

describe('a storage failure past the maximum age', () => {
  it('is not a reason to retire: the next run records the payment', async () => {
    let throttle = true;
    const repository: TransactionRepository = Object.create(table.repository);
    repository.writeNotification = (write) =>
      throttle
        ? Promise.reject(new StorageUnavailableError('DynamoDB UpdateItem failed: Throttling'))
        : table.repository.writeNotification(write);
    const asked: string[] = [];
    const ogone = {
      source: 'directlink' as const,
      query: async (reference: string) => {
        asked.push(reference);
        return notificationFor(reference, '9', { id: 'dl-paid-old' });
      },
    };
    const run = (nowMs: number) =>
      reconcile(repository, ogone, { nowMs, minAgeMs: HOUR / 2, batchSize: 10, concurrency: 1 });

    const [first] = await run(NOW);
    expect(first).toMatchObject({ reference: 'OLD-PAID' });
    expect(first && 'error' in first && first.error).toBeInstanceOf(StorageUnavailableError);
    expect(first?.retired).toBeUndefined();
    expect((await table.repository.get('OLD-PAID'))?.anomalies).toEqual([]);

    throttle = false;
    const [second] = await run(NOW + 7 * HOUR);
    expect(asked).toEqual(['OLD-PAID', 'OLD-PAID']);
    expect(second).toEqual({ reference: 'OLD-PAID', outcome: 'applied', state: 'paid' });
    expect((await table.repository.get('OLD-PAID'))?.state).toBe('paid');
  });
});
