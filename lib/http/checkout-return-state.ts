import { logger } from '../observability/logger.js';
import { count } from '../observability/metrics.js';
import { reportNotification } from '../observability/report-notification.js';
import type { TransactionRepository } from '../transactions/port.js';
import { processNotification } from '../transactions/process-notification.js';
import type { TransactionState } from '../transactions/states.js';
import {
  type HostedCheckout,
  NOTIFICATION_SOURCES,
  type Transaction,
} from '../transactions/transaction.js';
import { paymentNotification } from '../worldline/payment-notification.js';
import type { PaymentsApi } from '../worldline/payments-api.js';
import { mapError } from './error-response.js';

/** Worldline's checkout statuses are capitals and underscores; anything else is logged as such. */
const STATUS = /^[A-Z_]{1,64}$/;

/**
 * Logged and counted, never answered: the shopper is still sent on with the state as recorded.
 * The metric is the one the error's HTTP mapping names (a Payments API failure, storage), so a
 * failure counts the same here as where it is answered.
 */
const reportFailure = (
  message: string,
  error: unknown,
  fields: { readonly account: string; readonly reference: string },
): void => {
  const { metric } = mapError(error);
  if (metric !== undefined) count(metric);
  logger.error(message, {
    ...fields,
    error: error instanceof Error ? error.name : 'UnknownError',
    reason: error instanceof Error ? error.message : '',
    context: (error as { context?: unknown } | null)?.context,
  });
};

/**
 * The state a verified return shows the shopper. The Payments API says what became of the
 * checkout (bounded by the client's timeout); a payment it names goes through the state machine
 * like any other notification, and is recorded once however often the shopper reloads. A slow or
 * failing API, or storage failing now, costs only the update: the state as recorded is shown,
 * and the webhook or reconciliation settles the payment later. Never throws.
 */
export const checkoutReturnState = async (
  api: PaymentsApi,
  repository: TransactionRepository,
  verified: { readonly transaction: Transaction; readonly checkout: HostedCheckout },
  account: string,
): Promise<TransactionState> => {
  const { transaction, checkout } = verified;
  const fields = { account, reference: transaction.reference };
  let status: Awaited<ReturnType<PaymentsApi['getHostedCheckout']>>;
  try {
    status = await api.getHostedCheckout(checkout.id);
  } catch (error) {
    reportFailure('Hosted checkout status unavailable: the recorded state is shown', error, fields);
    return transaction.state;
  }
  if (status.payment === undefined) {
    // IN_PROGRESS, CANCELLED_BY_CONSUMER (the shopper may still pay on the same checkout), …:
    // no payment is nothing to record.
    logger.info('Hosted checkout without a payment', {
      ...fields,
      checkoutStatus: STATUS.test(status.status) ? status.status : 'other',
    });
    return transaction.state;
  }
  try {
    const notification = paymentNotification(status.payment, transaction.reference);
    const result = await processNotification(repository, notification, {
      nowIso: new Date().toISOString(),
      source: NOTIFICATION_SOURCES.checkoutReturn,
    });
    reportNotification(notification, result, NOTIFICATION_SOURCES.checkoutReturn, account);
    return result.transaction.state;
  } catch (error) {
    reportFailure(
      'Hosted checkout status not recorded: the recorded state is shown',
      error,
      fields,
    );
    return transaction.state;
  }
};
