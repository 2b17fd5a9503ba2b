import { describe, expect, it } from 'vitest';
import { decide } from '../../../lib/transactions/decide.js';
import {
  HISTORY,
  historyWrite,
  NO_DROPPED_ANOMALIES,
  NO_DROPS,
} from '../../../lib/transactions/history-window.js';
import { optimisticDecision, planWrite } from '../../../lib/transactions/plan-write.js';
import { ALL_STATES } from '../../../lib/transactions/states.js';
import type {
  NotificationOutcome,
  NotificationRecord,
} from '../../../lib/transactions/transaction.js';
import { notificationFor } from '../../support/notifications.js';
import { deliverAllInMemory } from '../support/apply-write.js';
import { PROTOCOL_ORDER, transactionWith } from '../support/transactions.js';

const CONTEXT = { nowIso: '2026-11-27T09:00:00.000Z', source: 'feedback' as const };

const record = (index: number, outcome: NotificationOutcome = 'stale'): NotificationRecord => ({
  id: `N-${index}`,
  receivedAt: CONTEXT.nowIso,
  ogoneStatus: '2',
  payId: `P-${index}`,
  outcome,
  source: 'feedback',
});

const history = (
  length: number,
  outcomeAt: (index: number) => NotificationOutcome = () => 'stale',
) => Array.from({ length }, (_, index) => record(index, outcomeAt(index)));

const NEW = record(9999);

describe('historyWrite', () => {
  it('a first write, which has not seen the item, appends only below the maximum', () => {
    expect(historyWrite(undefined, NEW)).toEqual({ kind: 'append', below: HISTORY.maxRecords });
  });

  it('a write that saw room appends without a bound (racing writers would lose again)', () => {
    const current = transactionWith({ notifications: history(HISTORY.maxRecords - 1) });
    expect(historyWrite(current, NEW)).toEqual({ kind: 'append' });
  });

  it('a full history keeps the first, the latest and what did something; counts the rest', () => {
    const significant = new Map<number, NotificationOutcome>([
      [0, 'applied'],
      [40, 'double_payment'],
      [41, 'amount_mismatch'],
      [42, 'unknown_status'],
      [43, 'missing_pay_id'],
      [44, 'applied'],
    ]);
    const outcomeAt = (index: number) =>
      significant.get(index) ?? (index % 3 === 0 ? 'no_change' : 'stale');
    const records = history(HISTORY.maxRecords, outcomeAt);
    const current = transactionWith({
      notifications: records,
      droppedNotifications: { ...NO_DROPS, stale: 7, no_change: 2 },
    });
    const write = historyWrite(current, NEW);
    if (write.kind !== 'replace') throw new Error(`expected a replace, got ${write.kind}`);

    const lastStart = HISTORY.maxRecords - (HISTORY.keepLast - 1);
    const expected = records.filter(
      (_kept, index) => index < HISTORY.keepFirst || index >= lastStart || significant.has(index),
    );
    expect(write.records).toEqual([...expected, NEW]);
    expect(write.records.slice(-HISTORY.keepLast)).toEqual([...records.slice(lastStart), NEW]);
    const middle = records.slice(HISTORY.keepFirst, lastStart).filter((_, offset) => {
      return !significant.has(HISTORY.keepFirst + offset);
    });
    const droppedStale = middle.filter((old) => old.outcome === 'stale').length;
    const droppedNoChange = middle.filter((old) => old.outcome === 'no_change').length;
    expect(droppedStale + droppedNoChange).toBe(records.length + 1 - write.records.length);
    expect(write.dropped).toEqual({
      ...NO_DROPS,
      stale: 7 + droppedStale,
      no_change: 2 + droppedNoChange,
    });
    expect(write.seen).toEqual({
      length: HISTORY.maxRecords,
      dropped: { ...NO_DROPS, stale: 7, no_change: 2 },
      anomalies: 0,
      droppedAnomalies: NO_DROPPED_ANOMALIES,
    });
    expect(write.records.length).toBeLessThanOrEqual(
      HISTORY.keepFirst + HISTORY.keepLast + significant.size,
    );
  });

  it('a full history where nothing may go appends without a bound (never blocks a write)', () => {
    // Each anomaly outcome at most its first and last few, in a middle with nothing else.
    const kinds = [
      'unknown_status',
      'double_payment',
      'amount_mismatch',
      'missing_pay_id',
    ] as const;
    const perKind = HISTORY.keepFirstOfKind + HISTORY.keepLastOfKind;
    const current = transactionWith({
      notifications: history(HISTORY.maxRecords, (index) => kinds[index % kinds.length] ?? 'stale'),
    });
    expect(HISTORY.maxRecords).toBeLessThanOrEqual(kinds.length * perKind);
    expect(historyWrite(current, NEW)).toEqual({ kind: 'append' });
  });
});

describe('planWrite carries the history write', () => {
  it('the optimistic write appends with room', () => {
    const notification = notificationFor('R-1', '2', { id: 'N-1' });
    const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
    expect(write.history).toEqual({ kind: 'append', below: HISTORY.maxRecords });
  });

  it('a write decided on a full history trims it, this record last', () => {
    const current = transactionWith({
      state: 'declined',
      notifications: history(HISTORY.maxRecords),
    });
    const notification = notificationFor('R-1', '2', { id: 'N-NEW', payId: 'P-NEW' });
    const decision = decide(current, notification);
    if (decision.outcome === 'duplicate') throw new Error('unexpected duplicate');
    const write = planWrite(notification, decision, current, CONTEXT);
    if (write.history.kind !== 'replace') throw new Error('expected a replace');
    expect(write.history.records.at(-1)).toEqual(write.record);
  });
});

describe('2,600 distinct declines on one order, then paid (in memory)', () => {
  it('the history stays bounded, the counts add up, and paid still applies', () => {
    const declines = Array.from({ length: 2600 }, (_, index) =>
      notificationFor('R-1', '2', { payId: `D-${index}`, ncError: '30001001' }),
    );
    const { outcomes, after } = deliverAllInMemory([
      ...declines,
      notificationFor('R-1', '9', { payId: 'PAY' }),
    ]);
    expect(outcomes.at(-1)).toBe('applied');
    expect(after.state).toBe('paid');
    expect(after.notifications.length).toBeLessThanOrEqual(HISTORY.maxRecords);
    expect(after.notifications.length + after.droppedNotifications.stale).toBe(2601);
    expect(after.notifications[0]?.outcome).toBe('applied');
  });
});

describe('why a dropped record may be delivered again safely', () => {
  // Its decision cannot change: decided stale or no_change once, it is so on every later state.
  it.each(['2', '51', '5', '9', '8', '94'])(
    'STATUS %s decided stale or no_change stays so whatever the state rises to',
    (status) => {
      for (const state of ALL_STATES) {
        const notification = notificationFor('R-1', status, { payId: 'A' });
        const first = decide(transactionWith({ state, paidPayId: 'A' }), notification);
        if (first.outcome !== 'stale' && first.outcome !== 'no_change') continue;
        const later = ALL_STATES.filter(
          (next) => next === 'review' || (state !== 'review' && ORDER_OF(next) >= ORDER_OF(state)),
        );
        for (const next of later) {
          expect(decide(transactionWith({ state: next, paidPayId: 'A' }), notification)).toEqual(
            first,
          );
        }
      }
    },
  );
});

/** The protocol's order, written out in the tests; `review` holds above all. */
const ORDER_OF = (state: string): number =>
  state === 'review'
    ? Number.POSITIVE_INFINITY
    : (PROTOCOL_ORDER[state as keyof typeof PROTOCOL_ORDER] ?? Number.NaN);
