import { describe, expect, it } from 'vitest';
import { parseWebhookEvent } from '../../../lib/worldline/webhook-event.js';
import { IGNORED_BECAUSE, webhookTarget } from '../../../lib/worldline/webhook-target.js';
import {
  capturedPayment,
  eventJson,
  requestedRefund,
  verifiedBody,
} from './support/verified-body.js';

const targetOf = (fields: Record<string, unknown>) =>
  webhookTarget(parseWebhookEvent(verifiedBody(eventJson(fields))));

describe('webhookTarget', () => {
  it('a payment event with a merchantReference is for that reference', () => {
    const target = targetOf({ type: 'payment.captured', payment: capturedPayment() });
    expect(target).toMatchObject({ kind: 'payment', reference: 'ORDER-1' });
    expect(target.kind === 'payment' && target.event.statusCode).toBe('9');
  });

  it('a refund event with a merchantReference is for that reference', () => {
    const target = targetOf({ type: 'refund.refund_requested', refund: requestedRefund() });
    expect(target).toMatchObject({ kind: 'payment', reference: 'ORDER-1' });
  });

  it.each([
    ['payout.created', { payout: { id: 'p-1' } }],
    ['token.created', { token: { id: 't-1' } }],
    ['paymentlink.paid', { paymentLink: { id: 'l-1' } }],
  ])('%s is about no payment of ours', (type, resource) => {
    expect(targetOf({ type, ...resource })).toEqual({
      kind: 'ignored',
      because: IGNORED_BECAUSE.notPayment,
    });
  });

  it.each([
    ['payment.captured', 'payment', capturedPayment],
    ['refund.refunded', 'refund', requestedRefund],
  ] as const)('%s without a merchantReference names no transaction', (type, name, resource) => {
    const output = name === 'payment' ? 'paymentOutput' : 'refundOutput';
    const base: Record<string, unknown> = resource();
    const withoutReference = {
      ...base,
      [output]: { ...(base[output] as Record<string, unknown>), references: {} },
    };
    expect(targetOf({ type, [name]: withoutReference })).toEqual({
      kind: 'ignored',
      because: IGNORED_BECAUSE.noReference,
    });
  });
});
