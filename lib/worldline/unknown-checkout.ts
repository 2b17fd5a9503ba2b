import { ContextualError } from '../shared/contextual-error.js';
import { WorldlineNotFoundError } from './errors.js';

/** Why Worldline has no payment to tell of for a transaction. */
export const NO_PAYMENT_REASONS = {
  /** The registration stored no hosted checkout (its create failed): nothing to ask about. */
  noHostedCheckout: 'no_hosted_checkout',
  /** The checkout exists but holds no payment: the shopper has not paid, or gave up. */
  noPayment: 'no_payment',
} as const;

export type NoPaymentReason = (typeof NO_PAYMENT_REASONS)[keyof typeof NO_PAYMENT_REASONS];

/** A hosted checkout status is logged only when it is shaped like one (IN_PROGRESS, …). */
const STATUS = /^[A-Z_]{1,64}$/;

/**
 * Worldline's counterpart of Ogone's "unknown order" (lib/directlink/unknown-order.ts): no
 * payment exists for the transaction, which nearly always means an abandoned checkout. Its
 * context names the reference, the checkout id and its status; never the RETURNMAC or a secret.
 */
export class WorldlineNoPaymentError extends ContextualError {
  public constructor(
    public readonly reason: NoPaymentReason,
    reference: string,
    checkout?: { readonly id: string; readonly status: string },
  ) {
    super(
      reason === NO_PAYMENT_REASONS.noHostedCheckout
        ? 'The transaction has no hosted checkout to ask Worldline about'
        : 'Worldline has no payment on the hosted checkout yet',
      {
        context:
          checkout === undefined
            ? { reason, reference }
            : {
                reason,
                reference,
                hostedCheckoutId: checkout.id,
                checkoutStatus: STATUS.test(checkout.status) ? checkout.status : 'unreadable',
              },
      },
    );
  }
}

/**
 * Reconciliation asks about such a transaction less often, as about an order Ogone does not
 * know: no payment yet, no checkout to ask about, or a checkout Worldline does not know (404).
 */
export const isUnknownCheckout = (error: unknown): boolean =>
  error instanceof WorldlineNoPaymentError || error instanceof WorldlineNotFoundError;
