import type { OgoneNotification } from '../ogone/notification.js';
import type { TransactionRepository } from '../transactions/port.js';
import type { StatusQuery } from '../transactions/reconcile.js';
import { NOTIFICATION_SOURCES } from '../transactions/transaction.js';
import { WorldlineAnswerError } from './errors.js';
import { paymentNotification } from './payment-notification.js';
import type { PaymentsApi } from './payments-api.js';
import { NO_PAYMENT_REASONS, WorldlineNoPaymentError } from './unknown-checkout.js';

/**
 * Reconciliation's question to Worldline Direct for one account: the transaction's stored hosted
 * checkout, asked of the Payments API (bounded by the client's timeout), its payment as the
 * notification the state machine takes, recorded as `payments_api`. The same payment in the same
 * status gives the same notification id, so asking again records nothing new.
 */
export const worldlineStatusQuery = (
  repository: Pick<TransactionRepository, 'get'>,
  api: Pick<PaymentsApi, 'getHostedCheckout'>,
): StatusQuery => ({
  source: NOTIFICATION_SOURCES.paymentsApi,
  query: async (reference: string): Promise<OgoneNotification> => {
    const checkout = (await repository.get(reference))?.hostedCheckout ?? null;
    if (checkout === null) {
      throw new WorldlineNoPaymentError(NO_PAYMENT_REASONS.noHostedCheckout, reference);
    }
    const answer = await api.getHostedCheckout(checkout.id);
    if (answer.payment === undefined) {
      throw new WorldlineNoPaymentError(NO_PAYMENT_REASONS.noPayment, reference, {
        id: checkout.id,
        status: answer.status,
      });
    }
    // The checkout was stored for this reference; a payment naming another one is not recorded
    // on it (a mix-up in storage or at Worldline is for a person, not a state change).
    const named = answer.payment.reference;
    if (named !== undefined && named !== reference) {
      throw new WorldlineAnswerError(
        "Worldline's getHostedCheckout answer names another merchantReference",
        { context: { reference, hostedCheckoutId: checkout.id } },
      );
    }
    return paymentNotification(answer.payment, reference);
  },
});
