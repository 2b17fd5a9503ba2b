import { createHash } from 'node:crypto';
import type { OgoneNotification } from '../ogone/notification.js';
import { WorldlineAnswerError } from './errors.js';
import type { WorldlinePayment } from './read-answer.js';
import { mapEventStatus } from './status-mapping.js';
import { EVENT_KINDS, type PaymentEvent, payIdOf } from './webhook-event.js';

/**
 * What Worldline Direct said about a payment, as the notification the state machine takes
 * (lib/transactions/process-notification.ts): the Ogone STATUS the status mapping chose, the
 * amount and currency to check against the registration, and the payment id without its
 * operation suffix as PAYID. Fields only Ogone sends (NCERROR, card details) stay undefined.
 */
const notification = (
  id: string,
  reference: string,
  status: string,
  fields: Pick<OgoneNotification, 'amount' | 'currency' | 'payId'>,
): OgoneNotification => ({
  id,
  orderId: reference,
  status,
  amount: fields.amount,
  currency: fields.currency,
  payId: fields.payId,
  ncError: undefined,
  brand: undefined,
  paymentMethod: undefined,
  cardNumber: undefined,
  cardHolder: undefined,
  alias: undefined,
  expiry: undefined,
  acceptance: undefined,
  transactionDate: undefined,
});

/** A signed webhook event about a payment or refund: its own id is the notification id. */
export const eventNotification = (event: PaymentEvent, reference: string): OgoneNotification =>
  notification(event.id, reference, mapEventStatus(event).status, {
    amount: event.amount,
    currency: event.currency,
    payId: event.payId,
  });

/**
 * A payment as the Payments API described it (the shopper's return, reconciliation). It has no
 * event id, so it is known by what it says: the same payment in the same status, amount and
 * currency is the same notification however often it is asked, and is recorded once. It was
 * asked about by the checkout stored with `reference`: a payment naming another merchantReference
 * is refused (WorldlineAnswerError), never recorded, since its PAYID would become the paying one
 * and the real payment would then look like a second.
 */
export const paymentNotification = (
  payment: WorldlinePayment,
  reference: string,
): OgoneNotification => {
  if (payment.reference !== undefined && payment.reference !== reference) {
    throw new WorldlineAnswerError("Worldline's answer names another merchantReference", {
      context: { reference },
    });
  }
  const statusCode = payment.statusCode === undefined ? undefined : String(payment.statusCode);
  const { status } = mapEventStatus({
    kind: EVENT_KINDS.payment,
    statusCode,
    status: payment.status,
  });
  const hash = createHash('sha256');
  for (const part of ['worldline-payment', payment.id, status, payment.amount, payment.currency]) {
    const text = part ?? '';
    hash.update(`${text.length}:${text}`);
  }
  return notification(hash.digest('hex').slice(0, 32), reference, status, {
    amount: payment.amount,
    currency: payment.currency,
    payId: payIdOf(payment.id),
  });
};
