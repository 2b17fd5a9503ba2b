import type { OgoneNotification } from '../ogone/notification.js';
import { dueFeed } from './due-feed.js';
import { ContentionError, ItemTooLargeError, StorageUnavailableError } from './errors.js';
import type { OpenTransaction, TransactionRepository } from './port.js';
import { processNotification } from './process-notification.js';
import { nextCheckDelayMs, unknownOrderDelayMs } from './reconcile-schedule.js';
import { isOpenState } from './states.js';
import { ANOMALY_TYPES, NOTIFICATION_SOURCES, type NotificationOutcome } from './transaction.js';

/** What a reconciliation answer is recorded as: DirectLink's, or the Payments API's (Worldline). */
export type StatusQuerySource =
  | typeof NOTIFICATION_SOURCES.directlink
  | typeof NOTIFICATION_SOURCES.paymentsApi;

/** Who is asked, as an anomaly's detail names them for a person. */
const ASKED: Readonly<Record<StatusQuerySource, string>> = {
  [NOTIFICATION_SOURCES.directlink]: 'Ogone',
  [NOTIFICATION_SOURCES.paymentsApi]: 'Worldline',
};

/**
 * Asks the provider for a transaction's current status, as the notification the state machine
 * takes; throws a typed error when it cannot. Its `source` is what the answer is recorded as.
 */
export interface StatusQuery {
  readonly source: StatusQuerySource;
  query(reference: string): Promise<OgoneNotification>;
}

export interface ReconcileSettings {
  readonly nowMs: number;
  /** Only transactions registered at least this long ago: younger ones are still being paid. */
  readonly minAgeMs: number;
  /** Status queries one run makes at most. */
  readonly batchSize: number;
  /** Queries in flight at once: a few, to finish a batch quickly without hammering the provider. */
  readonly concurrency: number;
  /** Past this age a transaction still open is retired from reconciliation with an anomaly. */
  readonly maxAgeMs?: number;
  /**
   * No query starts at or after this instant (on `clock`): the handler sets it from the
   * function's remaining time, so a run ends by itself instead of being cut off.
   */
  readonly stopStartingAtMs?: number;
  readonly clock?: () => number;
  /**
   * True for "the provider knows no payment for it" (Ogone's unknown order, a hosted checkout
   * without a payment): such entries are asked again less often.
   */
  readonly isUnknownOrder?: (error: unknown) => boolean;
}

export type ReconcileResult =
  | {
      readonly reference: string;
      readonly outcome: NotificationOutcome | 'duplicate';
      readonly state: string;
      readonly retired?: boolean;
    }
  | { readonly reference: string; readonly error: unknown; readonly retired?: boolean };

const DEFAULT_MAX_AGE_MS = 72 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One reconciliation run: the due open transactions (`created` or `pending`), most overdue
 * first, each asked of the provider and the answer applied through the same state machine as a
 * notification, marked with the query's source (`directlink`, `payments_api`), until nothing is
 * due, the batch is full or the time is up. One not yet at the minimum age is only moved to the
 * time it reaches it. A failure for one reference is reported and deferred, never stopping the
 * others; one still open past the maximum age, or too large to record any answer, is retired
 * with an anomaly.
 */
export const reconcile = async (
  repository: TransactionRepository,
  statusQuery: StatusQuery,
  settings: ReconcileSettings,
): Promise<ReconcileResult[]> => {
  const clock = settings.clock ?? Date.now;
  const nowIso = iso(settings.nowMs);
  const maxAgeMs = settings.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const stopAt = settings.stopStartingAtMs ?? Number.POSITIVE_INFINITY;
  const isUnknownOrder = settings.isUnknownOrder ?? (() => false);
  const provider = ASKED[statusQuery.source];
  const results: ReconcileResult[] = [];

  const settle = async (open: OpenTransaction, result: ReconcileResult) => {
    if ('state' in result && !isOpenState(result.state)) return result;
    const ageMs = settings.nowMs - Date.parse(open.createdAt);
    // No answer can ever be recorded on an item at the size limit: asked again, it would come
    // back first in every run. Its alarm (TransactionItemTooLarge) calls a person instead.
    const tooLarge = 'error' in result && result.error instanceof ItemTooLargeError;
    // Our own storage failed, maybe with the provider's answer (a payment) in hand: never a reason
    // to stop asking. It is asked again like an open one, and retired only on a later run.
    const ours =
      'error' in result &&
      (result.error instanceof StorageUnavailableError || result.error instanceof ContentionError);
    if ((ageMs > maxAgeMs && !ours) || tooLarge) {
      const hours = Math.round(ageMs / 3_600_000);
      const detail = tooLarge
        ? `item too large to record ${provider}'s answer after ${hours} h`
        : 'error' in result
          ? `still unknown after ${hours} h: ${(result.error as Error)?.name}`
          : `still ${result.state} at ${provider} after ${hours} h`;
      await repository.retireOpen(
        open.reference,
        { type: ANOMALY_TYPES.reconcileExpired, notificationId: '', detectedAt: nowIso, detail },
        nowIso,
      );
      return { ...result, retired: true };
    }
    const unknown = 'error' in result && isUnknownOrder(result.error);
    const delayMs = unknown ? unknownOrderDelayMs(ageMs) : nextCheckDelayMs(ageMs);
    await repository.deferOpen(open.reference, iso(settings.nowMs + delayMs));
    return result;
  };

  const ask = async (open: OpenTransaction): Promise<ReconcileResult> => {
    const { reference } = open;
    let result: ReconcileResult;
    try {
      const notification = await statusQuery.query(reference);
      const processed = await processNotification(repository, notification, {
        nowIso: iso(clock()),
        source: statusQuery.source,
      });
      result = { reference, outcome: processed.outcome, state: processed.transaction.state };
    } catch (error) {
      result = { reference, error };
    }
    try {
      return await settle(open, result);
    } catch (error) {
      // The answer itself was recorded; only the bookkeeping failed, and the next run retries.
      return 'error' in result ? result : { reference, error };
    }
  };

  await repository.scheduleUnscheduled();
  const next = dueFeed(repository, nowIso);
  let asked = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async () => {
    for (;;) {
      if (failure !== undefined || asked >= settings.batchSize || clock() >= stopAt) return;
      let open: OpenTransaction | undefined;
      try {
        open = await next();
      } catch (error) {
        // The index cannot be read (throttled): the others finish what they started, then stop.
        failure ??= { error };
        return;
      }
      // Checked again: other workers may have filled the batch while this one waited for a page.
      if (open === undefined || asked >= settings.batchSize) return;
      const reachesMinAgeMs = Date.parse(open.createdAt) + settings.minAgeMs;
      if (reachesMinAgeMs > settings.nowMs) {
        // Due since registration but too young to ask: wait until it reaches the minimum age.
        await repository.deferOpen(open.reference, iso(reachesMinAgeMs)).catch((error: unknown) => {
          results.push({ reference: open.reference, error });
        });
        continue;
      }
      asked += 1;
      results.push(await ask(open));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
  // Thrown only now: a run must not go on after it has returned (Lambda would freeze it).
  if (failure !== undefined) throw failure.error;
  return results;
};
