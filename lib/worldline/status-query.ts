import type { OgoneNotification } from '../ogone/notification.js';
import type { TransactionRepository } from '../transactions/port.js';
import type { StatusQuery } from '../transactions/reconcile.js';
import { NOTIFICATION_SOURCES } from '../transactions/transaction.js';
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
    // A payment naming another merchantReference is refused there (a mix-up is for a person).
    return paymentNotification(answer.payment, reference);
  },
});
