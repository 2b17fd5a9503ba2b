import { describe, expect, it } from 'vitest';
import { decide } from '../../../lib/transactions/decide.js';
import { optimisticDecision, planWrite } from '../../../lib/transactions/plan-write.js';
import { notificationFor } from '../../support/notifications.js';
import { PROTOCOL_ORDER, transactionWith } from '../support/transactions.js';

const CONTEXT = { nowIso: '2026-11-27T09:00:00.000Z', source: 'feedback' as const };

describe('optimisticDecision', () => {
  it.each([
    ['9', { outcome: 'applied', state: 'paid' }],
    ['5', { outcome: 'applied', state: 'authorized' }],
    ['2', { outcome: 'applied', state: 'declined' }],
    ['94', { outcome: 'no_change' }],
    ['10', { outcome: 'unknown_status' }],
  ])('STATUS %s → %j', (status, decision) => {
    expect(optimisticDecision(notificationFor('R-1', status))).toEqual(decision);
  });
});

describe('planWrite: the first, optimistic write', () => {
  it.each([
    ['9', 'paid'],
    ['5', 'authorized'],
    ['95', 'paid'],
  ] as const)(
    'STATUS %s (%s, a payment): guards amount, rank and PAYID, may create',
    (status, state) => {
      const notification = notificationFor('R-1', status, {
        id: 'N-1',
        amount: '15.10',
        payId: 'P-7',
      });
      const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
      expect(write.guard).toEqual({
        notificationId: 'N-1',
        mayCreate: true,
        amount: { amount: '15.1', currency: 'EUR' },
        rankBelow: PROTOCOL_ORDER[state],
        paidPayIdIs: 'P-7',
      });
      expect(write.transition?.state).toBe(state);
      expect(write.transition?.rank).toBe(PROTOCOL_ORDER[state]);
    },
  );

  it.each([
    ['2', 'declined'],
    ['51', 'pending'],
    ['8', 'refunded'],
    ['61', 'void_pending'],
  ] as const)(
    'STATUS %s (%s, not a payment): guards amount and rank, no PAYID',
    (status, state) => {
      const notification = notificationFor('R-1', status, { id: 'N-2' });
      const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
      expect(write.guard).toEqual({
        notificationId: 'N-2',
        mayCreate: true,
        amount: { amount: '15.1', currency: 'EUR' },
        rankBelow: PROTOCOL_ORDER[state],
      });
    },
  );

  it('a payment without PAYID is held in review: it cannot switch the PAYID check off', () => {
    const notification = notificationFor('R-1', '9', { id: 'N-3', payId: undefined });
    const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
    expect(write.record.outcome).toBe('missing_pay_id');
    expect(write.guard).not.toHaveProperty('paidPayIdIs');
    expect(write).not.toHaveProperty('paidPayId');
    expect(write.transition).toBeUndefined();
    expect(write.hold?.state).toBe('review');
  });

  it.each(['94', '10'])('STATUS %s (no state): guards amount only, may create', (status) => {
    const notification = notificationFor('R-1', status, { id: 'N-4' });
    const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
    expect(write.guard).toEqual({
      notificationId: 'N-4',
      mayCreate: true,
      amount: { amount: '15.1', currency: 'EUR' },
    });
    expect(write.transition).toBeUndefined();
    expect(write.hold).toBeUndefined();
  });

  it('a paid transition records the paying PAYID and the signed payment fields', () => {
    const notification = notificationFor('R-1', '9', { id: 'N-5', payId: 'P-9', alias: 'ALIAS-1' });
    const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
    expect(write.paidPayId).toBe('P-9');
    expect(write.transition).toEqual({
      state: 'paid',
      rank: PROTOCOL_ORDER.paid,
      fields: {
        ogoneStatus: '9',
        payId: 'P-9',
        ncError: '0',
        brand: 'VISA',
        paymentMethod: 'CreditCard',
        cardNumber: 'XXXXXXXXXXXX1111',
        cardHolder: 'Jane Doe',
        alias: 'ALIAS-1',
        expiry: '1230',
      },
    });
  });

  it('an authorized transition sets the paying PAYID too (a second authorization is caught)', () => {
    const notification = notificationFor('R-1', '5', { id: 'N-6', payId: 'P-6' });
    const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
    expect(write.transition?.state).toBe('authorized');
    expect(write.guard.paidPayIdIs).toBe('P-6');
    expect(write.paidPayId).toBe('P-6');
  });

  it('records the notification with its outcome, source and time', () => {
    const notification = notificationFor('R-7', '9', { id: 'N-7', payId: 'P-1' });
    const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
    expect(write.reference).toBe('R-7');
    expect(write.nowIso).toBe(CONTEXT.nowIso);
    expect(write.record).toEqual({
      id: 'N-7',
      receivedAt: CONTEXT.nowIso,
      ogoneStatus: '9',
      payId: 'P-1',
      outcome: 'applied',
      source: 'feedback',
    });
    expect(write.anomalies).toEqual([]);
  });

  it('carries what an unmatched creation needs: canonical amount and an unmatched anomaly', () => {
    const notification = notificationFor('R-8', '9', {
      id: 'N-8',
      amount: '586.80',
      currency: 'CHF',
    });
    const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
    expect(write.creation).toMatchObject({
      amount: '586.8',
      currency: 'CHF',
      anomaly: { type: 'unmatched', notificationId: 'N-8', detectedAt: CONTEXT.nowIso },
    });
  });

  it('an unknown status carries an unknown_status anomaly', () => {
    const notification = notificationFor('R-1', '10', { id: 'N-9' });
    const write = planWrite(notification, optimisticDecision(notification), undefined, CONTEXT);
    expect(write.anomalies).toEqual([
      expect.objectContaining({ type: 'unknown_status', notificationId: 'N-9' }),
    ]);
  });
});

describe('planWrite: later writes, on a known transaction', () => {
  it.each([
    ['stale', transactionWith({ state: 'paid', paidPayId: '3000001' }), '51'],
    ['double_payment', transactionWith({ state: 'paid', paidPayId: 'OTHER' }), '9'],
    ['no_change', transactionWith({ state: 'paid' }), '94'],
    ['unknown_status', transactionWith({ state: 'paid' }), '10'],
  ] as const)(
    '%s: guards only the notification id, and may not create',
    (outcome, current, status) => {
      const notification = notificationFor('R-1', status, { id: 'N-10' });
      const decision = decide(current, notification);
      expect(decision.outcome).toBe(outcome);
      if (decision.outcome === 'duplicate') throw new Error('unexpected duplicate');
      const write = planWrite(notification, decision, current, CONTEXT);
      expect(write.guard).toEqual({ notificationId: 'N-10', mayCreate: false });
      expect(write.transition).toBeUndefined();
      expect(write.hold).toBeUndefined();
      expect(write.record.outcome).toBe(outcome);
    },
  );

  it('double_payment carries a double_payment anomaly', () => {
    const current = transactionWith({ state: 'paid', paidPayId: 'A' });
    const notification = notificationFor('R-1', '9', { id: 'N-11', payId: 'B' });
    const decision = decide(current, notification);
    if (decision.outcome === 'duplicate') throw new Error('unexpected duplicate');
    const write = planWrite(notification, decision, current, CONTEXT);
    expect(write.anomalies.map((anomaly) => anomaly.type)).toEqual(['double_payment']);
  });

  it('amount_mismatch holds the transaction in review, with an anomaly, guarded by id only', () => {
    const current = transactionWith({ state: 'pending' });
    const notification = notificationFor('R-1', '9', { id: 'N-12', amount: '15.11' });
    const decision = decide(current, notification);
    expect(decision).toEqual({ outcome: 'amount_mismatch' });
    if (decision.outcome === 'duplicate') throw new Error('unexpected duplicate');
    const write = planWrite(notification, decision, current, CONTEXT);
    expect(write.hold?.state).toBe('review');
    expect(write.hold?.rank).toBeGreaterThan(Math.max(...Object.values(PROTOCOL_ORDER)));
    expect(write.transition).toBeUndefined();
    expect(write.guard).toEqual({ notificationId: 'N-12', mayCreate: false });
    expect(write.record.outcome).toBe('amount_mismatch');
    expect(write.anomalies).toEqual([
      expect.objectContaining({ type: 'amount_mismatch', notificationId: 'N-12' }),
    ]);
  });

  it('applied on a known transaction re-checks amount, rank and PAYID, and may not create', () => {
    const current = transactionWith({ state: 'pending' });
    const notification = notificationFor('R-1', '9', { id: 'N-13', payId: 'P-3' });
    const decision = decide(current, notification);
    expect(decision).toEqual({ outcome: 'applied', state: 'paid' });
    if (decision.outcome === 'duplicate') throw new Error('unexpected duplicate');
    expect(planWrite(notification, decision, current, CONTEXT).guard).toEqual({
      notificationId: 'N-13',
      mayCreate: false,
      amount: { amount: '15.1', currency: 'EUR' },
      rankBelow: PROTOCOL_ORDER.paid,
      paidPayIdIs: 'P-3',
    });
  });
});
