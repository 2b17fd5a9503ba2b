import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ConfigurationError } from '../lib/config.js';
import { DirectLinkClient } from '../lib/directlink/client.js';
import { logger } from '../lib/observability/logger.js';
import { metrics } from '../lib/observability/metrics.js';
import { reportReconcile } from '../lib/observability/report-reconcile.js';
import { reconcileSettings } from '../lib/reconcile-settings.js';
import { getService } from '../lib/service.js';
import { reconcile } from '../lib/transactions/reconcile.js';

/**
 * Scheduled: asks Ogone (DirectLink) about transactions left `created` or `pending`, so that no
 * payment stays unknown when a feedback never arrived; starts no query it could not finish.
 */
export const handler = middy(async (_event: unknown, context: Context) => {
  const { config, repository } = await getService('reconcile');
  // parseConfig requires the API user for this function; the check keeps the types honest.
  if (config.apiUser === undefined) throw new ConfigurationError(['OGONE_USERID is required']);
  const statusQuery = new DirectLinkClient({
    url: config.directLinkQueryUrl,
    credentials: { pspId: config.pspId, ...config.apiUser },
    timeoutMs: config.reconcile.directLinkTimeoutMs,
  });
  const settings = reconcileSettings(
    config.reconcile,
    Date.now(),
    context.getRemainingTimeInMillis(),
  );
  const results = await reconcile(repository, statusQuery, settings);
  return reportReconcile(results);
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
