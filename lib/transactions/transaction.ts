import type { Provider } from '../accounts/account.js';
import type { TransactionState } from './states.js';

/** What one distinct verified notification did (docs/api.md §7). Duplicates are not recorded. */
export const OUTCOMES = {
  applied: 'applied',
  stale: 'stale',
  amountMismatch: 'amount_mismatch',
  doublePayment: 'double_payment',
  noChange: 'no_change',
  unknownStatus: 'unknown_status',
  /** A paying status without a PAYID: it could be a second payment, so a person decides. */
  missingPayId: 'missing_pay_id',
} as const;

export type NotificationOutcome = (typeof OUTCOMES)[keyof typeof OUTCOMES];

/**
 * Where a status came from: Ogone's signed feedback, our own DirectLink status query, a signed
 * Worldline Direct webhook, the shopper's return from Hosted Checkout (its status asked of the
 * Payments API), or reconciliation through the Payments API.
 */
export const NOTIFICATION_SOURCES = {
  feedback: 'feedback',
  directlink: 'directlink',
  webhook: 'webhook',
  checkoutReturn: 'checkout_return',
  paymentsApi: 'payments_api',
} as const;

export type NotificationSource = (typeof NOTIFICATION_SOURCES)[keyof typeof NOTIFICATION_SOURCES];

export interface NotificationRecord {
  readonly id: string;
  readonly receivedAt: string;
  readonly ogoneStatus: string;
  readonly payId: string | null;
  readonly outcome: NotificationOutcome;
  readonly source: NotificationSource;
}

/** Things a person should look at; each also raises an alert when it is recorded. */
export const ANOMALY_TYPES = {
  amountMismatch: 'amount_mismatch',
  doublePayment: 'double_payment',
  unmatched: 'unmatched',
  unknownStatus: 'unknown_status',
  missingPayId: 'missing_pay_id',
  /** Reconciliation gave up: still open at Ogone's end (or unknown there) after the maximum age. */
  reconcileExpired: 'reconcile_expired',
} as const;

export type AnomalyType = (typeof ANOMALY_TYPES)[keyof typeof ANOMALY_TYPES];

export interface Anomaly {
  readonly type: AnomalyType;
  readonly notificationId: string;
  readonly detectedAt: string;
  readonly detail: string;
}

export const OPERATIONS = { sale: 'SAL', authorization: 'RES' } as const;
export type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS];

/** What the merchant told us when registering, kept to build Ogone's payment request. */
export interface RegistrationDetails {
  readonly name?: string;
  readonly email?: string;
  readonly address?: string;
  readonly zip?: string;
  readonly town?: string;
  readonly country?: string;
  readonly phone?: string;
  readonly language?: string;
  readonly operation: Operation;
  readonly saveCard: boolean;
  /** The ALIAS we asked Ogone to save the card under, when `saveCard` was requested. */
  readonly alias?: string;
}

/** A card Ogone saved under an ALIAS, as a verified payment notification described it. */
export interface SavedCard {
  readonly alias: string;
  /** Masked as Ogone sends it (`XXXXXXXXXXXX1111`); a full number is never stored. */
  readonly cardNumber: string | null;
  readonly brand: string | null;
  readonly expiry: string | null;
  readonly cardHolder: string | null;
}

/**
 * A Worldline Direct Hosted Checkout, created once per transaction at registration. RETURNMAC
 * authenticates the shopper's return (docs/worldline.md): it is kept for that check only and is
 * never part of the transaction's JSON, a log line or an event.
 */
export interface HostedCheckout {
  readonly id: string;
  /** Where the shopper's browser goes to pay. */
  readonly redirectUrl: string;
  readonly returnMac: string;
}

/** Every outcome but `applied` may leave the history (history-window.ts says which and why). */
export type DroppableOutcome = Exclude<NotificationOutcome, typeof OUTCOMES.applied>;

export type DroppedNotifications = Readonly<Record<DroppableOutcome, number>>;

/** How many anomalies of each type left the kept list (history-window.ts). */
export type DroppedAnomalies = Readonly<Record<AnomalyType, number>>;

export interface Transaction {
  /** The merchant account it belongs to: (account, reference) identifies a transaction. */
  readonly account: string;
  readonly provider: Provider;
  readonly reference: string;
  readonly state: TransactionState;
  /** Canonical decimal in major units; for an unmatched transaction, the first notification's. */
  readonly amount: string | null;
  readonly currency: string | null;
  readonly ogoneStatus: string | null;
  readonly payId: string | null;
  readonly ncError: string | null;
  readonly brand: string | null;
  readonly paymentMethod: string | null;
  readonly cardNumber: string | null;
  readonly cardHolder: string | null;
  readonly alias: string | null;
  readonly expiry: string | null;
  /**
   * The paying PAYID: the first one an `authorized` or `paid` notification with the registered
   * amount carried, applied or not. Set once; any other paying PAYID is a double payment.
   */
  readonly paidPayId: string | null;
  readonly unmatched: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The kept history (see history-window.ts): the first, the significant and the latest. */
  readonly notifications: readonly NotificationRecord[];
  /** How many records, by outcome, left the kept history. */
  readonly droppedNotifications: DroppedNotifications;
  /** The kept anomalies (history-window.ts): the first and the latest of each type. */
  readonly anomalies: readonly Anomaly[];
  /** How many anomalies, by type, left the kept list. */
  readonly droppedAnomalies: DroppedAnomalies;
  readonly registration: RegistrationDetails | null;
  readonly savedCard: SavedCard | null;
  /** The Worldline Hosted Checkout registration created (worldline accounts); else null. */
  readonly hostedCheckout: HostedCheckout | null;
}
