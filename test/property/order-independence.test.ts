import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import {
  type ProcessResult,
  processNotification,
} from '../../lib/transactions/process-notification.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import type { Transaction } from '../../lib/transactions/transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { localClient } from '../../scripts/lib/dynamodb-local.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import {
  createLocalTable,
  type LocalTable,
  storedItem,
  storedTransaction,
} from '../support/local-table.js';
import { PROTOCOL_RANK } from '../support/protocol-ranks.js';
import { PROTOCOL_NO_CHANGE, PROTOCOL_STATE_OF_STATUS } from '../support/protocol-statuses.js';

/**
 * Ogone delivers the same notifications two to six times, in any order, sometimes concurrently
 * (docs/protocol.md §2). Against DynamoDB Local: whatever the order and repeats, a transaction ends
 * as one duplicate-free sequential delivery leaves it, and every distinct notification is
 * recorded exactly once.
 */
const PASSPHRASE = 'order-independence-passphrase';
const KEYS = { passphrases: [PASSPHRASE], algorithm: 'sha512' } as const;
const REGISTERED = { amount: '15.10', currency: 'EUR' } as const;

/** States of docs/protocol.md §4 (one written-out copy for all suites). */
const STATE_OF = PROTOCOL_STATE_OF_STATUS;
// The protocol's ranks (one written-out copy for all suites); review holds above all.
const RANK: Readonly<Record<string, number>> = { ...PROTOCOL_RANK, review: 1000 };
const NO_CHANGE = PROTOCOL_NO_CHANGE;
const UNKNOWN = ['3', '42', '999', '09'];

/** Every common path: pending, uncertain, declined, authorised, paid, no change, unknown. */
const CORE_STATUSES = ['5', '9', '2', '51', '91', '52', '94', '83', '42', '999'];
const ALL_STATUSES = [...Object.keys(STATE_OF), ...NO_CHANGE, ...UNKNOWN];

interface Spec {
  readonly status: string;
  readonly amount: string;
  readonly currency: string;
  readonly payId: string;
}

const keyOf = (spec: Spec): string =>
  `${spec.status}|${spec.amount}|${spec.currency}|${spec.payId}`;

/** `15.1`, `15.10` and `15.100` sign different bytes but are the registered amount. */
const money = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      { amount: '15.1', currency: 'EUR' },
      { amount: '15.10', currency: 'EUR' },
      { amount: '15.100', currency: 'EUR' },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { amount: '1510', currency: 'EUR' },
      { amount: '15.11', currency: 'EUR' },
      { amount: '15.1', currency: 'USD' },
      { amount: '0.151', currency: 'EUR' },
    ),
  },
);

const specs = (statuses: readonly string[]) =>
  fc.uniqueArray(
    fc
      .record({
        status: fc.constantFrom(...statuses),
        money,
        // An empty PAYID is not signed at all: a paying status without PAYID (held in review).
        payId: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom('3000001', '3000002', '3000003') },
          { weight: 1, arbitrary: fc.constant('') },
        ),
      })
      .map(
        ({ status, money: { amount, currency }, payId }): Spec => ({
          status,
          amount,
          currency,
          payId,
        }),
      ),
    { minLength: 1, maxLength: 6, selector: keyOf },
  );

/** Distinct notifications, then each delivered 1 to 3 times, all of it in any order. */
const scenario = (statuses: readonly string[]) =>
  specs(statuses).chain((distinct) =>
    fc
      .array(fc.integer({ min: 1, max: 3 }), {
        minLength: distinct.length,
        maxLength: distinct.length,
      })
      .chain((copies) => {
        const deliveries = distinct.flatMap((_, index) =>
          Array.from({ length: copies[index] ?? 1 }, () => index),
        );
        return fc
          .shuffledSubarray(deliveries, {
            minLength: deliveries.length,
            maxLength: deliveries.length,
          })
          .map((order) => ({ distinct, order }));
      }),
  );

const REGISTERED_SPELLINGS: ReadonlySet<string> = new Set(['15.1', '15.10', '15.100']);

const isRegisteredAmount = (spec: Spec): boolean =>
  spec.currency === 'EUR' && REGISTERED_SPELLINGS.has(spec.amount);

const PAYING_STATES: ReadonlySet<string> = new Set(['authorized', 'paid']);

/** Payments with the registered amount: the ones whose PAYIDs are compared. */
const payingSpecs = (distinct: readonly Spec[]): Spec[] =>
  distinct.filter(
    (spec) => isRegisteredAmount(spec) && PAYING_STATES.has(STATE_OF[spec.status] ?? ''),
  );

/** Two PAYIDs paid or authorized the same order: alerted in every delivery order (issue 9 §4). */
const doublePaymentExpected = (distinct: readonly Spec[]): boolean =>
  new Set(payingSpecs(distinct).flatMap((spec) => (spec.payId === '' ? [] : [spec.payId]))).size >=
  2;

/**
 * The protocol's answer, independent of the code under test: a signed amount other than the
 * registered one, or a payment without PAYID, holds the transaction in review; otherwise the
 * highest-ranked state reached. A second PAYID never blocks a higher rank (it is alerted, and
 * the state still rises), so it never lowers that maximum.
 */
const finalStatesAllowed = (distinct: readonly Spec[]): string[] => {
  if (distinct.some((spec) => !isRegisteredAmount(spec))) return ['review'];
  if (payingSpecs(distinct).some((spec) => spec.payId === '')) return ['review'];
  const states = distinct.flatMap((spec) => {
    const state = STATE_OF[spec.status];
    return state === undefined ? [] : [state];
  });
  const top = Math.max(0, ...states.map((state) => RANK[state] ?? 0));
  const best = states.filter((state) => RANK[state] === top);
  return best.length === 0 ? ['created'] : [...new Set(best)];
};

let table: LocalTable;
const writers: DynamoDbTransactionRepository[] = [];
const clients: DynamoDBClient[] = [];
let tick = 0;

beforeAll(async () => {
  table = await createLocalTable('order');
  // Separate clients (separate connection pools), so that concurrent deliveries really race.
  for (let i = 0; i < 4; i++) {
    const client = localClient(table.endpoint);
    clients.push(client);
    writers.push(new DynamoDbTransactionRepository(client, table.tableName));
  }
});
afterAll(() => {
  for (const client of [...clients, table.client]) client.destroy();
});

const context = () => {
  tick += 1;
  return {
    nowIso: new Date(Date.UTC(2026, 0, 1) + tick * 1000).toISOString(),
    source: 'feedback' as const,
  };
};

const freshReference = (label: string): string =>
  `OI-${label}-${randomUUID().replaceAll('-', '').slice(0, 16)}`;

const register = async (reference: string): Promise<void> => {
  await registerTransaction(
    table.repository,
    validateRegistration({ reference, ...REGISTERED }),
    context().nowIso,
  );
};

/** A notification as the protocol layer reads it from a signed form: its id is the real one. */
const notificationOf = (reference: string, spec: Spec): OgoneNotification =>
  readVerifiedNotification(
    {
      query: Buffer.alloc(0),
      body: Buffer.from(
        signedForm(
          feedbackParams(reference, spec.status, {
            amount: spec.amount,
            currency: spec.currency,
            PAYID: spec.payId,
          }),
          PASSPHRASE,
        ),
      ),
    },
    KEYS,
  );

const stored = (reference: string): Promise<Transaction> =>
  storedTransaction(table.repository, reference);

/** The item's own id set, which the conditional writes test: it must match the history. */
const storedIdSet = async (reference: string): Promise<string[]> =>
  [...((await storedItem(table, reference))?.notificationIds?.SS ?? [])].sort();

interface Delivered {
  readonly transaction: Transaction;
  /** Spec key → what the stored history says the notification did. */
  readonly outcomes: ReadonlyMap<string, string>;
  readonly results: readonly { readonly key: string; readonly result: ProcessResult }[];
}

const deliver = async (
  label: string,
  distinct: readonly Spec[],
  order: readonly number[],
  mode: 'sequential' | 'concurrent',
): Promise<Delivered> => {
  const reference = freshReference(label);
  await register(reference);
  const notifications = distinct.map((spec) => notificationOf(reference, spec));
  const keyOfId = new Map(notifications.map((n, index) => [n.id, keyOf(distinct[index] as Spec)]));
  const one = (index: number, position: number) =>
    processNotification(
      writers[position % writers.length] as DynamoDbTransactionRepository,
      { ...(notifications[index] as OgoneNotification) },
      context(),
    ).then((result) => ({ key: keyOf(distinct[index] as Spec), result }));
  const results: { key: string; result: ProcessResult }[] = [];
  if (mode === 'sequential') {
    for (const [position, index] of order.entries()) results.push(await one(index, position));
  } else {
    results.push(...(await Promise.all(order.map((index, position) => one(index, position)))));
  }
  const transaction = await stored(reference);

  // Each distinct notification exactly once, in the history and in the item's id set.
  const ids = transaction.notifications.map((record) => record.id);
  expect(ids).toHaveLength(distinct.length);
  expect([...ids].sort()).toEqual([...keyOfId.keys()].sort());
  expect(await storedIdSet(reference)).toEqual([...ids].sort());
  // Each caller was told what was recorded, once; its repeats were told `duplicate`.
  for (const record of transaction.notifications) {
    const key = keyOfId.get(record.id) as string;
    const told = results.filter((r) => r.key === key).map((r) => r.result.outcome);
    expect(told.filter((outcome) => outcome !== 'duplicate')).toEqual([record.outcome]);
  }
  // In turn, the decision taken on the returned item always holds. Racing, a second write can
  // lose once more: a payment's claim of the paying PAYID, or a rise under a second PAYID.
  expect(results.every((r) => r.result.writes <= (mode === 'sequential' ? 2 : 3))).toBe(true);
  return {
    transaction,
    outcomes: new Map(
      transaction.notifications.map((record) => [keyOfId.get(record.id) as string, record.outcome]),
    ),
    results,
  };
};

/**
 * Applied entries, in history order: one per state change. Ranks never fall, and no state is
 * entered twice, so within a shared rank (docs/protocol.md §5 gives some states one rank) the state
 * cannot swing back and forth either.
 */
const expectAppliedClimb = (transaction: Transaction): void => {
  const applied = transaction.notifications
    .filter((record) => record.outcome === 'applied')
    .map((record) => STATE_OF[record.ogoneStatus] ?? `no state for STATUS ${record.ogoneStatus}`);
  expect(new Set(applied).size).toBe(applied.length);
  const ranks = applied.map((state) => RANK[state]);
  expect(ranks).toEqual([...ranks].sort((a = 0, b = 0) => a - b));
  expect(ranks.every((rank) => rank !== undefined && rank > 0)).toBe(true);
  if (transaction.state !== 'review') {
    expect(applied.at(-1) ?? 'created').toBe(transaction.state);
  }
};

/** Outcomes that no order can change: a mismatched amount, a status with no state, an unknown. */
const ORDER_FREE_OUTCOMES = new Set([
  'amount_mismatch',
  'no_change',
  'unknown_status',
  'missing_pay_id',
]);

const compare = (canonical: Delivered, shuffled: Delivered, distinct: readonly Spec[]): void => {
  const allowed = finalStatesAllowed(distinct);
  expect(allowed).toContain(canonical.transaction.state);
  expect(shuffled.transaction.state).toBe(canonical.transaction.state);
  expect([...shuffled.outcomes.keys()].sort()).toEqual([...canonical.outcomes.keys()].sort());
  for (const [key, outcome] of canonical.outcomes) {
    if (ORDER_FREE_OUTCOMES.has(outcome)) expect(shuffled.outcomes.get(key)).toBe(outcome);
  }
  const orderFreeAnomalies = (delivered: Delivered) =>
    delivered.transaction.anomalies
      .filter((anomaly) => anomaly.type !== 'double_payment')
      .map((anomaly) => anomaly.type)
      .sort();
  expect(orderFreeAnomalies(shuffled)).toEqual(orderFreeAnomalies(canonical));
  // How many double payments depends on which PAYID came first; whether there is one does not.
  for (const delivered of [canonical, shuffled]) {
    const types = delivered.transaction.anomalies.map((anomaly) => anomaly.type);
    expect(types.includes('double_payment')).toBe(doublePaymentExpected(distinct));
  }
  for (const delivered of [canonical, shuffled]) {
    expect(delivered.transaction).toMatchObject({ unmatched: false, amount: '15.1' });
    expectAppliedClimb(delivered.transaction);
  }
};

const canonicalOrder = (distinct: readonly Spec[]): number[] =>
  distinct
    .map((spec, index) => ({ key: keyOf(spec), index }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ index }) => index);

describe('any order, any repeats, one final state', () => {
  it('sequential shuffled deliveries with repeats end as one canonical delivery', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(CORE_STATUSES), async ({ distinct, order }) => {
        const canonical = await deliver('c', distinct, canonicalOrder(distinct), 'sequential');
        const shuffled = await deliver('s', distinct, order, 'sequential');
        compare(canonical, shuffled, distinct);
        expect(shuffled.results.filter((r) => r.result.outcome === 'duplicate')).toHaveLength(
          order.length - distinct.length,
        );
      }),
      { numRuns: 35 },
    );
  }, 120_000);

  it('the same over the whole status table, states that share a rank included', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(ALL_STATUSES), async ({ distinct, order }) => {
        const canonical = await deliver('c', distinct, canonicalOrder(distinct), 'sequential');
        const shuffled = await deliver('s', distinct, order, 'sequential');
        compare(canonical, shuffled, distinct);
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('concurrent shuffled deliveries with repeats end as one canonical delivery', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(CORE_STATUSES), async ({ distinct, order }) => {
        const canonical = await deliver('c', distinct, canonicalOrder(distinct), 'sequential');
        const raced = await deliver('r', distinct, order, 'concurrent');
        compare(canonical, raced, distinct);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
