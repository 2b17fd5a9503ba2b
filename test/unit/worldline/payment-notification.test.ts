import { describe, expect, it } from 'vitest';
import { statusEffect } from '../../../lib/ogone/status-table.js';
import { WorldlineAnswerError } from '../../../lib/worldline/errors.js';
import {
  eventNotification,
  paymentNotification,
} from '../../../lib/worldline/payment-notification.js';
import type { WorldlinePayment } from '../../../lib/worldline/read-answer.js';
import { EVENT_KINDS, type PaymentEvent } from '../../../lib/worldline/webhook-event.js';

const event = (overrides: Partial<PaymentEvent> = {}): PaymentEvent => ({
  id: '34b8a607-1fce-4003-b3ae-a4d29e92b232',
  type: 'payment.captured',
  created: '2026-12-01T10:00:00.000+0100',
  merchantId: 'ShopNL',
  kind: EVENT_KINDS.payment,
  reference: 'ORDER-7',
  amount: '42.5',
  minorAmount: 4250,
  currency: 'EUR',
  paymentId: '3066019730_1',
  payId: '3066019730',
  statusCode: '9',
  status: 'CAPTURED',
  ...overrides,
});

const payment = (overrides: Partial<WorldlinePayment> = {}): WorldlinePayment => ({
  id: '3066019730_0',
  statusCode: 5,
  status: 'PENDING_CAPTURE',
  amount: '42.5',
  currency: 'EUR',
  reference: 'ORDER-7',
  ...overrides,
});

describe('eventNotification', () => {
  it('keeps the event id, and takes status, amount, currency and PAYID from the event', () => {
    expect(eventNotification(event(), 'ORDER-7')).toMatchObject({
      id: '34b8a607-1fce-4003-b3ae-a4d29e92b232',
      orderId: 'ORDER-7',
      status: '9',
      amount: '42.5',
      currency: 'EUR',
      payId: '3066019730',
      ncError: undefined,
      cardNumber: undefined,
    });
  });

  it('falls back on the status when the code is absent', () => {
    const mapped = eventNotification(event({ statusCode: undefined, status: 'REJECTED' }), 'R');
    expect(statusEffect(mapped.status)).toEqual(statusEffect('2'));
  });
});

describe('paymentNotification', () => {
  it('maps the payment and uses its id without the operation suffix as PAYID', () => {
    const notification = paymentNotification(payment(), 'ORDER-7');
    expect(notification).toMatchObject({
      orderId: 'ORDER-7',
      status: '5',
      amount: '42.5',
      currency: 'EUR',
      payId: '3066019730',
    });
    expect(notification.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives the same observation the same id, and any change another', () => {
    const id = paymentNotification(payment(), 'ORDER-7').id;
    expect(paymentNotification(payment(), 'ORDER-7').id).toBe(id);
    const changed = [
      payment({ statusCode: 9, status: 'CAPTURED' }),
      payment({ amount: '42.51' }),
      payment({ currency: 'USD' }),
      payment({ id: '3066019731_0' }),
    ].map((other) => paymentNotification(other, 'ORDER-7').id);
    expect(new Set([id, ...changed]).size).toBe(5);
  });

  it('refuses a payment that names another merchantReference than the one asked about', () => {
    expect(() => paymentNotification(payment({ reference: 'ORDER-8' }), 'ORDER-7')).toThrow(
      WorldlineAnswerError,
    );
    expect(paymentNotification(payment({ reference: undefined }), 'ORDER-7').orderId).toBe(
      'ORDER-7',
    );
  });

  it('never collides with a webhook event about the same payment', () => {
    expect(paymentNotification(payment(), 'ORDER-7').id).not.toBe(event().id);
  });
});
