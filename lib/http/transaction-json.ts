import type { RegistrationDetails, Transaction } from '../transactions/transaction.js';

/**
 * The transaction as the contract names it (docs/api.md §5). Internal attributes, like the paying
 * PAYID kept for double-payment checks, stay out of it.
 */
export const transactionJson = (transaction: Transaction) => ({
  account: transaction.account,
  provider: transaction.provider,
  reference: transaction.reference,
  state: transaction.state,
  amount: transaction.amount,
  currency: transaction.currency,
  ogoneStatus: transaction.ogoneStatus,
  payId: transaction.payId,
  ncError: transaction.ncError,
  brand: transaction.brand,
  paymentMethod: transaction.paymentMethod,
  cardNumber: transaction.cardNumber,
  cardHolder: transaction.cardHolder,
  alias: transaction.alias,
  savedCard: transaction.savedCard,
  unmatched: transaction.unmatched,
  createdAt: transaction.createdAt,
  updatedAt: transaction.updatedAt,
  notifications: transaction.notifications.map((notification) => ({
    id: notification.id,
    receivedAt: notification.receivedAt,
    ogoneStatus: notification.ogoneStatus,
    payId: notification.payId,
    outcome: notification.outcome,
    source: notification.source,
  })),
  // Records that left the bounded history (history-window.ts), counted by outcome; anomalies too.
  droppedNotifications: transaction.droppedNotifications,
  anomalies: transaction.anomalies,
  droppedAnomalies: transaction.droppedAnomalies,
  // What the merchant registered (without the generated alias), so that a repeated registration
  // can send the very same body; null for an unmatched transaction.
  registration: registrationJson(transaction.registration),
  // The worldline checkout's id, which Worldline's portal shows; never its RETURNMAC, which
  // authenticates the shopper's return and is kept for that check only.
  hostedCheckoutId: transaction.hostedCheckout?.id ?? null,
});

const registrationJson = (details: RegistrationDetails | null) => {
  if (details === null) return null;
  const { alias: _alias, ...rest } = details;
  return rest;
};

export const jsonResponse = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});
