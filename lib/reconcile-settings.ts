import type { ReconcileConfig } from './config.js';
import { isUnknownOrder } from './directlink/unknown-order.js';
import type { ReconcileSettings } from './transactions/reconcile.js';

/** Kept after the last query may start: its answer's writes and the run's report. */
const RESERVE_MS = 5_000;

/**
 * One run's settings from the configuration and the time the function has left: no query starts
 * unless its answer (at most the DirectLink timeout) and what follows fit before the deadline,
 * and none in the last quarter, which the writes and the report of a large run need.
 */
export const reconcileSettings = (
  config: ReconcileConfig,
  nowMs: number,
  remainingMs: number,
): ReconcileSettings => ({
  nowMs,
  minAgeMs: config.minAgeMinutes * 60_000,
  maxAgeMs: config.maxAgeHours * 3_600_000,
  batchSize: config.batchSize,
  concurrency: config.concurrency,
  stopStartingAtMs:
    nowMs + Math.min(remainingMs - config.directLinkTimeoutMs - RESERVE_MS, (remainingMs * 3) / 4),
  isUnknownOrder,
});

/**
 * One account's part of a run that asks about `accounts` accounts at once: an equal share of
 * the queries and of the concurrency (one at least), the same deadline.
 */
export const accountShares = (settings: ReconcileSettings, accounts: number): ReconcileSettings =>
  accounts <= 1
    ? settings
    : {
        ...settings,
        batchSize: Math.max(1, Math.ceil(settings.batchSize / accounts)),
        concurrency: Math.max(1, Math.floor(settings.concurrency / accounts)),
      };
