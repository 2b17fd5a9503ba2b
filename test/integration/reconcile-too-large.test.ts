import { beforeAll, describe, expect, it } from 'vitest';
import { ATTR } from '../../lib/dynamodb/item-codec.js';
import { ItemTooLargeError } from '../../lib/transactions/errors.js';
import { type ReconcileResult, reconcile } from '../../lib/transactions/reconcile.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable, padItem, storedItem } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';

/**
 * A transaction whose item is at DynamoDB's size limit: Ogone's answer can never be recorded, so
 * asking again is useless. Reconciliation must retire it at once (the TransactionItemTooLarge
 * alarm calls a person), not re-ask it on every run as the most overdue entry.
 */
const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-02T12:00:00.000Z');
let table: LocalTable;
let asked: string[];

beforeAll(async () => {
  table = await createLocalTable('reconcile-too-large');
});

const ogone = {
  source: 'directlink' as const,
  query: async (reference: string) => {
    asked.push(reference);
    return notificationFor(reference, '9', { id: `dl-paid-${reference}` });
  },
};

const run = (nowMs: number) =>
  reconcile(table.repository, ogone, { nowMs, minAgeMs: HOUR / 2, batchSize: 10, concurrency: 2 });

const pad = (reference: string, bytes: number) => padItem(table, reference, bytes);

/** The largest padding the item still takes, less `spare` bytes. */
const padToLimit = async (reference: string, spare: number) => {
  let padding = 400 * 1024;
  for (;;) {
    try {
      await pad(reference, padding);
      break;
    } catch {
      padding -= 20;
    }
  }
  if (spare > 0) await pad(reference, padding - spare);
};

const itemOf = async (reference: string) => (await storedItem(table, reference)) ?? {};

const registerLarge = async (reference: string, spare: number) => {
  const input = validateRegistration({ reference, amount: '15.10', currency: 'EUR' });
  await registerTransaction(table.repository, input, new Date(NOW - 2 * HOUR).toISOString());
  await padToLimit(reference, spare);
};

const only = (results: readonly ReconcileResult[], reference: string) => {
  const found = results.filter((result) => result.reference === reference);
  expect(found).toHaveLength(1);
  return found[0] as ReconcileResult;
};

describe('reconciling an item at the size limit', () => {
  it('retires it at once with a reconcile_expired anomaly when one still fits', async () => {
    asked = [];
    const reference = 'LARGE-ROOM-FOR-ANOMALY';
    // Room for the anomaly (about 150 bytes), not for a notification record with card data.
    await registerLarge(reference, 260);
    const result = only(await run(NOW), reference);
    expect('error' in result && result.error).toBeInstanceOf(ItemTooLargeError);
    expect(result.retired).toBe(true);
    const item = await itemOf(reference);
    expect(item[ATTR.openBucket]).toBeUndefined();
    expect(item[ATTR.state]?.S).toBe('created');
    expect(item[ATTR.anomalies]?.L?.map((anomaly) => anomaly.M?.type?.S)).toEqual([
      'reconcile_expired',
    ]);
    await run(NOW + 24 * HOUR);
    expect(asked).toEqual([reference]);
  });

  it('retires it without the anomaly when not even that fits, and never asks again', async () => {
    asked = [];
    const reference = 'LARGE-NO-ROOM';
    await registerLarge(reference, 0);
    const result = only(await run(NOW), reference);
    expect('error' in result && result.error).toBeInstanceOf(ItemTooLargeError);
    expect(result.retired).toBe(true);
    const item = await itemOf(reference);
    expect(item[ATTR.openBucket]).toBeUndefined();
    expect(item[ATTR.state]?.S).toBe('created');
    for (const hours of [1, 24, 72, 200]) await run(NOW + hours * HOUR);
    expect(asked).toEqual([reference]);
  });
});
