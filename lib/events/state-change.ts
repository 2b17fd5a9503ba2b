import { DEFAULT_ACCOUNT_ID, type Provider } from '../accounts/account.js';
import { STATES, type TransactionState } from '../transactions/states.js';
import type { Transaction } from '../transactions/transaction.js';
import { StreamRecordError } from './errors.js';

/** The event contract the merchant's systems subscribe to: keep these names. */
export const EVENT_SOURCE = 'ogone-feedback';
export const DETAIL_TYPE = 'Transaction State Changed';

export interface StateChangeDetail {
  /**
   * `reference:notificationId` (`account:reference:notificationId` for an account other than
   * `default`). The stream and EventBridge both deliver at least once, so one change may arrive
   * twice; this key is the same each time, and unique per change.
   */
  readonly eventId: string;
  /** The merchant account and its provider: (account, reference) names the transaction. */
  readonly account: string;
  readonly provider: Provider;
  readonly reference: string;
  /** Null when a notification created the transaction in this state (an unmatched reference). */
  readonly previousState: TransactionState | null;
  readonly state: TransactionState;
  readonly amount: string | null;
  readonly currency: string | null;
  readonly payId: string | null;
  /** The notification whose write changed the state. */
  readonly notificationId: string;
  /** When the change was stored: the write's `updatedAt`. */
  readonly occurredAt: string;
  /** Ogone reported a reference that was never registered (docs/api.md, anomalies). */
  readonly unmatched: boolean;
  /**
   * The transaction's version after the change: every write raises it, so a later change of one
   * transaction always has a higher one. EventBridge keeps no order: a consumer drops an event
   * whose version is not above the last it applied for that reference. 0 only for a change
   * stored before versions were written.
   */
  readonly version: number;
}

export const CHANGE_KINDS = { insert: 'INSERT', modify: 'MODIFY', remove: 'REMOVE' } as const;
export type ChangeKind = (typeof CHANGE_KINDS)[keyof typeof CHANGE_KINDS];

/** One stream record, its images decoded. */
export interface TransactionChange {
  readonly kind: ChangeKind;
  readonly before: Transaction | undefined;
  readonly after: Transaction | undefined;
  /** The new image's version (0 when it has none: written before versions existed). */
  readonly version: number;
}

const image = (transaction: Transaction | undefined, which: string, kind: ChangeKind) => {
  if (transaction === undefined) {
    throw new StreamRecordError(`A ${kind} record without its ${which} image`, {
      context: { kind, expected: 'NEW_AND_OLD_IMAGES' },
    });
  }
  return transaction;
};

const detail = (
  before: Transaction | undefined,
  after: Transaction,
  version: number,
): StateChangeDetail => {
  // Every write that changes a state appends exactly one notification; a state
  // change whose last notification was already there came from some other writer.
  const notification = after.notifications.at(-1);
  if (
    notification === undefined ||
    before?.notifications.some((record) => record.id === notification.id) === true
  ) {
    throw new StreamRecordError('The state changed without a new notification', {
      context: { reference: after.reference, state: after.state },
    });
  }
  return {
    // The default account's ids are the ones it had before accounts: consumers keep deduplicating.
    eventId:
      after.account === DEFAULT_ACCOUNT_ID
        ? `${after.reference}:${notification.id}`
        : `${after.account}:${after.reference}:${notification.id}`,
    account: after.account,
    provider: after.provider,
    reference: after.reference,
    previousState: before?.state ?? null,
    state: after.state,
    amount: after.amount,
    currency: after.currency,
    payId: after.payId,
    notificationId: notification.id,
    occurredAt: after.updatedAt,
    unmatched: after.unmatched,
    version,
  };
};

/**
 * The event one stored write means for the merchant, if any. A registration inserts `created`,
 * and a duplicate, stale or status-only notification leaves the state as it was: none of them is
 * a change. An unmatched reference is inserted directly in its first state, which is one.
 */
export const stateChangeOf = (change: TransactionChange): StateChangeDetail | undefined => {
  const { kind, version } = change;
  switch (kind) {
    case CHANGE_KINDS.insert: {
      const after = image(change.after, 'new', kind);
      return after.state === STATES.created ? undefined : detail(undefined, after, version);
    }
    case CHANGE_KINDS.modify: {
      const before = image(change.before, 'old', kind);
      const after = image(change.after, 'new', kind);
      return before.state === after.state ? undefined : detail(before, after, version);
    }
    case CHANGE_KINDS.remove:
      // Items are never deleted (a payment record outlives everything); a removal is no payment.
      return undefined;
    default: {
      const unknown: never = kind;
      throw new StreamRecordError('Unknown stream event name', { context: { kind: unknown } });
    }
  }
};
