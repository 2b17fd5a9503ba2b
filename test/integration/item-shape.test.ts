import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { independentSign } from '../support/independent-signer.js';
import { createLocalTable, type LocalTable, storedItem } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

type Item = Record<string, AttributeValue>;

let table: LocalTable;
beforeAll(async () => {
  table = await createLocalTable('shape');
});
afterAll(() => {
  table.client.destroy();
});

const PASSPHRASE = 'Item-Shape-Passphrase-2026!';

/** A notification that went through the real verification path, with the signature it carried. */
const signedNotification = (
  reference: string,
  status: string,
  extra: Record<string, string> = {},
): { notification: OgoneNotification; shasign: string } => {
  const params: Record<string, string> = {
    ORDERID: reference,
    STATUS: status,
    AMOUNT: '15.10',
    CURRENCY: 'EUR',
    PAYID: '3000001',
    NCERROR: '0',
    BRAND: 'VISA',
    PM: 'CreditCard',
    CARDNO: 'XXXXXXXXXXXX1111',
    CN: 'Jane Doe',
    ED: '1230',
    ACCEPTANCE: 'test123',
    TRXDATE: '11/27/26',
    ...extra,
  };
  const shasign = independentSign(params, PASSPHRASE, 'sha512');
  const body = new URLSearchParams({ ...params, SHASIGN: shasign }).toString();
  const notification = readVerifiedNotification(
    { query: new Uint8Array(), body: Buffer.from(body, 'latin1') },
    { passphrases: [PASSPHRASE], algorithm: 'sha512' },
  );
  return { notification, shasign };
};

const rawItem = async (reference: string): Promise<Item> => {
  const item = await storedItem(table, reference);
  if (item === undefined) throw new Error(`${reference} is not stored`);
  return item;
};

/**
 * Every attribute, at any depth, holds exactly one defined DynamoDB type, never NULL, never an
 * empty or placeholder string, never an empty map or set. Lists may be empty (a history to come).
 */
const expectNoEmptyValues = (value: AttributeValue, path: string): void => {
  const types = Object.entries(value).filter(([, content]) => content !== undefined);
  expect(
    types.map(([type]) => type),
    path,
  ).toHaveLength(1);
  const [type, content] = types[0] as [string, unknown];
  expect(type, path).not.toBe('NULL');
  if (type === 'S') {
    expect(content, path).not.toBe('');
    expect(['undefined', 'null', '[object Object]'], path).not.toContain(content);
  }
  if (type === 'SS' || type === 'NS')
    expect((content as unknown[]).length, path).toBeGreaterThan(0);
  if (type === 'M') {
    const entries = Object.entries(content as Item);
    expect(entries.length, path).toBeGreaterThan(0);
    for (const [key, inner] of entries) expectNoEmptyValues(inner, `${path}.${key}`);
  }
  if (type === 'L') {
    (content as AttributeValue[]).forEach((inner, index) => {
      expectNoEmptyValues(inner, `${path}[${index}]`);
    });
  }
};

const expectNoSecrets = (item: Item, shasign: string): void => {
  const text = JSON.stringify(item);
  expect(text).not.toMatch(/shasign/i);
  expect(text).not.toMatch(/passphrase/i);
  expect(text).not.toContain(PASSPHRASE);
  expect(text.toUpperCase()).not.toContain(shasign.toUpperCase());
};

describe('the stored DynamoDB item', () => {
  it('of a registered transaction after feedback has the documented types', async () => {
    const reference = uniqueReference('shape');
    await registerPayment(table.repository, reference, '15.10', 'EUR');
    const { notification: paid, shasign } = signedNotification(reference, '9');
    const { notification: late, shasign: lateSign } = signedNotification(reference, '51');
    await processNotification(table.repository, paid, feedbackContext());
    await processNotification(table.repository, late, feedbackContext());

    const item = await rawItem(reference);
    expect(item.notificationIds).toEqual({ SS: expect.any(Array) });
    expect([...(item.notificationIds?.SS ?? [])].sort()).toEqual([paid.id, late.id].sort());
    // The stored rank is the total order: protocol rank × 10 + tie-break (states.ts ORDER).
    expect(item.rank).toEqual({ N: '400' });
    expect(item.state).toEqual({ S: 'paid' });
    expect(item.amount).toEqual({ S: '15.1' });
    expect(item.currency).toEqual({ S: 'EUR' });
    expect(item.unmatched).toEqual({ BOOL: false });
    expect(item.paidPayId).toEqual({ S: '3000001' });
    expect(item.notifications?.L).toHaveLength(2);
    expect(item.notifications?.L?.[0]?.M).toMatchObject({
      id: { S: paid.id },
      ogoneStatus: { S: '9' },
      payId: { S: '3000001' },
      outcome: { S: 'applied' },
      source: { S: 'feedback' },
    });
    // ALIAS was not sent: the attribute is absent, not empty.
    expect(item).not.toHaveProperty('alias');
    for (const [name, value] of Object.entries(item)) expectNoEmptyValues(value, name);
    expectNoSecrets(item, shasign);
    expectNoSecrets(item, lateSign);
  });

  it('of an unmatched transaction with anomalies has the documented types', async () => {
    const reference = uniqueReference('shape2');
    const { notification: paid, shasign } = signedNotification(reference, '9');
    await processNotification(table.repository, paid, feedbackContext());
    const other = notificationFor(reference, '9', { payId: '3000002' });
    await processNotification(table.repository, other, feedbackContext());
    const unknown = notificationFor(reference, '42', { payId: undefined, cardNumber: undefined });
    await processNotification(table.repository, unknown, feedbackContext());

    const item = await rawItem(reference);
    expect(item.notificationIds).toEqual({ SS: expect.any(Array) });
    expect([...(item.notificationIds?.SS ?? [])].sort()).toEqual(
      [paid.id, other.id, unknown.id].sort(),
    );
    // The stored rank is the total order: protocol rank × 10 + tie-break (states.ts ORDER).
    expect(item.rank).toEqual({ N: '400' });
    expect(item.unmatched).toEqual({ BOOL: true });
    expect(item.anomalies?.L?.map((anomaly) => anomaly.M?.type)).toEqual([
      { S: 'unmatched' },
      { S: 'double_payment' },
      { S: 'unknown_status' },
    ]);
    // A notification without PAYID records none, rather than an empty or null one.
    expect(item.notifications?.L?.[2]?.M).not.toHaveProperty('payId');
    expect(item).not.toHaveProperty('registration');
    for (const [name, value] of Object.entries(item)) expectNoEmptyValues(value, name);
    expectNoSecrets(item, shasign);
  });

  it('of a transaction only registered holds rank 0 and no notification ids yet', async () => {
    const reference = uniqueReference('shape3');
    await registerPayment(table.repository, reference);
    const item = await rawItem(reference);
    expect(item.rank).toEqual({ N: '0' });
    expect(item.state).toEqual({ S: 'created' });
    expect(item).not.toHaveProperty('notificationIds');
    expect(item.registration?.M).toMatchObject({
      name: { S: 'Jane Doe' },
      operation: { S: 'SAL' },
      saveCard: { BOOL: false },
    });
    for (const [name, value] of Object.entries(item)) expectNoEmptyValues(value, name);
  });
});
