import { beforeAll, describe, expect, it } from 'vitest';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { statusEffect } from '../../lib/ogone/status-table.js';
import { HISTORY } from '../../lib/transactions/history-window.js';
import {
  type ProcessResult,
  processNotification,
} from '../../lib/transactions/process-notification.js';
import type { Transaction } from '../../lib/transactions/transaction.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import {
  createLocalTable,
  type LocalTable,
  storedItem,
  storedTransaction,
} from '../support/local-table.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

/**
 * Issue 9 §3, second half: records that raised an anomaly were never dropped from the bounded
 * history, and each also added an anomaly, so ~1,400 distinct signed unknown statuses (or ~1,200
 * double payments) on one order reached DynamoDB's 400 KB item limit; every later notification
 * on that order then failed, a refund included.
 */
const PASSPHRASE = 'anomaly-flood-passphrase-0123456';
const KEYS = { passphrases: [PASSPHRASE], algorithm: 'sha512' } as const;
const FLOOD = 2600;
/** Deliveries at once: enough to be quick, few enough that none runs out of attempts. */
const AT_ONCE = 6;
const UNKNOWN_STATUS = '77';

let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('anomalies');
});

const signed = (reference: string, status: string, overrides: Record<string, string> = {}) =>
  readVerifiedNotification(
    {
      query: Buffer.alloc(0),
      body: Buffer.from(signedForm(feedbackParams(reference, status, overrides), PASSPHRASE)),
    },
    KEYS,
  );

const deliver = (notification: OgoneNotification) =>
  processNotification(table.repository, notification, feedbackContext());

/** Delivers every notification, AT_ONCE at a time; each answer in the notifications' order. */
const deliverAll = async (notifications: readonly OgoneNotification[]) => {
  const results: ProcessResult[] = new Array(notifications.length);
  let next = 0;
  const worker = async () => {
    while (next < notifications.length) {
      const at = next++;
      results[at] = await deliver(notifications[at] as OgoneNotification);
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  return results;
};

const stored = (reference: string): Promise<Transaction> =>
  storedTransaction(table.repository, reference);

const sum = (counts: Readonly<Record<string, number>>) =>
  Object.values(counts).reduce((total, count) => total + count, 0);

/** The item stays small, its id set is the kept history's, and the counts add up. */
const expectBounded = async (reference: string, recorded: number) => {
  const transaction = await stored(reference);
  const item = (await storedItem(table, reference)) ?? {};
  expect(JSON.stringify(item).length).toBeLessThan(100 * 1024);
  const ids = [...(item.notificationIds?.SS ?? [])].sort();
  expect(ids).toEqual(transaction.notifications.map((record) => record.id).sort());
  expect(transaction.notifications.length + sum(transaction.droppedNotifications)).toBe(recorded);
  return transaction;
};

const refundApplies = async (reference: string, payId: string) => {
  const refund = await deliver(signed(reference, '8', { PAYID: payId }));
  expect(refund.outcome).toBe('applied');
  expect(await stored(reference)).toMatchObject({ state: 'refunded', payId });
};

describe(`${FLOOD} distinct signed unknown statuses on one order`, () => {
  const reference = uniqueReference('unknown');
  const flood: OgoneNotification[] = [];

  it('are all answered and alerted, the item stays bounded, and a refund still applies', async () => {
    expect(statusEffect(UNKNOWN_STATUS).kind).toBe('unknown');
    await registerPayment(table.repository, reference);
    expect((await deliver(signed(reference, '9', { PAYID: '6000000' }))).outcome).toBe('applied');
    flood.push(
      ...Array.from({ length: FLOOD }, (_, index) =>
        signed(reference, UNKNOWN_STATUS, { PAYID: String(6_100_000 + index) }),
      ),
    );
    const results = await deliverAll(flood);
    for (const result of results) {
      expect(result).toMatchObject({ outcome: 'unknown_status', anomalies: ['unknown_status'] });
    }

    const transaction = await expectBounded(reference, FLOOD + 1);
    expect(transaction.state).toBe('paid');
    expect(transaction.notifications[0]).toMatchObject({ payId: '6000000', outcome: 'applied' });
    expect(transaction.droppedNotifications.unknown_status).toBeGreaterThan(FLOOD - 200);
    expect(transaction.anomalies.length + transaction.droppedAnomalies.unknown_status).toBe(FLOOD);
    await refundApplies(reference, '6000000');
  }, 600_000);

  it('a dropped one delivered again is alerted again and moves nothing', async () => {
    const before = await stored(reference);
    const kept = new Set(before.notifications.map((record) => record.id));
    const dropped = flood.find((notification) => !kept.has(notification.id));
    if (dropped === undefined) throw new Error('no dropped notification');
    const again = await deliver(dropped);
    expect(again).toMatchObject({ outcome: 'unknown_status', anomalies: ['unknown_status'] });
    const after = await expectBounded(reference, FLOOD + 3);
    expect(after.state).toBe('refunded');
    expect(after.notifications.filter((record) => record.outcome === 'applied')).toHaveLength(2);
  });
});

describe(`${FLOOD} distinct double payments on one order`, () => {
  it('are all answered and alerted, the item stays bounded, and a refund still applies', async () => {
    const reference = uniqueReference('double');
    await registerPayment(table.repository, reference);
    expect((await deliver(signed(reference, '9', { PAYID: '7000000' }))).outcome).toBe('applied');
    const flood = Array.from({ length: FLOOD }, (_, index) =>
      signed(reference, '9', { PAYID: String(7_100_000 + index) }),
    );
    const results = await deliverAll(flood);
    for (const result of results) {
      expect(result).toMatchObject({ outcome: 'double_payment', anomalies: ['double_payment'] });
    }

    const transaction = await expectBounded(reference, FLOOD + 1);
    expect(transaction).toMatchObject({ state: 'paid', paidPayId: '7000000' });
    const perKind = HISTORY.keepFirstOfKind + HISTORY.keepLastOfKind;
    expect(transaction.anomalies.length).toBeLessThan(perKind + HISTORY.maxRecords);
    expect(transaction.anomalies.length + transaction.droppedAnomalies.double_payment).toBe(FLOOD);
    await refundApplies(reference, '7000000');
  }, 600_000);
});
