import { DEFAULT_ACCOUNT_ID, isProvider } from '../accounts/account.js';
import { isTransactionState, STATES } from '../transactions/states.js';
import {
  type Anomaly,
  type AnomalyType,
  type DroppableOutcome,
  type HostedCheckout,
  type NotificationOutcome,
  type NotificationRecord,
  type NotificationSource,
  OPERATIONS,
  type Operation,
  type RegistrationDetails,
  type SavedCard,
  type Transaction,
} from '../transactions/transaction.js';
import {
  bool,
  type Item,
  map,
  readBool,
  readMap,
  readMaps,
  readNumber,
  readString,
  stringMap,
} from './attribute-values.js';
import { referenceOfKey } from './item-key.js';

/** Attribute names of a transaction item, shared by the codec and the expression builders. */
export const ATTR = {
  /** The partition key: the reference, prefixed by the account unless it is `default` (item-key.ts). */
  reference: 'reference',
  /** Absent on items stored before accounts: those are the `default` account's, at ogone. */
  account: 'account',
  provider: 'provider',
  state: 'state',
  rank: 'rank',
  amount: 'amount',
  currency: 'currency',
  ogoneStatus: 'ogoneStatus',
  payId: 'payId',
  ncError: 'ncError',
  brand: 'brand',
  paymentMethod: 'paymentMethod',
  cardNumber: 'cardNumber',
  cardHolder: 'cardHolder',
  alias: 'alias',
  expiry: 'expiry',
  paidPayId: 'paidPayId',
  unmatched: 'unmatched',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  notifications: 'notifications',
  notificationIds: 'notificationIds',
  /** Counts of records that left the bounded history, by outcome (absent means 0). */
  droppedStale: 'droppedStale',
  droppedNoChange: 'droppedNoChange',
  droppedAmountMismatch: 'droppedAmountMismatch',
  droppedDoublePayment: 'droppedDoublePayment',
  droppedUnknownStatus: 'droppedUnknownStatus',
  droppedMissingPayId: 'droppedMissingPayId',
  /** Counts of anomalies that left the bounded list, by type (absent means 0). */
  droppedAnomaliesAmountMismatch: 'droppedAnomaliesAmountMismatch',
  droppedAnomaliesDoublePayment: 'droppedAnomaliesDoublePayment',
  droppedAnomaliesUnmatched: 'droppedAnomaliesUnmatched',
  droppedAnomaliesUnknownStatus: 'droppedAnomaliesUnknownStatus',
  droppedAnomaliesMissingPayId: 'droppedAnomaliesMissingPayId',
  droppedAnomaliesReconcileExpired: 'droppedAnomaliesReconcileExpired',
  anomalies: 'anomalies',
  registration: 'registration',
  savedCard: 'savedCard',
  /** A worldline registration's hosted checkout: id, redirectUrl, returnMac. */
  hostedCheckout: 'hostedCheckout',
  /** Set only while the state is `created` or `pending`: the key of the sparse open index. */
  openBucket: 'openBucket',
  /** Reconciliation asks again no earlier than this (ISO 8601); projected into the open index. */
  nextCheckAt: 'nextCheckAt',
  /**
   * Raised by one on every write, inside that write (DynamoDB serialises writes to an item): a
   * state change event carries it, so consumers can drop an event older than one they have.
   */
  version: 'version',
} as const;

/** Where each droppable outcome's count is kept (history-window.ts). */
export const DROPPED_ATTR: Readonly<Record<DroppableOutcome, string>> = {
  stale: ATTR.droppedStale,
  no_change: ATTR.droppedNoChange,
  amount_mismatch: ATTR.droppedAmountMismatch,
  double_payment: ATTR.droppedDoublePayment,
  unknown_status: ATTR.droppedUnknownStatus,
  missing_pay_id: ATTR.droppedMissingPayId,
};

/** Where each anomaly type's count of dropped anomalies is kept (history-window.ts). */
export const DROPPED_ANOMALY_ATTR: Readonly<Record<AnomalyType, string>> = {
  amount_mismatch: ATTR.droppedAnomaliesAmountMismatch,
  double_payment: ATTR.droppedAnomaliesDoublePayment,
  unmatched: ATTR.droppedAnomaliesUnmatched,
  unknown_status: ATTR.droppedAnomaliesUnknownStatus,
  missing_pay_id: ATTR.droppedAnomaliesMissingPayId,
  reconcile_expired: ATTR.droppedAnomaliesReconcileExpired,
};

const readCounts = <K extends string>(item: Item, attributes: Readonly<Record<K, string>>) =>
  Object.fromEntries(
    Object.entries<string>(attributes).map(([key, name]) => [key, readNumber(item, name) ?? 0]),
  ) as Record<K, number>;

export const encodeNotification = (record: NotificationRecord) =>
  map(
    stringMap({
      id: record.id,
      receivedAt: record.receivedAt,
      ogoneStatus: record.ogoneStatus,
      payId: record.payId,
      outcome: record.outcome,
      source: record.source,
    }),
  );

export const encodeAnomaly = (anomaly: Anomaly) => map(stringMap({ ...anomaly }));

export const encodeSavedCard = (card: {
  alias: string;
  cardNumber?: string;
  brand?: string;
  expiry?: string;
  cardHolder?: string;
}) =>
  map(
    stringMap({
      alias: card.alias,
      cardNumber: card.cardNumber,
      brand: card.brand,
      expiry: card.expiry,
      cardHolder: card.cardHolder,
    }),
  );

const decodeSavedCard = (item: Item | null): SavedCard | null => {
  const alias = readString(item ?? undefined, 'alias');
  if (item === null || alias === null) return null;
  return {
    alias,
    cardNumber: readString(item, 'cardNumber'),
    brand: readString(item, 'brand'),
    expiry: readString(item, 'expiry'),
    cardHolder: readString(item, 'cardHolder'),
  };
};

const decodeHostedCheckout = (item: Item | null): HostedCheckout | null => {
  const id = readString(item ?? undefined, 'id');
  const redirectUrl = readString(item ?? undefined, 'redirectUrl');
  const returnMac = readString(item ?? undefined, 'returnMac');
  return id === null || redirectUrl === null || returnMac === null
    ? null
    : { id, redirectUrl, returnMac };
};

export const encodeHostedCheckout = (checkout: HostedCheckout) => map(stringMap({ ...checkout }));

export const encodeRegistration = (details: RegistrationDetails) => {
  const { saveCard, ...text } = details;
  return map({ ...stringMap(text), saveCard: bool(saveCard) });
};

const decodeNotification = (item: Item): NotificationRecord => ({
  id: readString(item, 'id') ?? '',
  receivedAt: readString(item, 'receivedAt') ?? '',
  ogoneStatus: readString(item, 'ogoneStatus') ?? '',
  payId: readString(item, 'payId'),
  outcome: (readString(item, 'outcome') ?? 'no_change') as NotificationOutcome,
  source: (readString(item, 'source') ?? 'feedback') as NotificationSource,
});

const decodeAnomaly = (item: Item): Anomaly => ({
  type: (readString(item, 'type') ?? 'unmatched') as AnomalyType,
  notificationId: readString(item, 'notificationId') ?? '',
  detectedAt: readString(item, 'detectedAt') ?? '',
  detail: readString(item, 'detail') ?? '',
});

const TEXT_DETAILS = [
  'name',
  'email',
  'address',
  'zip',
  'town',
  'country',
  'phone',
  'language',
  'alias',
];

const decodeRegistration = (item: Item | null): RegistrationDetails | null => {
  if (item === null) return null;
  const text = Object.fromEntries(
    TEXT_DETAILS.flatMap((key) => {
      const value = readString(item, key);
      return value === null ? [] : [[key, value]];
    }),
  );
  const operation = readString(item, 'operation');
  return {
    ...text,
    operation: (operation === OPERATIONS.authorization ? operation : OPERATIONS.sale) as Operation,
    saveCard: readBool(item, 'saveCard') ?? false,
  };
};

export const decodeTransaction = (item: Item): Transaction => {
  const state = readString(item, ATTR.state) ?? STATES.created;
  const account = readString(item, ATTR.account) ?? DEFAULT_ACCOUNT_ID;
  const provider = readString(item, ATTR.provider);
  return {
    account,
    provider: isProvider(provider) ? provider : 'ogone',
    reference: referenceOfKey(account, readString(item, ATTR.reference) ?? ''),
    state: isTransactionState(state) ? state : STATES.review,
    amount: readString(item, ATTR.amount),
    currency: readString(item, ATTR.currency),
    ogoneStatus: readString(item, ATTR.ogoneStatus),
    payId: readString(item, ATTR.payId),
    ncError: readString(item, ATTR.ncError),
    brand: readString(item, ATTR.brand),
    paymentMethod: readString(item, ATTR.paymentMethod),
    cardNumber: readString(item, ATTR.cardNumber),
    cardHolder: readString(item, ATTR.cardHolder),
    alias: readString(item, ATTR.alias),
    expiry: readString(item, ATTR.expiry),
    paidPayId: readString(item, ATTR.paidPayId),
    unmatched: readBool(item, ATTR.unmatched) ?? false,
    createdAt: readString(item, ATTR.createdAt) ?? '',
    updatedAt: readString(item, ATTR.updatedAt) ?? '',
    notifications: readMaps(item, ATTR.notifications).map(decodeNotification),
    droppedNotifications: readCounts(item, DROPPED_ATTR),
    anomalies: readMaps(item, ATTR.anomalies).map(decodeAnomaly),
    droppedAnomalies: readCounts(item, DROPPED_ANOMALY_ATTR),
    registration: decodeRegistration(readMap(item, ATTR.registration)),
    savedCard: decodeSavedCard(readMap(item, ATTR.savedCard)),
    hostedCheckout: decodeHostedCheckout(readMap(item, ATTR.hostedCheckout)),
  };
};
