import { describe, expect, it } from 'vitest';
import { type DecisionInput, decide } from '../../../lib/transactions/decide.js';
import type { TransactionState } from '../../../lib/transactions/states.js';
import { ALL_STATES } from '../../../lib/transactions/states.js';
import { notificationFor } from '../../support/notifications.js';

const input = (overrides: Partial<DecisionInput> = {}): DecisionInput => ({
  state: 'created',
  amount: '15.1',
  currency: 'EUR',
  unmatched: false,
  paidPayId: null,
  notifications: [],
  ...overrides,
});

describe('decide: amount and currency', () => {
  it.each([
    ['15.1', '15.1'],
    ['15.1', '15.10'],
    ['15.10', '15.1'],
    ['15', '15.00'],
    ['586.8', '586.80'],
    ['1111.11', '1111.11'],
  ])('registered %s, notified %s: equal, applied', (registered, notified) => {
    const decision = decide(
      input({ amount: registered }),
      notificationFor('R-1', '9', { amount: notified }),
    );
    expect(decision).toEqual({ outcome: 'applied', state: 'paid' });
  });

  it.each([
    ['15.1', '15.11'],
    ['15.11', '15.1'],
    ['15', '150'],
    ['15.1', '1.51'],
    ['0.3', '0.30000000000000004'],
    ['15.1', '15,1'],
    ['15.1', ' 15.1'],
    ['15.1', '+15.1'],
    ['1500', '1.5e3'],
  ])('registered %s, notified %s: amount_mismatch', (registered, notified) => {
    const decision = decide(
      input({ amount: registered }),
      notificationFor('R-1', '9', { amount: notified }),
    );
    expect(decision).toEqual({ outcome: 'amount_mismatch' });
  });

  it('a different currency is amount_mismatch', () => {
    expect(decide(input(), notificationFor('R-1', '9', { currency: 'USD' }))).toEqual({
      outcome: 'amount_mismatch',
    });
  });

  it('a currency in another letter case is amount_mismatch (codes are compared exactly)', () => {
    expect(decide(input(), notificationFor('R-1', '9', { currency: 'eur' }))).toEqual({
      outcome: 'amount_mismatch',
    });
  });

  it('a notification without amount is amount_mismatch', () => {
    expect(decide(input(), notificationFor('R-1', '9', { amount: undefined }))).toEqual({
      outcome: 'amount_mismatch',
    });
  });

  it('a notification without currency is amount_mismatch', () => {
    expect(decide(input(), notificationFor('R-1', '9', { currency: undefined }))).toEqual({
      outcome: 'amount_mismatch',
    });
  });

  it.each(['5', '51', '2', '8', '94', '10'])(
    'a mismatching amount is caught whatever the status (%s)',
    (status) => {
      const decision = decide(
        input({ state: 'paid' }),
        notificationFor('R-1', status, { amount: '99' }),
      );
      expect(decision).toEqual({ outcome: 'amount_mismatch' });
    },
  );

  it('an unmatched transaction skips the amount check', () => {
    const current = input({ unmatched: true, amount: '15.1', currency: 'EUR' });
    const notification = notificationFor('R-1', '9', { amount: '99.99', currency: 'USD' });
    expect(decide(current, notification)).toEqual({ outcome: 'applied', state: 'paid' });
  });

  it('an unmatched transaction without any amount still moves', () => {
    const current = input({ unmatched: true, amount: null, currency: null, state: 'pending' });
    expect(decide(current, notificationFor('R-1', '5'))).toEqual({
      outcome: 'applied',
      state: 'authorized',
    });
  });
});

describe('decide: second payment', () => {
  const paid = input({ state: 'paid', paidPayId: 'A' });

  it('paid with PAYID A, then paid with PAYID B: double_payment', () => {
    expect(decide(paid, notificationFor('R-1', '9', { payId: 'B' }))).toEqual({
      outcome: 'double_payment',
    });
  });

  it('paid with PAYID A, then payment processed (95) with PAYID B: double_payment', () => {
    expect(decide(paid, notificationFor('R-1', '95', { payId: 'B' }))).toEqual({
      outcome: 'double_payment',
    });
  });

  it('paid with PAYID A, then authorized with PAYID B: double_payment', () => {
    expect(decide(paid, notificationFor('R-1', '5', { payId: 'B' }))).toEqual({
      outcome: 'double_payment',
    });
  });

  it.each(['9', '5'])('paid with PAYID A, then STATUS %s with PAYID A: stale', (status) => {
    expect(decide(paid, notificationFor('R-1', status, { payId: 'A' }))).toEqual({
      outcome: 'stale',
    });
  });

  it('paid with PAYID A, then a refund of PAYID A: applied', () => {
    expect(decide(paid, notificationFor('R-1', '8', { payId: 'A' }))).toEqual({
      outcome: 'applied',
      state: 'refunded',
    });
  });

  it('a declined attempt, then paid with a new PAYID: applied (a retry is not a double payment)', () => {
    const declined = input({ state: 'declined', paidPayId: null });
    expect(decide(declined, notificationFor('R-1', '9', { payId: 'B' }))).toEqual({
      outcome: 'applied',
      state: 'paid',
    });
  });

  it('authorized with PAYID A (not yet paid), then paid with PAYID A: applied', () => {
    const authorized = input({ state: 'authorized', paidPayId: null });
    expect(decide(authorized, notificationFor('R-1', '9', { payId: 'A' }))).toEqual({
      outcome: 'applied',
      state: 'paid',
    });
  });
});

describe('decide: duplicates', () => {
  const record = (id: string) => ({
    id,
    receivedAt: '2026-11-27T08:00:00.000Z',
    ogoneStatus: '9',
    payId: '3000001',
    outcome: 'applied' as const,
    source: 'feedback' as const,
  });

  it('a notification already recorded is a duplicate', () => {
    const current = input({ state: 'paid', notifications: [record('other'), record('N-1')] });
    expect(decide(current, notificationFor('R-1', '9', { id: 'N-1' }))).toEqual({
      outcome: 'duplicate',
    });
  });

  it('a duplicate wins over everything else (would apply, amount mismatch, review)', () => {
    const notification = notificationFor('R-1', '8', { id: 'N-1', amount: '1' });
    for (const state of ALL_STATES) {
      expect(decide(input({ state, notifications: [record('N-1')] }), notification)).toEqual({
        outcome: 'duplicate',
      });
    }
  });

  it('a notification with a new id is not a duplicate', () => {
    const current = input({ state: 'pending', notifications: [record('N-1')] });
    expect(decide(current, notificationFor('R-1', '9', { id: 'N-2' }))).toEqual({
      outcome: 'applied',
      state: 'paid',
    });
  });
});

describe('decide: statuses without a state', () => {
  const STATES_TO_TRY: readonly TransactionState[] = ['created', 'paid', 'refunded', 'review'];

  it.each(['63', '73', '83', '94', '96'])('STATUS %s → no_change in every state', (status) => {
    for (const state of STATES_TO_TRY) {
      expect(decide(input({ state }), notificationFor('R-1', status))).toEqual({
        outcome: 'no_change',
      });
    }
  });

  it.each(['3', '10', '09', ' 9', ''])('STATUS %j → unknown_status in every state', (status) => {
    for (const state of STATES_TO_TRY) {
      expect(decide(input({ state }), notificationFor('R-1', status))).toEqual({
        outcome: 'unknown_status',
      });
    }
  });
});
