import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DirectLinkClient } from '../lib/directlink/client.js';
import { mapConcurrently } from '../lib/map-concurrently.js';
import { logger } from '../lib/observability/logger.js';
import { metrics } from '../lib/observability/metrics.js';
import { type ReconcileSummary, reportReconcile } from '../lib/observability/report-reconcile.js';
import { accountRun, reconcileSettings } from '../lib/reconcile-settings.js';
import { getService } from '../lib/service.js';
import { reconcile } from '../lib/transactions/reconcile.js';

/**
 * Scheduled: asks Ogone (DirectLink) about transactions left `created` or `pending`, so that no
 * payment stays unknown when a feedback never arrived; starts no query it could not finish. Each
 * account with an API user is asked about with its own credentials, each with its share of the
 * run's queries, so one account's backlog never starves another's, and never more queries in
 * flight than RECONCILE_CONCURRENCY (accountRun).
 */
export const handler = middy(async (_event: unknown, context: Context) => {
  const { config, repositoryFor } = await getService('reconcile');
  const accounts = [...config.accounts.byId.values()].filter(
    (account) => account.provider === 'ogone' && account.apiUser !== undefined,
  );
  const settings = reconcileSettings(
    config.reconcile,
    Date.now(),
    context.getRemainingTimeInMillis(),
  );
  const { accountsAtOnce, share } = accountRun(settings, accounts.length);
  const summaries = await mapConcurrently(
    accounts,
    accountsAtOnce,
    async (account): Promise<ReconcileSummary> => {
      if (account.provider !== 'ogone' || account.apiUser === undefined) return { checked: 0, applied: 0, failed: 0 };
      const statusQuery = new DirectLinkClient({
        url: account.directLinkQueryUrl,
        credentials: { pspId: account.pspId, ...account.apiUser },
        timeoutMs: config.reconcile.directLinkTimeoutMs,
      });
      const results = await reconcile(repositoryFor(account), statusQuery, share);
      return reportReconcile(results, account.id);
    },
  );
  const total = summaries.reduce(
    (sum, one) => ({
      checked: sum.checked + one.checked,
      applied: sum.applied + one.applied,
      failed: sum.failed + one.failed,
    }),
    { checked: 0, applied: 0, failed: 0 },
  );
  if (accounts.length !== 1) logger.info('Reconciliation of all accounts', { ...total });
  return total;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
