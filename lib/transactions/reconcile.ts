import type { OgoneNotification } from '../ogone/notification.js';
import type { OpenTransaction, TransactionRepository } from './port.js';
import { processNotification } from './process-notification.js';
import { isOpenState } from './states.js';
import { ANOMALY_TYPES, NOTIFICATION_SOURCES, type NotificationOutcome } from './transaction.js';

/** Asks Ogone for a transaction's current status; throws a typed error when it cannot. */
export interface StatusQuery {
  query(reference: string): Promise<OgoneNotification>;
}

export interface ReconcileSettings {
  readonly nowMs: number;
  /** Only transactions registered at least this long ago: younger ones are still being paid. */
  readonly minAgeMs: number;
  readonly batchSize: number;
  /** Queries in flight at once: a few, to finish a batch quickly without hammering Ogone. */
  readonly concurrency: number;
  /** Past this age a transaction still open is retired from reconciliation with an anomaly. */
  readonly maxAgeMs?: number;
}

export type ReconcileResult =
  | {
      readonly reference: string;
      readonly outcome: NotificationOutcome | 'duplicate';
      readonly state: string;
      readonly retired?: boolean;
    }
  | { readonly reference: string; readonly error: unknown; readonly retired?: boolean };

const MINUTE = 60_000;
const DEFAULT_MAX_AGE_MS = 72 * 60 * MINUTE;

/**
 * When to ask again about a transaction that is still open: a quarter of its age, from 15 minutes
 * to 6 hours. Abandoned registrations (Ogone answers "unknown order" for ever) thus step aside,
 * and a batch always reaches the newer transactions whose feedback may have been lost.
 */
export const nextCheckDelayMs = (ageMs: number): number =>
  Math.min(6 * 60 * MINUTE, Math.max(15 * MINUTE, Math.floor(ageMs / 4)));

/**
 * One reconciliation run: the oldest due open transactions (`created` or `pending`) past the
 * minimum age, each asked of Ogone and the answer applied through the same state machine as a
 * feedback, marked `directlink`. A failure for one reference is reported and deferred, never
 * stopping the others; one still open past the maximum age is retired with an anomaly.
 */
export const reconcile = async (
  repository: TransactionRepository,
  statusQuery: StatusQuery,
  settings: ReconcileSettings,
): Promise<ReconcileResult[]> => {
  const nowIso = new Date(settings.nowMs).toISOString();
  const cutoffIso = new Date(settings.nowMs - settings.minAgeMs).toISOString();
  const due = await repository.findOpenDue(cutoffIso, nowIso, settings.batchSize);
  const maxAgeMs = settings.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const results: ReconcileResult[] = [];

  const settle = async (open: OpenTransaction, result: ReconcileResult) => {
    if ('state' in result && !isOpenState(result.state)) return result;
    const ageMs = settings.nowMs - Date.parse(open.createdAt);
    if (ageMs > maxAgeMs) {
      const detail =
        'error' in result
          ? `still unknown after ${Math.round(ageMs / 3_600_000)} h: ${(result.error as Error)?.name}`
          : `still ${result.state} at Ogone after ${Math.round(ageMs / 3_600_000)} h`;
      await repository.retireOpen(
        open.reference,
        { type: ANOMALY_TYPES.reconcileExpired, notificationId: '', detectedAt: nowIso, detail },
        nowIso,
      );
      return { ...result, retired: true };
    }
    const next = new Date(settings.nowMs + nextCheckDelayMs(ageMs)).toISOString();
    await repository.deferOpen(open.reference, next);
    return result;
  };

  const queue = [...due];
  const worker = async () => {
    for (let open = queue.shift(); open !== undefined; open = queue.shift()) {
      const { reference } = open;
      let result: ReconcileResult;
      try {
        const notification = await statusQuery.query(reference);
        const processed = await processNotification(repository, notification, {
          nowIso: new Date().toISOString(),
          source: NOTIFICATION_SOURCES.directlink,
        });
        result = { reference, outcome: processed.outcome, state: processed.transaction.state };
      } catch (error) {
        result = { reference, error };
      }
      try {
        results.push(await settle(open, result));
      } catch (error) {
        // The answer itself was recorded; only the bookkeeping failed, and the next run retries.
        results.push('error' in result ? result : { reference, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
  return results;
};
