import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import {
  type ProcessResult,
  processNotification,
} from '../../lib/transactions/process-notification.js';
import type { Transaction } from '../../lib/transactions/transaction.js';
import { createLocalTable, type LocalTable, storedTransaction } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

/**
 * Issue 9 §4, against DynamoDB Local: the paying PAYID is recorded on `authorized` too, so a
 * second authorization (funds held twice in RES mode) is a double payment, alerted; a paying
 * notification without PAYID is held in review and cannot switch the check off.
 */
let table: LocalTable;
beforeAll(async () => {
  table = await createLocalTable('double-auth');
});
afterAll(() => {
  table.client.destroy();
});

const deliver = (notification: OgoneNotification): Promise<ProcessResult> =>
  processNotification(table.repository, notification, feedbackContext());

const stored = (reference: string): Promise<Transaction> =>
  storedTransaction(table.repository, reference);

const anomalyTypes = (transaction: Transaction) =>
  transaction.anomalies.map((anomaly) => anomaly.type);

describe('two authorizations with different PAYIDs', () => {
  it('the second is a double_payment with an anomaly; the first PAYID stays the paying one', async () => {
    const reference = uniqueReference('auth2');
    await registerPayment(table.repository, reference);
    const first = await deliver(notificationFor(reference, '5', { payId: 'A' }));
    expect(first).toMatchObject({ outcome: 'applied', writes: 1 });
    const second = notificationFor(reference, '5', { payId: 'B' });
    const result = await deliver(second);
    expect(result).toMatchObject({ outcome: 'double_payment', anomalies: ['double_payment'] });

    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'authorized', payId: 'A', paidPayId: 'A' });
    expect(transaction.anomalies).toEqual([
      expect.objectContaining({ type: 'double_payment', notificationId: second.id }),
    ]);
  });

  it('authorized by A, then paid by B: paid, and the double payment is alerted', async () => {
    const reference = uniqueReference('auth-paid');
    await registerPayment(table.repository, reference);
    await deliver(notificationFor(reference, '5', { payId: 'A' }));
    const paid = await deliver(notificationFor(reference, '9', { payId: 'B' }));
    expect(paid).toMatchObject({ outcome: 'applied', anomalies: ['double_payment'] });
    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'paid', payId: 'B', paidPayId: 'A' });
    expect(anomalyTypes(transaction)).toEqual(['double_payment']);
  });

  it('paid by B, then authorized by A: the same final state and alert', async () => {
    const reference = uniqueReference('paid-auth');
    await registerPayment(table.repository, reference);
    await deliver(notificationFor(reference, '9', { payId: 'B' }));
    expect((await deliver(notificationFor(reference, '5', { payId: 'A' }))).outcome).toBe(
      'double_payment',
    );
    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'paid', payId: 'B', paidPayId: 'B' });
    expect(anomalyTypes(transaction)).toEqual(['double_payment']);
  });

  it('racing: one applied, the other a double payment, whatever wins', async () => {
    for (let round = 0; round < 5; round++) {
      const reference = uniqueReference('auth-race');
      await registerPayment(table.repository, reference);
      const a = notificationFor(reference, '5', { payId: 'A' });
      const b = notificationFor(reference, '5', { payId: 'B' });
      const results = await Promise.all([a, b, a, b].map(deliver));
      const outcomes = results.map((result) => result.outcome).sort();
      expect(outcomes).toEqual(['applied', 'double_payment', 'duplicate', 'duplicate']);
      const transaction = await stored(reference);
      expect(transaction.state).toBe('authorized');
      expect(transaction.paidPayId).toBe(transaction.payId);
      expect(anomalyTypes(transaction)).toEqual(['double_payment']);
    }
  });
});

describe('a paying notification without PAYID', () => {
  it('is held in review with an anomaly, and the next two PAYIDs are still compared', async () => {
    const reference = uniqueReference('nopayid');
    await registerPayment(table.repository, reference);
    const blind = notificationFor(reference, '9', { payId: undefined });
    const held = await deliver(blind);
    expect(held).toMatchObject({ outcome: 'missing_pay_id', anomalies: ['missing_pay_id'] });
    expect(await stored(reference)).toMatchObject({ state: 'review', paidPayId: null });

    expect((await deliver(notificationFor(reference, '9', { payId: 'A' }))).outcome).toBe('stale');
    expect((await stored(reference)).paidPayId).toBe('A');
    const second = await deliver(notificationFor(reference, '9', { payId: 'B' }));
    expect(second.outcome).toBe('double_payment');

    const transaction = await stored(reference);
    expect(transaction.state).toBe('review');
    expect(anomalyTypes(transaction)).toEqual(['missing_pay_id', 'double_payment']);
  });

  it('for a never-registered reference: created unmatched, and held in review', async () => {
    const reference = uniqueReference('nopayid-unm');
    const result = await deliver(notificationFor(reference, '5', { payId: undefined }));
    expect(result).toMatchObject({ outcome: 'missing_pay_id', createdUnmatched: true, writes: 1 });
    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'review', unmatched: true });
    expect(anomalyTypes(transaction)).toEqual(['unmatched', 'missing_pay_id']);
  });
});
