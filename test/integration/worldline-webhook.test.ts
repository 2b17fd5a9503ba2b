import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import { METRICS } from '../../lib/observability/metrics.js';
import { scanAll, transactionIn } from '../support/account-calls.js';
import { captureOutput } from '../support/capture-output.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable, storedItem } from '../support/local-table.js';
import { jsonLines, publishedMetrics } from '../support/log-lines.js';
import { writeAccountsFile } from '../support/two-accounts.js';
import { mixedAccountsDocument, registerInWorldline } from '../support/worldline-accounts.js';
import {
  BODY_SHAPES,
  deliverWebhook,
  type EventFields,
  eventBody,
  signedFor,
} from '../support/worldline-webhooks.js';
import { uniqueReference } from './fixtures.js';

/**
 * POST /payment/worldline/{account}/webhook through its handler, against DynamoDB Local: signed
 * Worldline Direct events go through the same state machine as Ogone's feedback, each answered
 * 200 whatever it did, each recorded once in its account, with the same outcomes, anomalies and
 * metrics.
 */
let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('worldline-webhook');
  useHandlerEnvironment(table, { ACCOUNTS_FILE: writeAccountsFile(mixedAccountsDocument()) });
});
// Stops the output capture even when an assertion failed first.
afterEach(() => {
  vi.restoreAllMocks();
});

const deliver = async (fields: EventFields, shape: 'plain' | 'base64' = 'plain') => {
  const response = await deliverWebhook('nl', signedFor('nl', eventBody(fields)), { shape });
  expect(response.statusCode, response.body).toBe(200);
  expect(JSON.parse(response.body ?? '')).toEqual({ received: true });
  return response;
};

/** The transaction JSON's notifications, with the fields these tests read. */
const notificationsOf = async (reference: string) =>
  (await transactionIn('nl', reference)).notifications as unknown as readonly {
    readonly outcome: string;
    readonly ogoneStatus: string;
  }[];

const registered = async (prefix: string, amount = '42.50') => {
  const reference = uniqueReference(prefix);
  expect((await registerInWorldline('nl', reference, amount)).created).toBe(true);
  return reference;
};

describe('a payment event', () => {
  it.each(BODY_SHAPES)('payment.captured makes it paid (%s body)', async (shape) => {
    const reference = await registered('cap');
    await deliver({ reference, statusCode: 9 }, shape);
    const transaction = await transactionIn('nl', reference);
    expect(transaction).toMatchObject({ account: 'nl', provider: 'worldline', state: 'paid' });
    expect(transaction.notifications).toEqual([
      expect.objectContaining({ outcome: 'applied', source: 'webhook', ogoneStatus: '9' }),
    ]);
    // The payment id without its operation suffix plays PAYID's part.
    expect(transaction).toMatchObject({ payId: '3136405348' });
  });

  it('takes status when the code is one the table does not know', async () => {
    const reference = await registered('status');
    await deliver({ reference, statusCode: 1000, status: 'CAPTURED', type: 'payment.captured' });
    expect((await transactionIn('nl', reference)).state).toBe('paid');
  });

  it('redelivered with the same event id is a duplicate: one record, nothing changed', async () => {
    const reference = await registered('dup');
    const body = eventBody({ reference, statusCode: 9 });
    expect((await deliverWebhook('nl', signedFor('nl', body))).statusCode).toBe(200);
    const once = await scanAll(table);
    const logs = captureOutput();
    for (const shape of BODY_SHAPES) {
      const again = await deliverWebhook('nl', signedFor('nl', body), { shape });
      expect(again.statusCode).toBe(200);
    }
    expect(await scanAll(table)).toBe(once);
    const transaction = await transactionIn('nl', reference);
    expect(transaction.notifications).toHaveLength(1);
    expect(publishedMetrics(logs)).toEqual([METRICS.duplicate, METRICS.duplicate]);
  });

  it('arriving out of order is stale: captured, then pending_capture, stays paid', async () => {
    const reference = await registered('order');
    await deliver({ reference, statusCode: 9 });
    await deliver({ reference, statusCode: 5, paymentId: '3136405348_0' });
    expect((await transactionIn('nl', reference)).state).toBe('paid');
    expect((await notificationsOf(reference)).map((n) => n.outcome)).toEqual(['applied', 'stale']);
  });

  it('for an amount other than the registered one holds the transaction in review', async () => {
    const reference = await registered('amount');
    const logs = captureOutput();
    await deliver({ reference, statusCode: 9, amount: 4251 });
    const transaction = await transactionIn('nl', reference);
    expect(transaction.state).toBe('review');
    expect(transaction).toMatchObject({ anomalies: [{ type: 'amount_mismatch' }] });
    expect(publishedMetrics(logs)).toEqual([METRICS.amountMismatch]);
    const line = jsonLines(logs).find((entry) => entry.message === 'Notification needs attention');
    expect(line).toMatchObject({ account: 'nl', reference, outcome: 'amount_mismatch' });
    expect(line?.via).toBe('webhook');
  });

  it('in another currency is an amount mismatch too', async () => {
    const reference = await registered('currency');
    await deliver({ reference, statusCode: 9, currency: 'USD' });
    expect((await transactionIn('nl', reference)).state).toBe('review');
  });

  it('from a second payment id paying the same reference is a double payment', async () => {
    const reference = await registered('double');
    await deliver({ reference, statusCode: 9, paymentId: '3136405348_1' });
    const logs = captureOutput();
    await deliver({ reference, statusCode: 9, paymentId: '4000000001_1' });
    const transaction = await transactionIn('nl', reference);
    expect(transaction).toMatchObject({ anomalies: [{ type: 'double_payment' }] });
    expect((await notificationsOf(reference)).map((n) => n.outcome)).toEqual([
      'applied',
      'double_payment',
    ]);
    expect(publishedMetrics(logs)).toEqual([METRICS.doublePayment]);
  });

  it('the capture of the payment that was authorised is the same payment, not a second', async () => {
    const reference = await registered('same');
    await deliver({ reference, statusCode: 5, paymentId: '3136405348_0' });
    await deliver({ reference, statusCode: 9, paymentId: '3136405348_1' });
    const transaction = await transactionIn('nl', reference);
    expect(transaction).toMatchObject({ state: 'paid', anomalies: [] });
  });
});

describe('refund events', () => {
  it('refund.refund_requested, then refund.refunded: refund_pending, then refunded', async () => {
    const reference = await registered('refund');
    await deliver({ reference, statusCode: 9 });
    await deliver({ reference, statusCode: 81 });
    expect((await transactionIn('nl', reference)).state).toBe('refund_pending');
    await deliver({ reference, statusCode: 8 });
    expect((await transactionIn('nl', reference)).state).toBe('refunded');
    expect((await notificationsOf(reference)).map((n) => n.ogoneStatus)).toEqual(['9', '81', '8']);
  });

  it('a refused refund leaves the payment paid', async () => {
    const reference = await registered('refused');
    await deliver({ reference, statusCode: 9 });
    await deliver({ reference, statusCode: 83 });
    expect((await transactionIn('nl', reference)).state).toBe('paid');
  });
});

describe('an event for a reference nobody registered', () => {
  it('is kept as an unmatched transaction with its anomaly, and alarmed', async () => {
    const reference = uniqueReference('unmatched');
    const logs = captureOutput();
    await deliver({ reference, statusCode: 9 }, 'base64');
    const transaction = await transactionIn('nl', reference);
    expect(transaction).toMatchObject({
      account: 'nl',
      provider: 'worldline',
      state: 'paid',
      unmatched: true,
      registration: null,
      anomalies: [{ type: 'unmatched' }],
    });
    expect(publishedMetrics(logs)).toEqual([METRICS.applied, METRICS.unmatched]);
    const unmatched = jsonLines(logs).find((line) => line.unmatched === true);
    expect(unmatched).toMatchObject({ level: 'ERROR', account: 'nl', reference });
    // Stored under the account's own key, as any transaction of a non-default account.
    expect(await storedItem(table, `nl${KEY_SEPARATOR}${reference}`)).toBeDefined();
    expect(await storedItem(table, reference)).toBeUndefined();
  });
});
