import { DEFAULT_ACCOUNT_ID } from '../accounts/account.js';
import { ItemTooLargeError } from '../transactions/errors.js';
import type { ReconcileResult } from '../transactions/reconcile.js';
import { OUTCOMES } from '../transactions/transaction.js';
import { logger } from './logger.js';
import { count, METRICS } from './metrics.js';

export interface ReconcileSummary {
  readonly checked: number;
  readonly applied: number;
  readonly failed: number;
}

/**
 * One log line per reconciled reference, under its account: the outcome, or the error's class
 * and context (which name the reference and Ogone's NCERROR, or Worldline's error id and the
 * hosted checkout's status; never the API user's password nor the api-secret).
 */
export const reportReconcile = (
  results: readonly ReconcileResult[],
  account = DEFAULT_ACCOUNT_ID,
): ReconcileSummary => {
  let applied = 0;
  let failed = 0;
  for (const result of results) {
    count(METRICS.reconcileChecked);
    // An item too large to record any answer is retired at once: retrying cannot help it, so it
    // is counted where its alarm watches and logged as retired, not as "retried".
    const tooLarge = 'error' in result && result.error instanceof ItemTooLargeError;
    if (result.retired === true) {
      count(METRICS.reconcileExpired);
      logger.error(
        tooLarge
          ? 'Reconciliation gave up: the transaction is too large to record an answer'
          : 'Reconciliation gave up: still open after the maximum age',
        { account, reference: result.reference },
      );
    }
    if ('error' in result) {
      failed += 1;
      count(METRICS.reconcileFailed);
      if (tooLarge) count(METRICS.itemTooLarge);
      const error = result.error as { name?: string; message?: string; context?: unknown };
      logger.warn(
        result.retired === true
          ? 'Reconciliation failed; retired, not asked again'
          : 'Reconciliation failed; retried on the next run',
        {
          account,
          reference: result.reference,
          error: error?.name,
          reason: error?.message,
          context: error?.context,
        },
      );
      continue;
    }
    if (result.outcome === OUTCOMES.applied) {
      applied += 1;
      count(METRICS.reconcileApplied);
    }
    logger.info('Reconciled', { account, ...result });
  }
  const summary = { checked: results.length, applied, failed };
  logger.info('Reconciliation run', { account, ...summary });
  return summary;
};
