import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapError } from '../../lib/http/error-response.js';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { ItemTooLargeError } from '../../lib/transactions/errors.js';
import { HISTORY } from '../../lib/transactions/history-window.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import type { Transaction } from '../../lib/transactions/transaction.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import {
  createLocalTable,
  type LocalTable,
  padItem,
  storedItem,
  storedTransaction,
} from '../support/local-table.js';
import { rejectionOf } from '../support/rejection.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

/**
 * Issue 9 §3: every distinct notification used to be appended for ever, so an order collecting
 * ~2,000 distinct signed notifications (repeated declines on one ORDERID) reached DynamoDB's
 * 400 KB item limit and answered 503 to everything after, reconciliation included.
 */
const PASSPHRASE = 'bounded-history-passphrase-0123';
const KEYS = { passphrases: [PASSPHRASE], algorithm: 'sha512' } as const;

let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('history');
});

/** A notification as the protocol layer reads it from a signed form: its id is the real one. */
const signed = (reference: string, status: string, overrides: Record<string, string> = {}) =>
  readVerifiedNotification(
    {
      query: Buffer.alloc(0),
      body: Buffer.from(signedForm(feedbackParams(reference, status, overrides), PASSPHRASE)),
    },
    KEYS,
  );

const decline = (reference: string, attempt: number) =>
  signed(reference, '2', { PAYID: String(4_000_000 + attempt), NCERROR: '30001001' });

const deliver = (notification: OgoneNotification) =>
  processNotification(table.repository, notification, feedbackContext());

const itemOf = async (reference: string) => (await storedItem(table, reference)) ?? {};

const stored = (reference: string): Promise<Transaction> =>
  storedTransaction(table.repository, reference);

/** The id set the conditional writes test is exactly the kept history's ids. */
const expectIdsMatchHistory = async (reference: string) => {
  const transaction = await stored(reference);
  const ids = [...((await itemOf(reference)).notificationIds?.SS ?? [])].sort();
  expect(ids).toEqual(transaction.notifications.map((record) => record.id).sort());
};

describe('2,600 distinct signed declines on one order', () => {
  const reference = uniqueReference('flood');
  const declines: OgoneNotification[] = [];

  it('are all recorded (none fails), the history stays bounded, and a later paid applies', async () => {
    await registerPayment(table.repository, reference);
    declines.push(...Array.from({ length: 2600 }, (_, attempt) => decline(reference, attempt)));
    expect((await deliver(declines[0] as OgoneNotification)).outcome).toBe('applied');
    // One after the other (racing deliveries are the next test's): every one recorded, none refused.
    for (const notification of declines.slice(1)) {
      expect((await deliver(notification)).outcome).toBe('stale');
    }
    const paid = await deliver(signed(reference, '9', { PAYID: '5000001' }));
    expect(paid.outcome).toBe('applied');

    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'paid', payId: '5000001', paidPayId: '5000001' });
    expect(transaction.notifications.length).toBeLessThanOrEqual(HISTORY.maxRecords);
    expect(transaction.notifications.length + transaction.droppedNotifications.stale).toBe(2601);
    expect(transaction.droppedNotifications.no_change).toBe(0);
    // The first decline (applied), then the first ones, ..., the latest ones, the payment last.
    expect(transaction.notifications[0]).toMatchObject({ id: declines[0]?.id, outcome: 'applied' });
    expect(
      transaction.notifications.slice(0, HISTORY.keepFirst).map((record) => record.id),
    ).toEqual(declines.slice(0, HISTORY.keepFirst).map((notification) => notification.id));
    expect(transaction.notifications.at(-1)).toMatchObject({
      ogoneStatus: '9',
      outcome: 'applied',
    });
    expect(transaction.notifications.at(-2)?.id).toBe(declines.at(-1)?.id);
    await expectIdsMatchHistory(reference);
    // Far below DynamoDB's 400 KB.
    expect(JSON.stringify(await itemOf(reference)).length).toBeLessThan(64 * 1024);
  }, 600_000);

  it('a redelivery of a kept notification is a duplicate, one write, nothing recorded', async () => {
    const before = await stored(reference);
    const latest = declines.at(-1) as OgoneNotification;
    const first = declines[0] as OgoneNotification;
    for (const notification of [latest, first]) {
      const again = await deliver(notification);
      expect(again).toMatchObject({ outcome: 'duplicate' });
    }
    expect(await stored(reference)).toEqual(before);
  });

  it('a redelivery of a dropped one is stale again: no state moved, nothing counted as applied', async () => {
    const before = await stored(reference);
    const kept = new Set(before.notifications.map((record) => record.id));
    const dropped = declines.find((notification) => !kept.has(notification.id));
    if (dropped === undefined) throw new Error('no dropped decline');
    const again = await deliver(dropped);
    expect(again.outcome).toBe('stale');
    const after = await stored(reference);
    expect(after).toMatchObject({ state: 'paid', payId: '5000001', anomalies: [] });
    expect(after.notifications.filter((record) => record.outcome === 'applied')).toHaveLength(2);
    await expectIdsMatchHistory(reference);
  });
});

describe('deliveries racing on a full history', () => {
  it('all recorded once, the history trimmed once and consistent with its id set', async () => {
    const reference = uniqueReference('race');
    await registerPayment(table.repository, reference);
    for (let attempt = 0; attempt < HISTORY.maxRecords - 2; attempt++) {
      await deliver(decline(reference, attempt));
    }
    const racing = Array.from({ length: 12 }, (_, index) => decline(reference, 10_000 + index));
    const results = await Promise.all(
      racing.flatMap((notification) => [deliver(notification), deliver(notification)]),
    );
    expect(results.filter((result) => result.outcome === 'duplicate')).toHaveLength(12);
    expect(results.filter((result) => result.outcome === 'stale')).toHaveLength(12);

    const transaction = await stored(reference);
    const ids = new Set(transaction.notifications.map((record) => record.id));
    for (const notification of racing) expect(ids.has(notification.id)).toBe(true);
    expect(transaction.notifications.length + transaction.droppedNotifications.stale).toBe(
      HISTORY.maxRecords - 2 + 12,
    );
    await expectIdsMatchHistory(reference);
  });
});

const pad = (reference: string, bytes: number) => padItem(table, reference, bytes);

describe('an item at the size limit', () => {
  it('is a permanent ItemTooLargeError (answered 500, counted, alarmed), never a 503', async () => {
    const reference = uniqueReference('large');
    await registerPayment(table.repository, reference);
    // An item just under 400 KB, as an older unbounded history could have left it: the largest
    // padding DynamoDB Local still accepts, so that one more record does not fit.
    const fits = async (bytes: number) => {
      try {
        await pad(reference, bytes);
        return true;
      } catch {
        return false;
      }
    };
    let padding = 400 * 1024;
    while (!(await fits(padding))) padding -= 50;
    expect(padding).toBeGreaterThan(399 * 1024);
    const error = await rejectionOf(deliver(decline(reference, 1)));
    expect(error).toBeInstanceOf(ItemTooLargeError);
    expect(mapError(error)).toMatchObject({ status: 500, metric: 'TransactionItemTooLarge' });
    expect(mapError(error).headers).toBeUndefined();
    expect((await stored(reference)).notifications).toEqual([]);
  });

  it('an oversized new item (PutItem) is refused the same way by the storage adapter', async () => {
    const error = await rejectionOf(
      table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: {
            reference: { S: uniqueReference('huge') },
            padding: { S: 'x'.repeat(401 * 1024) },
          },
        }),
      ),
    );
    expect((error as Error).name).toBe('ValidationException');
    expect((error as Error).message).toMatch(/item size .*exceeded the maximum allowed size/i);
  });
});
