import { describe, expect, it } from 'vitest';
import type { OgoneNotification } from '../../../lib/ogone/notification.js';
import { FEEDBACK_STATES, type FeedbackState } from '../../../lib/ogone/status-table.js';
import { type DecisionInput, decide } from '../../../lib/transactions/decide.js';
import { ALL_STATES, type TransactionState } from '../../../lib/transactions/states.js';
import type { NotificationRecord } from '../../../lib/transactions/transaction.js';
import { notificationFor } from '../../support/notifications.js';
import { permutations } from '../../support/permutations.js';
import { PROTOCOL_ORDER, PROTOCOL_RANK, STATUS_FOR } from '../support/transactions.js';

const FEEDBACK_TARGETS: readonly FeedbackState[] = Object.values(FEEDBACK_STATES);

const input = (state: TransactionState, paidPayId: string | null): DecisionInput => ({
  state,
  amount: '15.1',
  currency: 'EUR',
  unmatched: false,
  paidPayId,
  notifications: [],
});

/**
 * docs/protocol.md §5: a strictly higher rank moves; in a shared rank the fixed tie-break decides;
 * `review` is held whatever comes.
 */
const expected = (current: TransactionState, target: FeedbackState) =>
  current !== 'review' &&
  (PROTOCOL_RANK[target] > PROTOCOL_RANK[current] ||
    (PROTOCOL_RANK[target] === PROTOCOL_RANK[current] &&
      PROTOCOL_ORDER[target] > PROTOCOL_ORDER[current]))
    ? { outcome: 'applied', state: target }
    : { outcome: 'stale' };

const PAIRS = ALL_STATES.flatMap((current) =>
  FEEDBACK_TARGETS.map((target) => ({ current, target, result: expected(current, target) })),
);

describe('the state machine covers the design’s states', () => {
  it('ALL_STATES are the 12 states of the design', () => {
    expect([...ALL_STATES].sort()).toEqual(
      [
        'created',
        'pending',
        'authorized',
        'paid',
        'cancelled',
        'declined',
        'invalid',
        'void_pending',
        'voided',
        'refund_pending',
        'refunded',
        'review',
      ].sort(),
    );
  });

  it('the feedback states are every state except created and review', () => {
    expect([...FEEDBACK_TARGETS].sort()).toEqual(
      ALL_STATES.filter((state) => state !== 'created' && state !== 'review').sort(),
    );
  });

  it('the table below has one row per (current, target) pair', () => {
    expect(PAIRS).toHaveLength(12 * 10);
  });
});

describe('decide: every (current state × notification state) pair', () => {
  it.each(PAIRS)('$current + $target → $result.outcome', ({ current, target, result }) => {
    const notification = notificationFor('R-1', STATUS_FOR[target]);
    expect(decide(input(current, null), notification)).toEqual(result);
  });

  it.each(PAIRS)(
    '$current + $target → $result.outcome, when already paid with the same PAYID',
    ({ current, target, result }) => {
      const notification = notificationFor('R-1', STATUS_FOR[target], { payId: 'SAME' });
      expect(decide(input(current, 'SAME'), notification)).toEqual(result);
    },
  );
});

/** Applies notifications one by one as the repository would, from `created`. */
const finalState = (sequence: readonly OgoneNotification[]): TransactionState => {
  let state: TransactionState = 'created';
  let paidPayId: string | null = null;
  const notifications: NotificationRecord[] = [];
  for (const notification of sequence) {
    const decision = decide({ ...input(state, paidPayId), notifications }, notification);
    if (decision.outcome === 'duplicate') continue;
    notifications.push({
      id: notification.id,
      receivedAt: '2026-11-27T08:00:00.000Z',
      ogoneStatus: notification.status,
      payId: notification.payId ?? null,
      outcome: decision.outcome,
      source: 'feedback',
    });
    if (decision.outcome === 'applied') {
      state = decision.state;
      if (state === 'paid') paidPayId = notification.payId ?? null;
    }
  }
  return state;
};

describe('decide: delivery order does not matter', () => {
  it('every interleaving of a declined attempt, a retry and its refund ends refunded', () => {
    const set = [
      notificationFor('R-1', '2', { payId: 'P1' }),
      notificationFor('R-1', '51', { payId: 'P2' }),
      notificationFor('R-1', '5', { payId: 'P2' }),
      notificationFor('R-1', '9', { payId: 'P2' }),
      notificationFor('R-1', '81', { payId: 'P2' }),
      notificationFor('R-1', '8', { payId: 'P2' }),
    ];
    const all = permutations(set);
    expect(all).toHaveLength(720);
    for (const sequence of all) expect(finalState(sequence)).toBe('refunded');
  });

  it('redeliveries and a stale redirect change nothing: declined then retry ends paid', () => {
    const declined = notificationFor('R-1', '2', { payId: 'P1' });
    const paid = notificationFor('R-1', '9', { payId: 'P2' });
    const pending = notificationFor('R-1', '91', { payId: 'P2' });
    for (const sequence of permutations([declined, paid, paid, pending, declined])) {
      expect(finalState(sequence)).toBe('paid');
    }
  });

  it.each([
    [['2', '1', '0'], 'declined'],
    [['61', '81'], 'refund_pending'],
    [['6', '8'], 'refunded'],
  ])('states that share a rank settle the same way in every order: %j → %s', (statuses, end) => {
    const set = statuses.map((status) => notificationFor('R-1', status));
    for (const sequence of permutations(set)) expect(finalState(sequence)).toBe(end);
  });

  it('a late pending never undoes paid', () => {
    expect(finalState([notificationFor('R-1', '9'), notificationFor('R-1', '51')])).toBe('paid');
  });
});
