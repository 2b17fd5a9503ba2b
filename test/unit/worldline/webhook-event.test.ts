import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MerchantMismatchError } from '../../../lib/worldline/errors.js';
import { assertEventMerchant } from '../../../lib/worldline/webhook-event.js';
import {
  capturedPayment,
  eventJson,
  parse,
  problemOf,
  requestedRefund,
} from './support/verified-body.js';

describe('webhook event: readable events', () => {
  it("reads the SDK's 2017 payment.paid event", () => {
    const body = readFileSync(
      new URL('../../fixtures/worldline/sdk-payment-paid.body', import.meta.url),
    );
    expect(parse(body)).toEqual({
      kind: 'payment',
      id: '8ee793f6-4553-4749-85dc-f2ef095c5ab0',
      type: 'payment.paid',
      created: '2017-02-02T11:24:14.040+0100',
      merchantId: '20000',
      // It names only a paymentReference: no merchantReference, so no registered reference.
      reference: undefined,
      amount: '10',
      minorAmount: 1000,
      currency: 'EUR',
      paymentId: '00000200000143570012',
      payId: '00000200000143570012',
      statusCode: '1000',
      status: 'PAID',
    });
  });

  it('reads a payment.captured event', () => {
    const event = parse(eventJson({ type: 'payment.captured', payment: capturedPayment() }));
    expect(event).toEqual({
      kind: 'payment',
      id: '34b8a607-1fce-4003-b3ae-a4d29e92b232',
      type: 'payment.captured',
      created: '2026-12-01T10:15:00.123+0100',
      merchantId: 'ShopNL',
      reference: 'ORDER-1',
      amount: '42.5',
      minorAmount: 4250,
      currency: 'EUR',
      paymentId: '3136405348_1',
      payId: '3136405348',
      statusCode: '9',
      status: 'CAPTURED',
    });
  });

  it('reads a refund.refund_requested event from its refund object', () => {
    const event = parse(eventJson({ type: 'refund.refund_requested', refund: requestedRefund() }));
    expect(event).toMatchObject({
      kind: 'refund',
      reference: 'ORDER-1',
      amount: '42.5',
      currency: 'EUR',
      paymentId: '3136405348_2',
      payId: '3136405348',
      statusCode: '81',
      status: 'REFUND_REQUESTED',
    });
  });

  it('the authorisation and the capture of one payment share a payId', () => {
    const ids = ['3136405348_0', '3136405348_1'].map((id) => {
      const event = parse(
        eventJson({ type: 'payment.captured', payment: capturedPayment({ id }) }),
      );
      return event.kind === 'other' ? undefined : event.payId;
    });
    expect(ids).toEqual(['3136405348', '3136405348']);
  });

  it.each([
    ['JPY', 1000, '1000'],
    ['KWD', 1500, '1.5'],
    ['XDR', 1500, undefined],
  ])('converts %s %i with its exponent to %s', (currencyCode, amount, decimal) => {
    const payment = capturedPayment({
      paymentOutput: { amountOfMoney: { amount, currencyCode }, references: {} },
    });
    const event = parse(eventJson({ type: 'payment.captured', payment }));
    expect(event).toMatchObject({ amount: decimal, minorAmount: amount, currency: currencyCode });
  });

  it('leaves absent optional fields undefined', () => {
    const event = parse(eventJson({ type: 'payment.created', payment: { id: '1_0' } }));
    expect(event).toMatchObject({
      kind: 'payment',
      reference: undefined,
      amount: undefined,
      minorAmount: undefined,
      currency: undefined,
      statusCode: undefined,
      status: undefined,
    });
  });

  it.each([
    'payout.paid',
    'token.created',
    'paymentlink.created',
    'dispute.opened',
    'wallet3ds.v2_done',
  ])('%s is not a payment event', (type) => {
    const event = parse(eventJson({ type, payout: { id: 'x' } }));
    expect(event).toEqual({
      kind: 'other',
      id: '34b8a607-1fce-4003-b3ae-a4d29e92b232',
      type,
      created: '2026-12-01T10:15:00.123+0100',
      merchantId: 'ShopNL',
    });
  });

  it('a UTF-8 byte order mark is not part of the JSON text', () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(eventJson({ type: 'token.created' })),
    ]);
    expect(problemOf(body)).toBe('none');
  });
});

describe('webhook event: merchant check', () => {
  const event = parse(eventJson({ type: 'token.created' }));

  it("passes the account's own merchantId", () => {
    expect(() => assertEventMerchant(event, 'ShopNL')).not.toThrow();
  });

  it.each(['ShopBE', 'shopnl', 'ShopNL ', ''])('refuses %j', (merchantId) => {
    expect(() => assertEventMerchant(event, merchantId)).toThrow(MerchantMismatchError);
  });

  it('refuses an event that names no merchant', () => {
    const anonymous = parse(eventJson({ type: 'token.created', merchantId: undefined }));
    expect(() => assertEventMerchant(anonymous, 'ShopNL')).toThrow(MerchantMismatchError);
  });
});
