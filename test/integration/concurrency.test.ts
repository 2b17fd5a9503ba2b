import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import { ConflictError } from '../../lib/transactions/errors.js';
import {
  type ProcessResult,
  processNotification,
} from '../../lib/transactions/process-notification.js';
import type { Transaction } from '../../lib/transactions/transaction.js';
import { localClient } from '../../scripts/lib/dynamodb-local.js';
import { createLocalTable, type LocalTable, storedTransaction } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

/** Several clients, each with its own connection pool, so writes really race at the table. */
const WRITERS = 5;

let table: LocalTable;
let writers: DynamoDbTransactionRepository[];
const clients: { destroy(): void }[] = [];

beforeAll(async () => {
  table = await createLocalTable('race');
  writers = Array.from({ length: WRITERS }, () => {
    const client = localClient(table.endpoint);
    clients.push(client);
    return new DynamoDbTransactionRepository(client, table.tableName);
  });
});
afterAll(() => {
  for (const client of [...clients, table.client]) client.destroy();
});

/** Ranks of docs/protocol.md §5 for the statuses used here, written out independently. */
const STATUS_RANK: Readonly<Record<string, number>> = { '51': 10, '2': 20, '5': 30, '9': 40 };

const deliverAll = (deliveries: readonly OgoneNotification[]): Promise<ProcessResult[]> =>
  Promise.all(
    deliveries.map((notification, index) =>
      processNotification(
        writers[index % WRITERS] as DynamoDbTransactionRepository,
        notification,
        feedbackContext(),
      ),
    ),
  );

const stored = (reference: string): Promise<Transaction> =>
  storedTransaction(table.repository, reference);

const count = (results: readonly ProcessResult[], outcome: string): number =>
  results.filter((result) => result.outcome === outcome).length;

/** Each of `distinct` delivered `copies` times, as separate objects, interleaved. */
const interleave = (distinct: readonly OgoneNotification[], copies: number): OgoneNotification[] =>
  Array.from({ length: copies }, (_, round) =>
    (round % 2 === 0 ? distinct : [...distinct].reverse()).map((notification) => ({
      ...notification,
    })),
  ).flat();

/**
 * Replays the stored history in order: every applied entry must rank strictly above the state
 * before it, every stale entry at or below it. Returns the ranks the applied entries reached.
 */
const replayRanks = (transaction: Transaction): number[] => {
  let rank = 0;
  const applied: number[] = [];
  for (const record of transaction.notifications) {
    const recordRank = STATUS_RANK[record.ogoneStatus];
    expect(recordRank, `rank of STATUS ${record.ogoneStatus}`).toBeDefined();
    if (record.outcome === 'applied') {
      expect(recordRank).toBeGreaterThan(rank);
      rank = recordRank as number;
      applied.push(rank);
    } else {
      expect(record.outcome).toBe('stale');
      expect(recordRank).toBeLessThanOrEqual(rank);
    }
  }
  return applied;
};

describe('concurrent delivery of the same notification', () => {
  it('applies it exactly once among 50 writers on a registered reference', async () => {
    const reference = uniqueReference('same');
    await registerPayment(table.repository, reference);
    const paid = notificationFor(reference, '9');

    const results = await deliverAll(interleave([paid], 50));

    expect(results).toHaveLength(50);
    expect(count(results, 'applied')).toBe(1);
    expect(count(results, 'duplicate')).toBe(49);
    // A lost race is understood from the failed write's ALL_OLD item: never a second request.
    expect(results.every((result) => result.writes === 1)).toBe(true);
    expect(results.every((result) => result.transaction.state === 'paid')).toBe(true);

    const transaction = await stored(reference);
    expect(transaction.state).toBe('paid');
    expect(transaction.notifications.map(({ id, outcome }) => ({ id, outcome }))).toEqual([
      { id: paid.id, outcome: 'applied' },
    ]);
    expect(transaction.anomalies).toEqual([]);
  });

  it('creates one unmatched transaction among 50 writers on an unregistered reference', async () => {
    const reference = uniqueReference('unm');
    const paid = notificationFor(reference, '9');

    const results = await deliverAll(interleave([paid], 50));

    expect(count(results, 'applied')).toBe(1);
    expect(count(results, 'duplicate')).toBe(49);
    expect(results.filter((result) => result.createdUnmatched)).toHaveLength(1);

    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'paid', unmatched: true });
    expect(transaction.notifications.map((record) => record.id)).toEqual([paid.id]);
    expect(transaction.anomalies).toEqual([
      expect.objectContaining({ type: 'unmatched', notificationId: paid.id }),
    ]);
  });
});

describe('concurrent delivery of several notifications, each many times', () => {
  const distinctFor = (reference: string): OgoneNotification[] => [
    notificationFor(reference, '51'),
    notificationFor(reference, '5'),
    notificationFor(reference, '9'),
    notificationFor(reference, '2', { ncError: '30001001' }),
    // The browser redirect of the same payment signs other fields: a distinct notification.
    notificationFor(reference, '9', { acceptance: 'test456' }),
  ];

  it.each([1, 2, 3])(
    'ends paid with each recorded once and applied ranks rising (round %i)',
    async () => {
      const reference = uniqueReference('mix');
      await registerPayment(table.repository, reference);
      const distinct = distinctFor(reference);

      const deliveries = interleave(distinct, 12);
      const results = await deliverAll(deliveries);

      expect(results).toHaveLength(60);
      expect(count(results, 'duplicate')).toBe(60 - distinct.length);
      expect(results.every((result) => result.writes <= 2)).toBe(true);

      const transaction = await stored(reference);
      expect(transaction).toMatchObject({
        state: 'paid',
        ogoneStatus: '9',
        payId: '3000001',
        paidPayId: '3000001',
        unmatched: false,
        anomalies: [],
      });
      const ids = transaction.notifications.map((record) => record.id);
      expect([...ids].sort()).toEqual(distinct.map((notification) => notification.id).sort());

      const appliedRanks = replayRanks(transaction);
      expect(appliedRanks.at(-1)).toBe(40);
      expect(appliedRanks.filter((rank) => rank === 40)).toHaveLength(1);
      const paidOutcomes = transaction.notifications
        .filter((record) => record.ogoneStatus === '9')
        .map((record) => record.outcome)
        .sort();
      expect(paidOutcomes).toEqual(['applied', 'stale']);

      // What each caller was told is what was recorded, once per distinct notification.
      for (const notification of distinct) {
        const told = results.filter(
          (result, index) =>
            result.outcome !== 'duplicate' && deliveries[index]?.id === notification.id,
        );
        const recorded = transaction.notifications.find((record) => record.id === notification.id);
        expect(told.map((result) => result.outcome)).toEqual([recorded?.outcome]);
      }
      expect(count(results, 'applied')).toBe(appliedRanks.length);
    },
  );

  it('creates one unmatched transaction when several distinct notifications race on it', async () => {
    const reference = uniqueReference('unmix');
    const distinct = distinctFor(reference);

    const results = await deliverAll(interleave(distinct, 10));

    expect(count(results, 'duplicate')).toBe(50 - distinct.length);
    expect(results.filter((result) => result.createdUnmatched)).toHaveLength(1);

    const transaction = await stored(reference);
    expect(transaction).toMatchObject({ state: 'paid', unmatched: true, paidPayId: '3000001' });
    expect(transaction.notifications).toHaveLength(distinct.length);
    expect(new Set(transaction.notifications.map((record) => record.id)).size).toBe(
      distinct.length,
    );
    expect(transaction.anomalies.map((anomaly) => anomaly.type)).toEqual(['unmatched']);
    replayRanks(transaction);
  });
});

describe('concurrent notifications that raise anomalies', () => {
  it('two payments with different PAYIDs racing: one applied, the other a double payment', async () => {
    const reference = uniqueReference('dbl');
    await registerPayment(table.repository, reference);
    const paidA = notificationFor(reference, '9', { payId: '3000001' });
    const paidB = notificationFor(reference, '9', { payId: '3000002' });

    const results = await deliverAll(interleave([paidA, paidB], 20));

    expect(count(results, 'applied')).toBe(1);
    expect(count(results, 'double_payment')).toBe(1);
    expect(count(results, 'duplicate')).toBe(38);

    const transaction = await stored(reference);
    const winner = transaction.notifications.find((record) => record.outcome === 'applied');
    const loser = transaction.notifications.find((record) => record.outcome === 'double_payment');
    expect(winner).toBeDefined();
    expect(loser).toBeDefined();
    expect(transaction).toMatchObject({
      state: 'paid',
      payId: winner?.payId,
      paidPayId: winner?.payId,
    });
    expect(transaction.anomalies).toEqual([
      expect.objectContaining({ type: 'double_payment', notificationId: loser?.id }),
    ]);
  });

  it('an amount mismatch racing with a payment ends in review whatever the order', async () => {
    const reference = uniqueReference('rev');
    await registerPayment(table.repository, reference, '15.10', 'EUR');
    const wrong = notificationFor(reference, '9', { amount: '1510' });
    const distinct = [notificationFor(reference, '51'), notificationFor(reference, '9'), wrong];

    const results = await deliverAll(interleave(distinct, 15));

    expect(count(results, 'amount_mismatch')).toBe(1);
    expect(count(results, 'duplicate')).toBe(45 - distinct.length);
    const transaction = await stored(reference);
    expect(transaction.state).toBe('review');
    expect(transaction.notifications).toHaveLength(distinct.length);
    expect(transaction.anomalies).toEqual([
      expect.objectContaining({ type: 'amount_mismatch', notificationId: wrong.id }),
    ]);
    // Nothing recorded after the hold moved the state.
    const held = transaction.notifications.findIndex((record) => record.id === wrong.id);
    for (const record of transaction.notifications.slice(held + 1)) {
      expect(record.outcome).toBe('stale');
    }
  });
});

describe('registration racing with the first notification', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'ends either registered and applied or unmatched and refused (race %i)',
    async () => {
      const reference = uniqueReference('reg');
      const paid = notificationFor(reference, '9');
      const [registration, delivery] = await Promise.allSettled([
        registerPayment(writers[0] as DynamoDbTransactionRepository, reference),
        processNotification(writers[1] as DynamoDbTransactionRepository, paid, feedbackContext()),
      ]);
      expect(delivery.status).toBe('fulfilled');
      const transaction = await stored(reference);
      expect(transaction.state).toBe('paid');
      expect(transaction.notifications.map(({ id, outcome }) => ({ id, outcome }))).toEqual([
        { id: paid.id, outcome: 'applied' },
      ]);
      if (registration.status === 'fulfilled') {
        expect(registration.value.created).toBe(true);
        expect(transaction).toMatchObject({ unmatched: false, anomalies: [] });
        expect(transaction.registration).not.toBeNull();
      } else {
        expect(registration.reason).toBeInstanceOf(ConflictError);
        expect(transaction.unmatched).toBe(true);
        expect(transaction.anomalies.map((anomaly) => anomaly.type)).toEqual(['unmatched']);
        expect(transaction.registration).toBeNull();
      }
    },
  );
});
