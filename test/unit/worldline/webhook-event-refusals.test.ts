import { describe, expect, it } from 'vitest';
import { EVENT_PROBLEMS, WebhookEventError } from '../../../lib/worldline/errors.js';
import { MAX_JSON_DEPTH, MAX_WEBHOOK_BODY_BYTES } from '../../../lib/worldline/event-json.js';
import { capturedPayment, eventJson, parse, problemOf } from './support/verified-body.js';

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

  it.each([
    ['at the top', '{"id":"n","type":"token.x","merchantId":"A","merchantId":"B"}'],
    ['the same value twice', '{"id":"n","id":"n","type":"token.x"}'],
    ['nested', '{"id":"n","type":"token.x","a":{"b":1,"c":[{"d":1,"d":2}]}}'],
    ['spelled with an escape', '{"id":"n","type":"token.x","\\u0069d":"m"}'],
    ['after a string holding a quote and braces', '{"id":"n","type":"token.x","s":"\\"}{,","s":1}'],
  ])('a key repeated %s is ambiguous', (_case, body) => {
    expect(problemOf(body)).toBe(EVENT_PROBLEMS.duplicateKey);
  });

  it.each([
    ['in sibling objects', '{"id":"n","type":"token.x","a":{"k":1},"b":{"k":2}}'],
    ['in objects of an array', '{"id":"n","type":"token.x","a":[{"k":1},{"k":2}]}'],
    ['as a value', '{"id":"n","type":"token.x","k":"k","j":["k","k"]}'],
    ['in a parent and its child', '{"id":"n","type":"token.x","a":{"id":"m","a":1}}'],
  ])('a key seen again %s is no repetition', (_case, body) => {
    expect(problemOf(body)).toBe('none');
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
