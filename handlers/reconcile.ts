import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { ConfigurationError } from '../lib/config.js';
import { DirectLinkClient } from '../lib/directlink/client.js';
import { logger } from '../lib/observability/logger.js';
import { metrics } from '../lib/observability/metrics.js';
import { reportReconcile } from '../lib/observability/report-reconcile.js';
import { getService } from '../lib/service.js';
import { reconcile } from '../lib/transactions/reconcile.js';

/**
 * Scheduled: asks Ogone (DirectLink) about transactions left `created` or `pending`, so that no
 * payment stays unknown when a feedback never arrived.
 */
export const handler = middy(async () => {
  const { config, repository } = await getService('reconcile');
  // parseConfig requires the API user for this function; the check keeps the types honest.
  if (config.apiUser === undefined) throw new ConfigurationError(['OGONE_USERID is required']);
  const statusQuery = new DirectLinkClient({
    url: config.directLinkQueryUrl,
    credentials: { pspId: config.pspId, ...config.apiUser },
    timeoutMs: config.reconcile.directLinkTimeoutMs,
  });
  const results = await reconcile(repository, statusQuery, {
    nowMs: Date.now(),
    minAgeMs: config.reconcile.minAgeMinutes * 60_000,
    batchSize: config.reconcile.batchSize,
    maxAgeMs: config.reconcile.maxAgeHours * 3_600_000,
    concurrency: 4,
  });
  return reportReconcile(results);
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
