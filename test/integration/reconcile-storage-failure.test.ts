import { beforeAll, describe, expect, it } from 'vitest';
import { DirectLinkRefusedError } from '../../lib/directlink/errors.js';
import { StorageUnavailableError } from '../../lib/transactions/errors.js';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import { reconcile } from '../../lib/transactions/reconcile.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { rejectionOf } from '../support/rejection.js';

/**
 * DynamoDB throttles the due index in the middle of a run (its second page). The run fails, so
 * that the function's Errors alarm sees it, but only once every query it started has been
 * answered and its entry deferred: nothing of the run may go on after it has returned (in
 * Lambda, it would be frozen, then resumed inside a later invocation).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.parse('2026-03-02T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('reconcile-storage-failure');
  for (let i = 0; i < 130; i++) {
    const input = validateRegistration({
      reference: `THROTTLED-${String(i).padStart(3, '0')}`,
      amount: '15.10',
      currency: 'EUR',
    });
    await registerTransaction(table.repository, input, iso(NOW - 2 * HOUR - i * MINUTE));
  }
});

describe('a due-index page that fails mid-run', () => {
  it('ends the run with the storage error once every started query has been deferred', async () => {
    const throttled = new StorageUnavailableError('DynamoDB Query failed: ThrottlingException');
    let pages = 0;
    const repository: TransactionRepository = Object.create(table.repository);
    repository.findDue = (nowIso, limit, after) => {
      pages += 1;
      return pages === 2
        ? Promise.reject(throttled)
        : table.repository.findDue(nowIso, limit, after);
    };
    const asked: string[] = [];
    let inFlight = 0;
    const ogone = {
      source: 'directlink' as const,
      query: async (reference: string) => {
        asked.push(reference);
        inFlight += 1;
        await new Promise((resolve) => setTimeout(resolve, 40));
        inFlight -= 1;
        throw new DirectLinkRefusedError('refused', { context: { ncError: '50001111' } });
      },
    };

    const error = await rejectionOf(
      reconcile(repository, ogone, { nowMs: NOW, minAgeMs: 0, batchSize: 1000, concurrency: 4 }),
    );

    expect(error).toBe(throttled);
    expect(inFlight).toBe(0);
    expect(asked.length).toBeGreaterThanOrEqual(100);
    const due = new Set<string>();
    for (let page = await table.repository.findDue(iso(NOW), 1000); ; ) {
      for (const entry of page.entries) due.add(entry.reference);
      if (page.next === undefined) break;
      page = await table.repository.findDue(iso(NOW), 1000, page.next);
    }
    // Every entry it asked about was deferred before the run ended; the rest wait, still due.
    for (const reference of asked) expect(due.has(reference)).toBe(false);
    expect(due.size).toBe(130 - asked.length);
  });
});
