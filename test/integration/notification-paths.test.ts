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

let table: LocalTable;
beforeAll(async () => {
  table = await createLocalTable('paths');
});
afterAll(() => {
  table.client.destroy();
});

const PAY_A = '3000001';
const PAY_B = '3000002';

const deliver = (notification: OgoneNotification): Promise<ProcessResult> =>
  processNotification(table.repository, notification, feedbackContext());

const stored = (reference: string): Promise<Transaction> =>
  storedTransaction(table.repository, reference);

/** The recorded history, oldest first, in the shape the design names. */
const history = (transaction: Transaction) =>
  transaction.notifications.map(({ id, ogoneStatus, payId, outcome }) => ({
    id,
    ogoneStatus,
    payId,
    outcome,
  }));

const expectOldestFirst = (transaction: Transaction): void => {
  const times = transaction.notifications.map((record) => record.receivedAt);
  expect(times).toEqual([...times].sort());
  expect(new Set(times).size).toBe(times.length);
};

describe('a notification delivered twice', () => {
  it('is a duplicate the second time: recorded once, state unchanged, one write', async () => {
    const reference = uniqueReference('dup');
    await registerPayment(table.repository, reference);
    const paid = notificationFor(reference, '9');
    const first = await deliver(paid);
    expect(first).toMatchObject({ outcome: 'applied', writes: 1, createdUnmatched: false });

    const second = await deliver(paid);
    expect(second).toMatchObject({ outcome: 'duplicate', writes: 1, createdUnmatched: false });
    expect(second.transaction).toEqual(first.transaction);

    const transaction = await stored(reference);
    expect(transaction).toEqual(first.transaction);
    expect(transaction.state).toBe('paid');
    expect(history(transaction)).toEqual([
      { id: paid.id, ogoneStatus: '9', payId: PAY_A, outcome: 'applied' },
    ]);
  });

  it.each([
    ['stale', '51', ['9']],
    ['no_change', '94', []],
    ['unknown_status', '42', []],
  ])(
    'is a duplicate after it was recorded as %s, with one write',
    async (outcome, status, before) => {
      const reference = uniqueReference('dup2');
      await registerPayment(table.repository, reference);
      for (const earlier of before) await deliver(notificationFor(reference, earlier));
      const notification = notificationFor(reference, status);
      expect((await deliver(notification)).outcome).toBe(outcome);
      const snapshot = await stored(reference);

      const again = await deliver(notification);
      expect(again).toMatchObject({ outcome: 'duplicate', writes: 1 });
      expect(await stored(reference)).toEqual(snapshot);
      expect(snapshot.notifications.filter((record) => record.id === notification.id)).toHaveLength(
        1,
      );
    },
  );
});

describe('a notification whose state does not rank higher', () => {
  it.each([
    ['pending', '51'],
    ['authorized', '5'],
    ['declined', '2'],
    ['paid again (same PAYID)', '9'],
  ])('%s after paid is stale: recorded with two writes, state stays paid', async (_, status) => {
    const reference = uniqueReference('stale');
    await registerPayment(table.repository, reference);
    const paid = notificationFor(reference, '9');
    const applied = await deliver(paid);
    const late = notificationFor(reference, status, { ncError: '30001001' });

    const result = await deliver(late);
    expect(result).toMatchObject({ outcome: 'stale', writes: 2, createdUnmatched: false });

    const transaction = await stored(reference);
    expect(result.transaction).toEqual(transaction);
    expect(transaction).toMatchObject({
      state: 'paid',
      ogoneStatus: '9',
      ncError: '0',
      payId: PAY_A,
      paidPayId: PAY_A,
      anomalies: [],
      createdAt: applied.transaction.createdAt,
    });
    expect(history(transaction)).toEqual([
      { id: paid.id, ogoneStatus: '9', payId: PAY_A, outcome: 'applied' },
      { id: late.id, ogoneStatus: status, payId: PAY_A, outcome: 'stale' },
    ]);
    expectOldestFirst(transaction);
  });
});

describe('amount and currency', () => {
  it.each([
    ['another amount', { amount: '15.11' }],
    ['another currency', { currency: 'USD' }],
    ['no amount', { amount: undefined }],
  ])('%s puts the transaction on hold in review; later feedback is stale', async (_, overrides) => {
    const reference = uniqueReference('rev');
    await registerPayment(table.repository, reference, '15.10', 'EUR');
    const wrong = notificationFor(reference, '9', overrides);

    const held = await deliver(wrong);
    expect(held).toMatchObject({ outcome: 'amount_mismatch', writes: 2 });
    let transaction = await stored(reference);
    expect(transaction).toMatchObject({
      state: 'review',
      amount: '15.1',
      currency: 'EUR',
      ogoneStatus: null,
      payId: null,
      paidPayId: null,
    });
    expect(transaction.anomalies).toEqual([
      expect.objectContaining({ type: 'amount_mismatch', notificationId: wrong.id }),
    ]);

    const paid = notificationFor(reference, '9', { amount: '15.10', currency: 'EUR' });
    const later = await deliver(paid);
    expect(later).toMatchObject({ outcome: 'stale', writes: 2 });
    transaction = await stored(reference);
    expect(transaction.state).toBe('review');
    // Stale, but it claims the paying PAYID: a second one must still be caught in review.
    expect(transaction.paidPayId).toBe(PAY_A);
    expect(transaction.anomalies).toHaveLength(1);
    expect(history(transaction)).toEqual([
      { id: wrong.id, ogoneStatus: '9', payId: PAY_A, outcome: 'amount_mismatch' },
      { id: paid.id, ogoneStatus: '9', payId: PAY_A, outcome: 'stale' },
    ]);
    expectOldestFirst(transaction);
  });

  it.each([['15.1'], ['15.10'], ['15.100']])(
    'compares as exact decimals: %s equals the registered 15.10',
    async (amount) => {
      const reference = uniqueReference('dec');
      await registerPayment(table.repository, reference, '15.10', 'EUR');
      const result = await deliver(notificationFor(reference, '9', { amount }));
      expect(result).toMatchObject({ outcome: 'applied', writes: 1 });
      const transaction = await stored(reference);
      expect(transaction).toMatchObject({ state: 'paid', amount: '15.1', anomalies: [] });
    },
  );

  it('does not treat 15.09 or 15.099999 as 15.10', async () => {
    for (const amount of ['15.09', '15.099999', '15.100001']) {
      const reference = uniqueReference('dec2');
      await registerPayment(table.repository, reference, '15.10', 'EUR');
      const result = await deliver(notificationFor(reference, '9', { amount }));
      expect(result.outcome).toBe('amount_mismatch');
      expect((await stored(reference)).state).toBe('review');
    }
  });
});

describe('a notification for a never-registered reference', () => {
  it('creates the transaction marked unmatched, with the state as usual', async () => {
    const reference = uniqueReference('unm');
    const paid = notificationFor(reference, '9');
    const first = await deliver(paid);
    expect(first).toMatchObject({ outcome: 'applied', writes: 1, createdUnmatched: true });
    expect(first.transaction).toMatchObject({
      reference,
      state: 'paid',
      unmatched: true,
      amount: '15.1',
      currency: 'EUR',
      payId: PAY_A,
      paidPayId: PAY_A,
      registration: null,
    });
    expect(first.transaction.anomalies).toEqual([
      expect.objectContaining({ type: 'unmatched', notificationId: paid.id }),
    ]);

    const pending = notificationFor(reference, '51');
    const second = await deliver(pending);
    expect(second).toMatchObject({ outcome: 'stale', createdUnmatched: false });
    const replay = await deliver(paid);
    expect(replay).toMatchObject({ outcome: 'duplicate', createdUnmatched: false, writes: 1 });

    const transaction = await stored(reference);
    expect(transaction.state).toBe('paid');
    expect(transaction.anomalies.map((anomaly) => anomaly.type)).toEqual(['unmatched']);
    expect(history(transaction)).toEqual([
      { id: paid.id, ogoneStatus: '9', payId: PAY_A, outcome: 'applied' },
      { id: pending.id, ogoneStatus: '51', payId: PAY_A, outcome: 'stale' },
    ]);
  });

  it.each([
    ['51', 'pending', 'applied'],
    ['2', 'declined', 'applied'],
    ['94', 'created', 'no_change'],
    ['42', 'created', 'unknown_status'],
  ])('STATUS %s creates it in state %s (%s)', async (status, state, outcome) => {
    const reference = uniqueReference('unm2');
    const result = await deliver(notificationFor(reference, status));
    expect(result).toMatchObject({ outcome, createdUnmatched: true, writes: 1 });
    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state, unmatched: true });
    expect(transaction.anomalies.map((anomaly) => anomaly.type)).toEqual(
      outcome === 'unknown_status' ? ['unmatched', 'unknown_status'] : ['unmatched'],
    );
  });
});

describe('a second payment', () => {
  it('with another PAYID is a double payment; the same PAYID again is stale', async () => {
    const reference = uniqueReference('dbl');
    await registerPayment(table.repository, reference);
    const paidA = notificationFor(reference, '9', { payId: PAY_A });
    expect((await deliver(paidA)).outcome).toBe('applied');

    const paidB = notificationFor(reference, '9', { payId: PAY_B, cardNumber: 'XXXXXXXXXXXX4444' });
    const double = await deliver(paidB);
    expect(double).toMatchObject({ outcome: 'double_payment', writes: 2 });

    const authorizedB = notificationFor(reference, '5', { payId: PAY_B });
    expect((await deliver(authorizedB)).outcome).toBe('double_payment');

    const paidAAgain = notificationFor(reference, '9', { payId: PAY_A });
    expect(paidAAgain.id).not.toBe(paidA.id);
    const again = await deliver(paidAAgain);
    expect(again).toMatchObject({ outcome: 'stale', writes: 2 });

    const transaction = await stored(reference);
    expect(transaction).toMatchObject({
      state: 'paid',
      payId: PAY_A,
      paidPayId: PAY_A,
      cardNumber: 'XXXXXXXXXXXX1111',
    });
    expect(transaction.anomalies).toEqual([
      expect.objectContaining({ type: 'double_payment', notificationId: paidB.id }),
      expect.objectContaining({ type: 'double_payment', notificationId: authorizedB.id }),
    ]);
    expect(history(transaction)).toEqual([
      { id: paidA.id, ogoneStatus: '9', payId: PAY_A, outcome: 'applied' },
      { id: paidB.id, ogoneStatus: '9', payId: PAY_B, outcome: 'double_payment' },
      { id: authorizedB.id, ogoneStatus: '5', payId: PAY_B, outcome: 'double_payment' },
      { id: paidAAgain.id, ogoneStatus: '9', payId: PAY_A, outcome: 'stale' },
    ]);
    expectOldestFirst(transaction);
  });

  // docs/protocol.md §5: a second capture is a double payment, alerted even while the transaction
  // is held in review (checking the hold first would file it as a silent stale).
  it('with another PAYID while held in review is still a double payment, with an anomaly', async () => {
    const reference = uniqueReference('dbl-review');
    await registerPayment(table.repository, reference);
    const paid = await deliver(notificationFor(reference, '9', { payId: 'PAY-A' }));
    expect(paid.transaction.state).toBe('paid');
    // Any signed notification with another amount puts the paid transaction on hold.
    const held = await deliver(notificationFor(reference, '94', { payId: 'PAY-A', amount: '5' }));
    expect(held.transaction.state).toBe('review');

    const second = await deliver(notificationFor(reference, '9', { payId: 'PAY-B' }));
    expect(second.outcome).toBe('double_payment');
    expect(second.transaction.anomalies.map((anomaly) => anomaly.type)).toContain('double_payment');
  });

  it('after a decline, a retry with a new PAYID is paid', async () => {
    const reference = uniqueReference('retry');
    await registerPayment(table.repository, reference);
    const declined = notificationFor(reference, '2', { payId: PAY_A, ncError: '30001001' });
    expect((await deliver(declined)).outcome).toBe('applied');
    expect((await stored(reference)).state).toBe('declined');

    const paid = notificationFor(reference, '9', { payId: PAY_B, ncError: '0' });
    const result = await deliver(paid);
    expect(result).toMatchObject({ outcome: 'applied', writes: 1 });

    const transaction = await stored(reference);
    expect(transaction).toMatchObject({
      state: 'paid',
      payId: PAY_B,
      paidPayId: PAY_B,
      ogoneStatus: '9',
      ncError: '0',
      anomalies: [],
    });
    expect(history(transaction)).toEqual([
      { id: declined.id, ogoneStatus: '2', payId: PAY_A, outcome: 'applied' },
      { id: paid.id, ogoneStatus: '9', payId: PAY_B, outcome: 'applied' },
    ]);
  });
});

describe('statuses that map to no state', () => {
  it('an unknown STATUS is recorded with an anomaly and leaves the state alone', async () => {
    const reference = uniqueReference('unk');
    await registerPayment(table.repository, reference);
    const pending = notificationFor(reference, '51');
    await deliver(pending);
    const before = await stored(reference);

    const unknown = notificationFor(reference, '42', { payId: PAY_B });
    const result = await deliver(unknown);
    expect(result).toMatchObject({ outcome: 'unknown_status', writes: 1 });

    const transaction = await stored(reference);
    expect(transaction).toMatchObject({
      state: 'pending',
      ogoneStatus: '51',
      payId: before.payId,
    });
    expect(transaction.anomalies).toEqual([
      expect.objectContaining({ type: 'unknown_status', notificationId: unknown.id }),
    ]);
    expect(history(transaction)).toEqual([
      { id: pending.id, ogoneStatus: '51', payId: PAY_A, outcome: 'applied' },
      { id: unknown.id, ogoneStatus: '42', payId: PAY_B, outcome: 'unknown_status' },
    ]);
  });

  it('STATUS 94 (refund reversed) is no_change: recorded, no anomaly, state kept', async () => {
    const reference = uniqueReference('nochg');
    await registerPayment(table.repository, reference);
    const paid = notificationFor(reference, '9');
    await deliver(paid);
    const refusal = notificationFor(reference, '94');
    const result = await deliver(refusal);
    expect(result).toMatchObject({ outcome: 'no_change', writes: 1 });

    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'paid', ogoneStatus: '9', anomalies: [] });
    expect(history(transaction).map((record) => record.outcome)).toEqual(['applied', 'no_change']);
  });
});

describe('an uncertain authorisation', () => {
  it('STATUS 52 is pending, never paid and never failed', async () => {
    const reference = uniqueReference('unc');
    await registerPayment(table.repository, reference);
    const uncertain = notificationFor(reference, '52');
    const result = await deliver(uncertain);
    expect(result).toMatchObject({ outcome: 'applied', writes: 1 });
    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'pending', ogoneStatus: '52', paidPayId: null });

    // A settled answer later still moves it.
    expect((await deliver(notificationFor(reference, '9'))).outcome).toBe('applied');
    expect((await stored(reference)).state).toBe('paid');
  });
});
