import { describe, expect, it } from 'vitest';
import { decide } from '../../../lib/transactions/decide.js';
import {
  anomalyWindow,
  HISTORY,
  historyWrite,
  NO_DROPPED_ANOMALIES,
  NO_DROPS,
} from '../../../lib/transactions/history-window.js';
import { ALL_STATES } from '../../../lib/transactions/states.js';
import type {
  Anomaly,
  AnomalyType,
  NotificationOutcome,
  NotificationRecord,
  Transaction,
} from '../../../lib/transactions/transaction.js';
import { notificationFor } from '../../support/notifications.js';
import { deliverAllInMemory } from '../support/apply-write.js';
import { PROTOCOL_ORDER, transactionWith } from '../support/transactions.js';

/**
 * Issue 9 §3 again: records that raised an anomaly were never dropped and each added an anomaly,
 * so ~1,400 distinct unknown statuses (or 1,200 double payments) on one order reached DynamoDB's
 * 400 KB. Now each anomaly outcome keeps its first and last few, and so does each anomaly type.
 */
const AT = '2026-11-27T09:00:00.000Z';

const record = (index: number, outcome: NotificationOutcome): NotificationRecord => ({
  id: `N-${index}`,
  receivedAt: AT,
  ogoneStatus: '77',
  payId: `P-${index}`,
  outcome,
  source: 'feedback',
});

const anomalyOf = (index: number, type: AnomalyType): Anomaly => ({
  type,
  notificationId: `N-${index}`,
  detectedAt: AT,
  detail: `STATUS ${index}`,
});

const sum = (counts: Readonly<Record<string, number>>) =>
  Object.values(counts).reduce((total, count) => total + count, 0);

const ids = (items: readonly { id?: string; notificationId?: string }[]) =>
  items.map((item) => item.id ?? item.notificationId);

describe('a full history of one anomaly outcome', () => {
  const length = HISTORY.maxRecords;
  const records = Array.from({ length }, (_, index) =>
    record(index, index === 30 ? 'applied' : 'unknown_status'),
  );
  const anomalies = records.flatMap((old, index) =>
    old.outcome === 'unknown_status' ? [anomalyOf(index, 'unknown_status')] : [],
  );
  const current = transactionWith({
    notifications: records,
    anomalies,
    droppedNotifications: { ...NO_DROPS, unknown_status: 5 },
    droppedAnomalies: { ...NO_DROPPED_ANOMALIES, unknown_status: 5 },
  });
  const NEW = record(9999, 'unknown_status');
  const raised = [anomalyOf(9999, 'unknown_status')];
  const write = historyWrite(current, NEW, raised);

  it('is trimmed: the first, every applied, the last of all and the first and last of the kind', () => {
    if (write.kind !== 'replace') throw new Error(`expected a replace, got ${write.kind}`);
    const all = [...records, NEW];
    const ofKind = all.filter((old) => old.outcome === 'unknown_status');
    const keptIds = new Set([
      ...ids(all.slice(0, HISTORY.keepFirst)),
      ...ids(all.slice(-HISTORY.keepLast)),
      'N-30',
      ...ids(ofKind.slice(0, HISTORY.keepFirstOfKind)),
      ...ids(ofKind.slice(-HISTORY.keepLastOfKind)),
    ]);
    expect(ids(write.records)).toEqual(ids(all.filter((old) => keptIds.has(old.id))));
    expect(write.records.at(-1)).toEqual(NEW);
    expect(write.records.find((kept) => kept.id === 'N-30')?.outcome).toBe('applied');
    expect(write.dropped).toEqual({
      ...NO_DROPS,
      unknown_status: 5 + all.length - write.records.length,
    });
  });

  it('its anomalies keep the first and the last of their type, counted by type', () => {
    if (write.kind !== 'replace') throw new Error('expected a replace');
    const all = [...anomalies, ...raised];
    expect(write.anomalies).toEqual([
      ...all.slice(0, HISTORY.keepFirstOfKind),
      ...all.slice(-HISTORY.keepLastOfKind),
    ]);
    expect(write.anomalies.at(-1)).toEqual(raised[0]);
    expect(write.droppedAnomalies).toEqual({
      ...NO_DROPPED_ANOMALIES,
      unknown_status: 5 + all.length - write.anomalies.length,
    });
    expect(write.seen).toEqual({
      length,
      dropped: current.droppedNotifications,
      anomalies: anomalies.length,
      droppedAnomalies: current.droppedAnomalies,
    });
  });
});

describe('anomalyWindow', () => {
  it('bounds each type on its own and drops none of a type with few', () => {
    const all = [
      anomalyOf(0, 'unmatched'),
      ...Array.from({ length: 45 }, (_, index) =>
        anomalyOf(index + 1, index % 2 === 0 ? 'double_payment' : 'amount_mismatch'),
      ),
      anomalyOf(99, 'reconcile_expired'),
    ];
    const { anomalies, dropped } = anomalyWindow(all, NO_DROPPED_ANOMALIES);
    const perKind = HISTORY.keepFirstOfKind + HISTORY.keepLastOfKind;
    const count = (type: AnomalyType) => anomalies.filter((kept) => kept.type === type).length;
    expect([count('unmatched'), count('reconcile_expired')]).toEqual([1, 1]);
    expect([count('double_payment'), count('amount_mismatch')]).toEqual([perKind, perKind]);
    expect(dropped).toEqual({ ...NO_DROPPED_ANOMALIES, double_payment: 3, amount_mismatch: 2 });
  });

  it('keeps the recorded order, and counts what goes', () => {
    const all = Array.from({ length: 25 }, (_, index) => anomalyOf(index, 'missing_pay_id'));
    const { anomalies, dropped } = anomalyWindow(all, NO_DROPPED_ANOMALIES);
    expect(ids(anomalies)).toEqual(ids([...all.slice(0, 10), ...all.slice(15)]));
    expect(dropped.missing_pay_id).toBe(5);
  });
});

/** Delivers the flood in memory, then a refund; the history and anomalies stay bounded. */
const floodThenRefund = (start: Transaction, flood: ReturnType<typeof notificationFor>[]) => {
  const refund = notificationFor('R-1', '8', { payId: 'PAY' });
  const { outcomes, after } = deliverAllInMemory([...flood, refund], start);
  return { outcomes, after };
};

describe('2,600 distinct anomalies on one order (in memory)', () => {
  const paid = transactionWith({ state: 'paid', paidPayId: 'PAY', payId: 'PAY' });
  const bound = 10 + 50 + 10 + 4 * (HISTORY.keepFirstOfKind + HISTORY.keepLastOfKind);

  it('unknown statuses: all alerted, bounded, counted, and a refund still applies', () => {
    const flood = Array.from({ length: 2600 }, (_, index) =>
      notificationFor('R-1', '77', { payId: `U-${index}` }),
    );
    const { outcomes, after } = floodThenRefund(paid, flood);
    expect(outcomes.slice(0, -1).every((outcome) => outcome === 'unknown_status')).toBe(true);
    expect(outcomes.at(-1)).toBe('applied');
    expect(after.state).toBe('refunded');
    expect(after.notifications.length).toBeLessThanOrEqual(bound);
    expect(after.notifications.length + sum(after.droppedNotifications)).toBe(2601);
    expect(after.anomalies.length).toBeLessThanOrEqual(HISTORY.maxRecords + bound);
    expect(after.anomalies.length + after.droppedAnomalies.unknown_status).toBe(2600);
  });

  it('double payments: all alerted, bounded, counted, and a refund still applies', () => {
    const flood = Array.from({ length: 2600 }, (_, index) =>
      notificationFor('R-1', '9', { payId: `D-${index}` }),
    );
    const { outcomes, after } = floodThenRefund(paid, flood);
    expect(outcomes.slice(0, -1).every((outcome) => outcome === 'double_payment')).toBe(true);
    expect(after.state).toBe('refunded');
    expect(after.notifications.length).toBeLessThanOrEqual(bound);
    expect(after.droppedNotifications.double_payment).toBeGreaterThan(2000);
    expect(after.anomalies.length + after.droppedAnomalies.double_payment).toBe(2600);
  });
});

describe('why a dropped anomalous record may be delivered again safely', () => {
  // Decided once, an anomalous outcome is the same on every later state: never applied.
  const cases = [
    ['unknown_status', notificationFor('R-1', '77', { payId: 'B' })],
    ['double_payment', notificationFor('R-1', '9', { payId: 'B' })],
    ['amount_mismatch', notificationFor('R-1', '9', { payId: 'A', amount: '99' })],
    ['missing_pay_id', notificationFor('R-1', '9', { payId: undefined })],
  ] as const;
  it.each(cases)('%s stays so whatever the state rises to', (outcome, notification) => {
    const decided = ALL_STATES.filter((state) => {
      const first = decide(transactionWith({ state, paidPayId: 'A' }), notification);
      return first.outcome === outcome;
    });
    expect(decided.length).toBeGreaterThan(0);
    for (const state of decided) {
      const later = ALL_STATES.filter(
        (next) => next === 'review' || (state !== 'review' && ORDER_OF(next) >= ORDER_OF(state)),
      );
      for (const next of later) {
        expect(decide(transactionWith({ state: next, paidPayId: 'A' }), notification)).toEqual({
          outcome,
        });
      }
    }
  });
});

/** The protocol's order, written out in the tests; `review` holds above all. */
const ORDER_OF = (state: string): number =>
  state === 'review'
    ? Number.POSITIVE_INFINITY
    : (PROTOCOL_ORDER[state as keyof typeof PROTOCOL_ORDER] ?? Number.NaN);
