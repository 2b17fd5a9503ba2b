import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EVENT_PROBLEMS,
  type EventProblem,
  MerchantMismatchError,
  WebhookBodyTooLargeError,
  WebhookEventError,
} from '../../../lib/worldline/errors.js';
import { MAX_JSON_DEPTH, MAX_WEBHOOK_BODY_BYTES } from '../../../lib/worldline/event-json.js';
import { assertEventMerchant, parseWebhookEvent } from '../../../lib/worldline/webhook-event.js';
import {
  capturedPayment,
  eventJson,
  requestedRefund,
  verifiedBody,
} from './support/verified-body.js';

const parse = (body: string | Buffer) => parseWebhookEvent(verifiedBody(body));

const problemOf = (body: string | Buffer): EventProblem | 'too_large' | 'none' => {
  try {
    parse(body);
    return 'none';
  } catch (error) {
    if (error instanceof WebhookEventError) return error.problem;
    if (error instanceof WebhookBodyTooLargeError) return 'too_large';
    throw error;
  }
};

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

describe('webhook event: refusals', () => {
  const nested = (depth: number) =>
    `{"id":"n","type":"token.created","x":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  it.each([
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), EVENT_PROBLEMS.encoding],
    ['empty', '', EVENT_PROBLEMS.notJson],
    ['not JSON', 'id=1&type=payment.captured', EVENT_PROBLEMS.notJson],
    ['truncated JSON', '{"id":"n","type":"payment.captured"', EVENT_PROBLEMS.notJson],
    ['an array', '[{"id":"n","type":"payment.captured"}]', EVENT_PROBLEMS.notObject],
    ['a string', '"payment.captured"', EVENT_PROBLEMS.notObject],
    ['null', 'null', EVENT_PROBLEMS.notObject],
    ['no id', eventJson({ id: undefined, type: 'token.created' }), EVENT_PROBLEMS.missingField],
    ['null id', eventJson({ id: null, type: 'token.created' }), EVENT_PROBLEMS.missingField],
    ['a numeric id', eventJson({ id: 7, type: 'token.created' }), EVENT_PROBLEMS.invalidField],
    ['an empty id', eventJson({ id: '', type: 'token.created' }), EVENT_PROBLEMS.invalidField],
    ['an id with a space', eventJson({ id: 'a b', type: 'token.created' }), 'invalid_field'],
    ['no type', eventJson({}), EVENT_PROBLEMS.missingField],
    ['a type without a dot', eventJson({ type: 'payment' }), EVENT_PROBLEMS.invalidField],
    ['an uppercase type', eventJson({ type: 'Payment.Captured' }), 'invalid_field'],
    ['a numeric merchantId', eventJson({ type: 'token.x', merchantId: 1 }), 'invalid_field'],
    ['a payment event without payment', eventJson({ type: 'payment.captured' }), 'missing_field'],
    ['a refund event without refund', eventJson({ type: 'refund.refunded' }), 'missing_field'],
    ['payment as an array', eventJson({ type: 'payment.captured', payment: [] }), 'invalid_field'],
    [
      'a prototype key at the top',
      `{"id":"n","type":"token.x","__proto__":{"a":1}}`,
      'forbidden_key',
    ],
    [
      'a nested constructor key',
      `{"id":"n","type":"token.x","a":{"constructor":1}}`,
      'forbidden_key',
    ],
    ['a number past 2^53', `{"id":"n","type":"token.x","a":9007199254740993}`, 'unsafe_number'],
    ['a number that is Infinity', `{"id":"n","type":"token.x","a":1e400}`, 'unsafe_number'],
    ['nesting one level too deep', nested(MAX_JSON_DEPTH + 1), EVENT_PROBLEMS.tooDeep],
  ] as const)('%s → %s', (_case, body, problem) => {
    expect(problemOf(body)).toBe(problem);
  });

  it('nesting at the limit is fine, and brackets inside strings do not count', () => {
    expect(problemOf(nested(MAX_JSON_DEPTH))).toBe('none');
    const text = `{"id":"n","type":"token.x","s":"${'['.repeat(100)}\\"{{{"}`;
    expect(problemOf(text)).toBe('none');
  });

  const payment = (fields: Record<string, unknown>) =>
    eventJson({ type: 'payment.captured', payment: capturedPayment(fields) });
  const output = (amountOfMoney: unknown, references: unknown = {}) =>
    payment({ paymentOutput: { amountOfMoney, references } });

  it.each([
    ['a negative amount', output({ amount: -1, currencyCode: 'EUR' })],
    ['a fractional amount', output({ amount: 10.5, currencyCode: 'EUR' })],
    ['an amount as text', output({ amount: '4250', currencyCode: 'EUR' })],
    ['a lowercase currency', output({ amount: 1, currencyCode: 'eur' })],
    ['amountOfMoney as text', output('42.50 EUR')],
    ['an empty merchantReference', output({}, { merchantReference: '' })],
    ['a numeric merchantReference', output({}, { merchantReference: 42 })],
    ['a merchantReference with a control character', output({}, { merchantReference: 'A\u001fB' })],
    ['a merchantReference with a newline', output({}, { merchantReference: 'A\nB' })],
    ['a merchantReference too long', output({}, { merchantReference: 'R'.repeat(257) })],
    ['a numeric payment id', payment({ id: 3136405348 })],
    ['a statusCode as text', payment({ statusOutput: { statusCode: '9' } })],
    ['a negative statusCode', payment({ statusOutput: { statusCode: -9 } })],
    ['a lowercase status', payment({ status: 'captured' })],
    ['statusOutput as a number', payment({ statusOutput: 9 })],
  ])('%s is invalid', (_case, body) => {
    expect(problemOf(body)).toBe(EVENT_PROBLEMS.invalidField);
  });

  it('errors name the field and never its value', () => {
    try {
      parse(output({}, { merchantReference: 'SECRET-REF\u0000' }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookEventError);
      const context = (error as WebhookEventError).context;
      expect(context).toEqual({
        problem: 'invalid_field',
        field: 'payment.paymentOutput.references.merchantReference',
      });
      expect(String(error)).not.toContain('SECRET-REF');
    }
  });
});

describe('webhook event: size limit', () => {
  const padded = (size: number) => {
    const base = eventJson({ type: 'token.created', pad: '' });
    return base.replace('"pad":""', `"pad":"${'x'.repeat(size - base.length)}"`);
  };

  it('takes a body of exactly the limit', () => {
    const body = padded(MAX_WEBHOOK_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(MAX_WEBHOOK_BODY_BYTES);
    expect(problemOf(body)).toBe('none');
  });

  it('refuses one byte more as too large, before reading it as JSON', () => {
    expect(problemOf(padded(MAX_WEBHOOK_BODY_BYTES + 1))).toBe('too_large');
    expect(problemOf(Buffer.alloc(MAX_WEBHOOK_BODY_BYTES + 1, 0xff))).toBe('too_large');
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
