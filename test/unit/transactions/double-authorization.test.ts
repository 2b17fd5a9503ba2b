import { describe, expect, it } from 'vitest';
import type { OgoneNotification } from '../../../lib/ogone/notification.js';
import { decide } from '../../../lib/transactions/decide.js';
import { optimisticDecision, planWrite } from '../../../lib/transactions/plan-write.js';
import { notificationFor } from '../../support/notifications.js';
import { permutations } from '../../support/permutations.js';
import { deliverAllInMemory } from '../support/apply-write.js';
import { transactionWith } from '../support/transactions.js';

/**
 * Issue 9 §4: the paying PAYID is recorded by `authorized` too, so a second authorization (in
 * RES mode, the shopper's funds held twice) is a double payment; and a paying notification
 * without PAYID is held in review instead of switching the check off for later ones.
 */
const CONTEXT = { nowIso: '2026-11-27T09:00:00.000Z', source: 'feedback' as const };
const authorized = (payId: string) => notificationFor('R-1', '5', { payId });
const paid = (payId: string | undefined) => notificationFor('R-1', '9', { payId });
const types = (anomalies: readonly { type: string }[]) => anomalies.map((anomaly) => anomaly.type);

describe('two authorizations with different PAYIDs', () => {
  it('the second is a double_payment with an anomaly, the state stays authorized', () => {
    const { outcomes, after } = deliverAllInMemory([authorized('A'), authorized('B')]);
    expect(outcomes).toEqual(['applied', 'double_payment']);
    expect(after).toMatchObject({ state: 'authorized', paidPayId: 'A', payId: 'A' });
    expect(types(after.anomalies)).toEqual(['double_payment']);
  });

  it('the same PAYID authorized twice (two distinct notifications) is stale, no anomaly', () => {
    const { outcomes, after } = deliverAllInMemory([
      authorized('A'),
      notificationFor('R-1', '5', { payId: 'A', ncError: '1' }),
    ]);
    expect(outcomes).toEqual(['applied', 'stale']);
    expect(after.anomalies).toEqual([]);
  });

  it('authorized by A then paid by B: paid, with a double_payment anomaly; either order', () => {
    const forward = deliverAllInMemory([authorized('A'), paid('B')]);
    expect(forward.outcomes).toEqual(['applied', 'applied']);
    const backward = deliverAllInMemory([paid('B'), authorized('A')]);
    expect(backward.outcomes).toEqual(['applied', 'double_payment']);
    for (const { after } of [forward, backward]) {
      expect(after.state).toBe('paid');
      expect(types(after.anomalies)).toEqual(['double_payment']);
    }
  });

  it('every delivery order of a decline, A authorized, B paid and a pending ends paid, alerted', () => {
    const set = [
      notificationFor('R-1', '2', { payId: 'D' }),
      authorized('A'),
      paid('B'),
      notificationFor('R-1', '51', { payId: 'B' }),
    ];
    for (const sequence of permutations(set)) {
      const { after } = deliverAllInMemory(sequence);
      expect(after.state).toBe('paid');
      expect(types(after.anomalies)).toContain('double_payment');
    }
  });
});

describe('a paying notification without PAYID', () => {
  it('is held in review with a missing_pay_id anomaly', () => {
    const current = transactionWith({ state: 'pending' });
    const notification = paid(undefined);
    expect(decide(current, notification)).toEqual({ outcome: 'missing_pay_id' });
    expect(optimisticDecision(notification)).toEqual({ outcome: 'missing_pay_id' });
    const write = planWrite(notification, { outcome: 'missing_pay_id' }, current, CONTEXT);
    expect(write.hold?.state).toBe('review');
    expect(types(write.anomalies)).toEqual(['missing_pay_id']);
  });

  it('does not switch the check off: a later PAYID claims, the one after is a double payment', () => {
    const { outcomes, after } = deliverAllInMemory([paid(undefined), paid('A'), paid('B')]);
    expect(outcomes).toEqual(['missing_pay_id', 'stale', 'double_payment']);
    expect(after).toMatchObject({ state: 'review', paidPayId: 'A' });
    expect(types(after.anomalies)).toEqual(['missing_pay_id', 'double_payment']);
  });

  it('an amount mismatch wins: the notification is amount_mismatch, not missing_pay_id', () => {
    const notification = notificationFor('R-1', '9', { payId: undefined, amount: '1' });
    expect(decide(transactionWith(), notification)).toEqual({ outcome: 'amount_mismatch' });
  });
});

describe('a stale payment claims the paying PAYID', () => {
  it('held in review, A then B authorized: A is stale and claims, B is a double payment', () => {
    const mismatch = notificationFor('R-1', '9', { payId: 'X', amount: '99' });
    const { outcomes, after } = deliverAllInMemory([mismatch, authorized('A'), authorized('B')]);
    expect(outcomes).toEqual(['amount_mismatch', 'stale', 'double_payment']);
    expect(after.paidPayId).toBe('A');
  });

  it('after a refund ranks above it, A paid then B paid: the second is a double payment', () => {
    const refunded = notificationFor('R-1', '8', { payId: 'A' });
    const { outcomes } = deliverAllInMemory([refunded, paid('A'), paid('B')]);
    expect(outcomes).toEqual(['applied', 'stale', 'double_payment']);
  });
});

describe('planWrite: the paying PAYID guard', () => {
  const plan = (current: ReturnType<typeof transactionWith>, notification: OgoneNotification) => {
    const decision = decide(current, notification);
    if (decision.outcome === 'duplicate') throw new Error('unexpected duplicate');
    return { decision, write: planWrite(notification, decision, current, CONTEXT) };
  };

  it('a stale payment is guarded by, and sets, its own PAYID as the paying one', () => {
    const { decision, write } = plan(transactionWith({ state: 'refunded' }), paid('A'));
    expect(decision).toEqual({ outcome: 'stale' });
    expect(write.guard).toMatchObject({ paidPayIdIs: 'A' });
    expect(write.paidPayId).toBe('A');
  });

  it('a rising payment under a second PAYID is guarded by the other PAYID and sets none', () => {
    const current = transactionWith({ state: 'authorized', paidPayId: 'A' });
    const { decision, write } = plan(current, paid('B'));
    expect(decision).toEqual({ outcome: 'applied', state: 'paid', doublePayment: true });
    expect(write.guard).toMatchObject({ paidPayIdOtherThan: 'B', rankBelow: 400 });
    expect(write.guard).not.toHaveProperty('paidPayIdIs');
    expect(write).not.toHaveProperty('paidPayId');
    expect(write.transition?.state).toBe('paid');
    expect(types(write.anomalies)).toEqual(['double_payment']);
  });

  it('a double payment that does not rise is guarded by its id only (it stays true)', () => {
    const current = transactionWith({ state: 'authorized', paidPayId: 'A' });
    const { write } = plan(current, authorized('B'));
    expect(write.guard).toEqual({ notificationId: write.record.id, mayCreate: false });
    expect(write).not.toHaveProperty('paidPayId');
  });
});
