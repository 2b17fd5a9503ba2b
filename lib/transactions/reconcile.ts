import type { OgoneNotification } from '../ogone/notification.js';
import type { TransactionRepository } from './port.js';
import { processNotification } from './process-notification.js';
import { NOTIFICATION_SOURCES, type NotificationOutcome } from './transaction.js';

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
}

export type ReconcileResult =
  | {
      readonly reference: string;
      readonly outcome: NotificationOutcome | 'duplicate';
      readonly state: string;
    }
  | { readonly reference: string; readonly error: unknown };

/**
 * One reconciliation run: the oldest open transactions (still `created` or `pending`) past the
 * minimum age, each asked of Ogone and the answer applied through the same state machine as a
 * feedback, marked `directlink`. A failure for one reference is reported and left for the next
 * run; it never stops the others.
 */
export const reconcile = async (
  repository: TransactionRepository,
  statusQuery: StatusQuery,
  settings: ReconcileSettings,
): Promise<ReconcileResult[]> => {
  const cutoffIso = new Date(settings.nowMs - settings.minAgeMs).toISOString();
  const references = await repository.findOpenCreatedBefore(cutoffIso, settings.batchSize);
  const results: ReconcileResult[] = [];
  const queue = [...references];
  const worker = async () => {
    for (let reference = queue.shift(); reference !== undefined; reference = queue.shift()) {
      try {
        const notification = await statusQuery.query(reference);
        const processed = await processNotification(repository, notification, {
          nowIso: new Date().toISOString(),
          source: NOTIFICATION_SOURCES.directlink,
        });
        results.push({ reference, outcome: processed.outcome, state: processed.transaction.state });
      } catch (error) {
        results.push({ reference, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
  return results;
};
