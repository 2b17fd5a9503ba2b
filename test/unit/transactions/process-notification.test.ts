import { describe, expect, it } from 'vitest';
import { mapError } from '../../../lib/http/error-response.js';
import { ContentionError, StorageUnavailableError } from '../../../lib/transactions/errors.js';
import type { NotificationWrite, TransactionRepository } from '../../../lib/transactions/port.js';
import { processNotification } from '../../../lib/transactions/process-notification.js';
import type { Transaction } from '../../../lib/transactions/transaction.js';
import { notificationFor } from '../../support/notifications.js';
import { rejectionOf } from '../../support/rejection.js';
import { transactionWith } from '../support/transactions.js';

const CONTEXT = { nowIso: '2026-11-27T09:00:00.000Z', source: 'feedback' as const };

/**
 * A table where some other writer always wins: every conditional write fails and hands back the
 * item, each time one rank higher than the decision planned on the previous copy, so every retry
 * is a fresh `applied` decision that loses again. Records the writes it was asked for.
 */
const alwaysOvertaken = (copies: readonly Transaction[]) => {
  const writes: NotificationWrite[] = [];
  const repository: Pick<TransactionRepository, 'writeNotification'> = {
    writeNotification: async (write) => {
      writes.push(write);
      const current = copies[Math.min(writes.length - 1, copies.length - 1)] as Transaction;
      return { written: false, current };
    },
  };
  return { repository: repository as TransactionRepository, writes };
};

describe('a notification that never wins its conditional write', () => {
  it('gives up after a bounded number of writes with a ContentionError, answered 503', async () => {
    // STATUS 81 (refund_pending) still rises over each of these, so no decision becomes final.
    const copies = ['created', 'pending', 'authorized', 'paid', 'void_pending'].map((state) =>
      transactionWith({ state: state as Transaction['state'], paidPayId: '3000001' }),
    );
    const { repository, writes } = alwaysOvertaken(copies);
    const error = await rejectionOf(
      processNotification(repository, notificationFor('R-1', '81'), CONTEXT),
    );
    expect(error).toBeInstanceOf(ContentionError);
    expect(writes.length).toBe(5);
    // Every one of them was one conditional write that must not have recorded it already.
    for (const write of writes) expect(write.guard.notificationId).toBe(writes[0]?.record.id);
    expect(mapError(error)).toMatchObject({
      status: 503,
      headers: { 'retry-after': expect.any(String) },
    });
  });

  it('a storage failure is not retried here: one write, StorageUnavailableError (503)', async () => {
    let calls = 0;
    const repository = {
      writeNotification: async () => {
        calls += 1;
        throw new StorageUnavailableError('throttled');
      },
    } as unknown as TransactionRepository;
    const error = await rejectionOf(
      processNotification(repository, notificationFor('R-1', '9'), CONTEXT),
    );
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(calls).toBe(1);
    expect(mapError(error).status).toBe(503);
  });
});
