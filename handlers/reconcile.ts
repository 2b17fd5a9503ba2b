import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../lib/observability/logger.js';
import { metrics } from '../lib/observability/metrics.js';
import {
  queryTimeoutMs,
  reconcileAccounts,
  reconciledAccounts,
} from '../lib/reconcile-accounts.js';
import { reconcileSettings } from '../lib/reconcile-settings.js';
import { getService } from '../lib/service.js';

/**
 * Scheduled: asks the providers about transactions left `created` or `pending`, so that no
 * payment stays unknown when a notification never arrived: Ogone through DirectLink for each
 * ogone account with an API user, Worldline through the Payments API for each worldline account,
 * each with its own credentials. Each account has its share of the run's queries, so one
 * account's backlog never starves another's, never more queries in flight than
 * RECONCILE_CONCURRENCY, and none started that could not finish.
 */
export const handler = middy(async (_event: unknown, context: Context) => {
  const service = await getService('reconcile');
  const accounts = reconciledAccounts(service);
  const settings = reconcileSettings(
    service.config.reconcile,
    Date.now(),
    context.getRemainingTimeInMillis(),
    queryTimeoutMs(service.config, accounts),
  );
  const total = await reconcileAccounts(accounts, settings);
  if (accounts.length !== 1) logger.info('Reconciliation of all accounts', { ...total });
  return total;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
