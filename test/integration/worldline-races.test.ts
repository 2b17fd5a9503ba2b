import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeWorldline } from '../../scripts/lib/fake-worldline.js';
import type { FakeCheckout, FakeStatusCode } from '../../scripts/lib/fake-worldline-bodies.js';
import { transactionIn } from '../support/account-calls.js';
import { runReconcile } from '../support/handler-calls.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import {
  type CheckoutWorld,
  onlyCheckout,
  registeredCheckout,
  resultOf,
  shopperReturns,
  startCheckoutWorld,
} from '../support/worldline-checkout.js';
import { deliverWebhook, eventBody, signedFor } from '../support/worldline-webhooks.js';
import { uniqueReference } from './fixtures.js';

/**
 * One Worldline Direct payment told three ways at once, as happens in production: the signed
 * webhook (delivered more than once), the shopper's return (reloaded), and a reconciliation run
 * asking the Payments API, all through the real handlers against DynamoDB Local and the fake.
 * Whatever the interleaving, the payment is applied exactly once, each distinct notification is
 * recorded once, the state ends where the highest-ranked status puts it, and no anomaly is
 * raised for what is one payment.
 */
let table: LocalTable;
let world: CheckoutWorld;
let fake: FakeWorldline;

/** Registration answers 15.10 EUR: Worldline says it in minor units. */
const MINOR_AMOUNT = 1510;

interface StoredRecord {
  readonly id: string;
  readonly outcome: string;
  readonly source: string;
  readonly ogoneStatus: string;
}
interface StoredTransaction {
  readonly state: string;
  readonly payId: string | null;
  readonly notifications: readonly StoredRecord[];
  readonly anomalies: readonly { readonly type: string }[];
}

beforeAll(async () => {
  table = await createLocalTable('wl-races');
  world = await startCheckoutWorld(table);
  fake = world.fake;
  // Reconciliation asks at once here: in AWS it waits RECONCILE_MIN_AGE_MINUTES.
  world.configure({ RECONCILE_MIN_AGE_MINUTES: '0' });
});
afterAll(async () => {
  await fake.stop();
  table.client.destroy();
});

const stored = async (reference: string) =>
  (await transactionIn('nl', reference)) as unknown as StoredTransaction;

/** A registered nl transaction whose hosted checkout the shopper has paid with `code`. */
const paidCheckout = async (prefix: string, code: FakeStatusCode) => {
  const reference = uniqueReference(prefix);
  await registeredCheckout('nl', reference);
  const checkout: FakeCheckout = onlyCheckout(fake, 'nl', reference);
  fake.pay(checkout.hostedCheckoutId, code);
  const paymentId = checkout.payment?.id;
  if (paymentId === undefined) throw new Error('the fake made no payment');
  return { reference, checkout, paymentId };
};

/** The webhook Worldline sends about that payment, signed with nl's current key. */
const webhookAbout = (
  reference: string,
  paymentId: string,
  statusCode: number,
  fields: { readonly id?: string; readonly type?: string } = {},
) =>
  signedFor('nl', eventBody({ reference, statusCode, paymentId, amount: MINOR_AMOUNT, ...fields }));

const outcomes = (transaction: StoredTransaction) =>
  transaction.notifications.map((record) => record.outcome);

describe('the webhook, the return and reconciliation of one payment, at once', () => {
  it('apply a captured payment once, however often each of them arrives', async () => {
    const { reference, checkout, paymentId } = await paidCheckout('race-all', 9);
    const webhook = webhookAbout(reference, paymentId, 9);
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () => deliverWebhook('nl', webhook)),
      ...Array.from({ length: 3 }, () => shopperReturns('nl', checkout)),
      runReconcile(),
      runReconcile(),
    ]);
    for (const answer of answers.slice(0, 3)) {
      expect((answer as { statusCode?: number }).statusCode).toBe(200);
    }
    for (const answer of answers.slice(3, 6)) {
      expect(resultOf(answer as Parameters<typeof resultOf>[0], 'nl')).toEqual({
        reference,
        state: 'paid',
      });
    }
    const transaction = await stored(reference);
    expect(transaction.state).toBe('paid');
    expect(transaction.payId).toBe(checkout.hostedCheckoutId);
    // Two distinct notifications: the event (its id), and the Payments API's account of the
    // payment, the same whether the return or reconciliation asked. One of them applied.
    expect(transaction.notifications).toHaveLength(2);
    expect(outcomes(transaction).filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(new Set(transaction.notifications.map((record) => record.id)).size).toBe(2);
    expect(transaction.notifications.map((record) => record.source)).toContain('webhook');
    expect(transaction.anomalies).toEqual([]);
  });

  it.each([1, 2, 3, 4])(
    'end paid when a late pending_capture webhook races the captured payment (round %i)',
    async () => {
      const { reference, checkout, paymentId } = await paidCheckout('race-order', 9);
      const pending = webhookAbout(reference, paymentId, 5);
      const captured = webhookAbout(reference, paymentId, 9);
      const answers = await Promise.all([
        deliverWebhook('nl', captured),
        deliverWebhook('nl', pending),
        shopperReturns('nl', checkout),
        runReconcile(),
        deliverWebhook('nl', pending),
      ]);
      expect([answers[0], answers[1], answers[4]].map((a) => a?.statusCode)).toEqual([
        200, 200, 200,
      ]);
      const transaction = await stored(reference);
      expect(transaction.state).toBe('paid');
      // Three distinct notifications (two events, the API's answer), each recorded once.
      expect(transaction.notifications).toHaveLength(3);
      const applied = transaction.notifications.filter((record) => record.outcome === 'applied');
      // The capture is applied once; a pending_capture that landed first may have been applied
      // before it (authorized, then paid), never after it.
      expect(applied.filter((record) => record.ogoneStatus === '9')).toHaveLength(1);
      expect(applied.at(-1)?.ogoneStatus).toBe('9');
      expect(transaction.anomalies).toEqual([]);
    },
  );

  it('end refunded when the refund webhook races a reloaded return and reconciliation', async () => {
    const { reference, checkout, paymentId } = await paidCheckout('race-refund', 9);
    expect((await deliverWebhook('nl', webhookAbout(reference, paymentId, 9))).statusCode).toBe(
      200,
    );
    const base = paymentId.replace(/_[0-9]+$/, '');
    const refund = webhookAbout(reference, `${base}_2`, 8, { type: 'refund.refunded' });
    await Promise.all([
      deliverWebhook('nl', refund),
      shopperReturns('nl', checkout),
      runReconcile(),
      deliverWebhook('nl', refund),
      shopperReturns('nl', checkout),
    ]);
    const transaction = await stored(reference);
    expect(transaction.state).toBe('refunded');
    expect(
      transaction.notifications.filter(
        (record) => record.outcome === 'applied' && record.ogoneStatus === '8',
      ),
    ).toHaveLength(1);
    expect(transaction.anomalies).toEqual([]);
  });

  it('record a second payment of one reference as a double payment, whichever lands first', async () => {
    const { reference, checkout, paymentId } = await paidCheckout('race-double', 9);
    const other = `${Number(checkout.hostedCheckoutId) + 7_000_000}_0`;
    await Promise.all([
      deliverWebhook('nl', webhookAbout(reference, other, 9)),
      shopperReturns('nl', checkout),
      deliverWebhook('nl', webhookAbout(reference, paymentId, 9)),
    ]);
    const transaction = await stored(reference);
    expect(transaction.state).toBe('paid');
    // Whichever payment landed first is the paying one; each notification of the other (the
    // event, or both the event and the API's answer) raises its own double_payment anomaly.
    const types = transaction.anomalies.map((anomaly) => anomaly.type);
    expect(types.length).toBeGreaterThanOrEqual(1);
    expect(new Set(types)).toEqual(new Set(['double_payment']));
  });
});
