import type { ReconcileConfig } from './config.js';
import { isUnknownOrder as isUnknownAtOgone } from './directlink/unknown-order.js';
import type { ReconcileSettings } from './transactions/reconcile.js';
import { isUnknownCheckout } from './worldline/unknown-checkout.js';

/** Kept after the last query may start: its answer's writes and the run's report. */
const RESERVE_MS = 5_000;

/**
 * The provider knows no payment for the reference: Ogone's "unknown order", or a Worldline
 * transaction whose hosted checkout has no payment, was never created, or is unknown (404).
 * Each is an abandoned checkout nearly always, and is asked about less often.
 */
export const isUnknownOrder = (error: unknown): boolean =>
  isUnknownAtOgone(error) || isUnknownCheckout(error);

/**
 * One run's settings from the configuration and the time the function has left: no query starts
 * unless its answer (at most `queryTimeoutMs`: the DirectLink timeout, or the Payments API's when
 * that is longer and worldline accounts are asked) and what follows fit before the deadline, and
 * none in the last quarter, which the writes and the report of a large run need.
 */
export const reconcileSettings = (
  config: ReconcileConfig,
  nowMs: number,
  remainingMs: number,
  queryTimeoutMs: number = config.directLinkTimeoutMs,
): ReconcileSettings => ({
  nowMs,
  minAgeMs: config.minAgeMinutes * 60_000,
  maxAgeMs: config.maxAgeHours * 3_600_000,
  batchSize: config.batchSize,
  concurrency: config.concurrency,
  stopStartingAtMs:
    nowMs + Math.min(remainingMs - queryTimeoutMs - RESERVE_MS, (remainingMs * 3) / 4),
  isUnknownOrder,
});

/** How a run that asks about several accounts divides itself among them. */
export interface AccountRun {
  /** How many accounts are asked about at once; the others wait for one of them to end. */
  readonly accountsAtOnce: number;
  /** Each account's settings: its share of the queries and of the concurrency, the same deadline. */
  readonly share: ReconcileSettings;
}

/**
 * One run over `accounts` accounts. Every account gets an equal share of the queries; the
 * concurrency is divided among the accounts asked about at once, and no more accounts than the
 * concurrency are asked about at once, so that the queries in flight never exceed the setting
 * (RECONCILE_CONCURRENCY is how hard the deployment may press on the providers), however many
 * accounts.
 */
export const accountRun = (settings: ReconcileSettings, accounts: number): AccountRun => {
  if (accounts <= 1) return { accountsAtOnce: 1, share: settings };
  const accountsAtOnce = Math.min(accounts, Math.max(1, settings.concurrency));
  return {
    accountsAtOnce,
    share: {
      ...settings,
      batchSize: Math.max(1, Math.ceil(settings.batchSize / accounts)),
      concurrency: Math.max(1, Math.floor(settings.concurrency / accountsAtOnce)),
    },
  };
};
