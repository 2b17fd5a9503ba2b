import type { TransactionState } from './states.js';
import type {
  Anomaly,
  DroppedAnomalies,
  DroppedNotifications,
  HostedCheckout,
  NotificationRecord,
  RegistrationDetails,
  Transaction,
} from './transaction.js';

/**
 * The conditions under which a notification write may happen, as named parts that a repository
 * turns into one atomic condition. Together they say "the decision that planned this write still
 * holds for the stored transaction".
 */
export interface WriteGuard {
  /** The notification is not recorded yet: what makes every write idempotent. */
  readonly notificationId: string;
  /** The transaction may be absent (it is then created, `unmatched`); otherwise it must exist. */
  readonly mayCreate: boolean;
  /** Signed amount and currency (canonical) that must equal the registered ones, unless unmatched. */
  readonly amount?: { readonly amount: string | null; readonly currency: string | null };
  /** The stored rank must be strictly below this one. */
  readonly rankBelow?: number;
  /** The paying PAYID must be unset or equal to this one (and the write sets it). */
  readonly paidPayIdIs?: string;
  /** The paying PAYID must be set, to another one than this: a double payment that still rises. */
  readonly paidPayIdOtherThan?: string;
}

/**
 * How the write keeps the history bounded (history-window.ts). A write that has not seen the
 * stored item appends only while there is room; one that has seen it may instead replace the
 * whole history and anomaly list with their kept parts, provided both are still the ones it saw.
 */
export type HistoryWrite =
  | {
      readonly kind: 'append';
      /** The stored history must hold fewer records than this; absent when nothing can go. */
      readonly below?: number;
    }
  | {
      readonly kind: 'replace';
      /** The history after this write: the kept records, this notification's last. */
      readonly records: readonly NotificationRecord[];
      /** What the write saw: unchanged lengths and drop counts mean an unchanged history. */
      readonly seen: {
        readonly length: number;
        readonly dropped: DroppedNotifications;
        readonly anomalies: number;
        readonly droppedAnomalies: DroppedAnomalies;
      };
      /** The new drop counts. */
      readonly dropped: DroppedNotifications;
      /** The anomaly list after this write (its kept part, this write's anomalies last). */
      readonly anomalies: readonly Anomaly[];
      readonly droppedAnomalies: DroppedAnomalies;
    };

/** Fields a state-changing notification writes onto the transaction (only the ones it carries). */
export interface PaymentFields {
  readonly ogoneStatus: string;
  readonly payId?: string;
  readonly ncError?: string;
  readonly brand?: string;
  readonly paymentMethod?: string;
  readonly cardNumber?: string;
  readonly cardHolder?: string;
  readonly alias?: string;
  readonly expiry?: string;
}

export interface NotificationWrite {
  readonly reference: string;
  readonly nowIso: string;
  readonly record: NotificationRecord;
  readonly guard: WriteGuard;
  readonly history: HistoryWrite;
  /** Applied notifications: the new state and what it brings. */
  readonly transition?: {
    readonly state: TransactionState;
    readonly rank: number;
    readonly fields: PaymentFields;
  };
  /** Set by a paying notification (guarded by `paidPayIdIs`): the PAYID others are compared with. */
  readonly paidPayId?: string;
  /** Amount mismatches and payments without PAYID put the transaction on hold for a person. */
  readonly hold?: { readonly state: TransactionState; readonly rank: number };
  readonly anomalies: readonly Anomaly[];
  /** Used only when the write creates the transaction (an unmatched notification). */
  readonly creation: {
    readonly amount: string | null;
    readonly currency: string | null;
    readonly anomaly: Anomaly;
  };
}

export type WriteResult =
  | { readonly written: true; readonly transaction: Transaction }
  | {
      readonly written: false;
      readonly current: Transaction;
      /**
       * The request was sent more than once (the client retried after a lost answer), so the
       * condition may have failed on this very write, landed by an earlier send.
       */
      readonly resent?: true;
    };

export type RegisterResult =
  | { readonly created: true; readonly transaction: Transaction }
  | { readonly created: false; readonly existing: Transaction };

export interface NewTransaction {
  readonly reference: string;
  readonly amount: string;
  readonly currency: string;
  readonly registration: RegistrationDetails;
  readonly nowIso: string;
}

/**
 * Storage for transactions. Every method is one conditional request: a failed condition comes
 * back with the stored item, so callers never read before they write.
 */
export interface TransactionRepository {
  writeNotification(write: NotificationWrite): Promise<WriteResult>;
  register(transaction: NewTransaction): Promise<RegisterResult>;
  get(reference: string): Promise<Transaction | undefined>;
  /**
   * Stores the hosted checkout a worldline registration created, unless one is stored already;
   * answers the transaction as stored afterwards (with the first checkout either way).
   */
  attachHostedCheckout(
    reference: string,
    checkout: HostedCheckout,
    nowIso: string,
  ): Promise<Transaction>;
  /**
   * Open transactions (`created` or `pending`) due for a check at `nowIso`, most overdue first,
   * one page at a time: `after` is the `next` of the previous page.
   */
  findDue(nowIso: string, limit: number, after?: string): Promise<DuePage>;
  /**
   * Gives a check time to open transactions stored before registration wrote one (a migration,
   * removed with the legacy index); answers how many it scheduled.
   */
  scheduleUnscheduled(): Promise<number>;
  /** Asks again no earlier than `nextCheckAtIso`; a no-op if it is no longer open. */
  deferOpen(reference: string, nextCheckAtIso: string): Promise<void>;
  /** Stops asking: out of the open index, with an anomaly saying why. */
  retireOpen(reference: string, anomaly: Anomaly, nowIso: string): Promise<void>;
}

export interface OpenTransaction {
  readonly reference: string;
  readonly createdAt: string;
}

export interface DuePage {
  readonly entries: readonly OpenTransaction[];
  /** Where the next page starts; absent when nothing more is due. Opaque to the caller. */
  readonly next?: string;
}
