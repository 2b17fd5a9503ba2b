import { describe, expect, it } from 'vitest';
import {
  NO_PAYMENT_REASONS,
  WorldlineNoPaymentError,
} from '../../../lib/worldline/unknown-checkout.js';

describe('WorldlineNoPaymentError', () => {
  it('names the reference, the checkout and its status, for the log line', () => {
    const error = new WorldlineNoPaymentError(NO_PAYMENT_REASONS.noPayment, 'R1', {
      id: '4000000100',
      status: 'CANCELLED_BY_CONSUMER',
    });
    expect(error.name).toBe('WorldlineNoPaymentError');
    expect(error.reason).toBe('no_payment');
    expect(error.context).toEqual({
      reason: 'no_payment',
      reference: 'R1',
      hostedCheckoutId: '4000000100',
      checkoutStatus: 'CANCELLED_BY_CONSUMER',
    });
  });

  it('logs a status only when it is shaped like one', () => {
    for (const status of ['in progress', 'X'.repeat(65), 'IN_PROGRESS\n{"level":"ERROR"}', '']) {
      const error = new WorldlineNoPaymentError(NO_PAYMENT_REASONS.noPayment, 'R1', {
        id: '1',
        status,
      });
      expect(error.context.checkoutStatus).toBe('unreadable');
    }
  });

  it('says when there was no hosted checkout to ask about', () => {
    const error = new WorldlineNoPaymentError(NO_PAYMENT_REASONS.noHostedCheckout, 'R2');
    expect(error.message).toBe('The transaction has no hosted checkout to ask Worldline about');
    expect(error.context).toEqual({ reason: 'no_hosted_checkout', reference: 'R2' });
  });
});
