import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { accountOfRoute } from '../../lib/http/account-route.js';
import { requestBytes } from '../../lib/http/request-bytes.js';
import { METRICS, METRICS_NAMESPACE } from '../../lib/observability/metrics.js';
import { notificationFields } from '../../lib/observability/report-notification.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { getService, type Service } from '../../lib/service.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { NOTIFICATION_SOURCES } from '../../lib/transactions/transaction.js';

/**
 * The bound: the least a function can do that records an Ogone notification the way the feedback
 * handler does (the same request reading, signature check, decision and conditional write, and
 * one log line carrying its metric), with nothing else: no middy, no Powertools, no error
 * mapping, no deadline, no per-invocation log context. Not a design to deploy (a refusal here is
 * an unmapped exception); a measure of what any handler doing this work could reach, beside the
 * handler as written (bench/README.md).
 */
let service: Service | undefined;

export const handler = async (event: APIGatewayProxyEventV2, context: { awsRequestId: string }) => {
  const request = requestBytes(event);
  service ??= await getService('feedback');
  const account = accountOfRoute(event, service.config, 'ogone');
  const notification = readVerifiedNotification(request, account.keys);
  const result = await processNotification(service.repositoryFor(account), notification, {
    nowIso: new Date().toISOString(),
    source: NOTIFICATION_SOURCES.feedback,
  });
  process.stdout.write(
    `${JSON.stringify({
      level: 'INFO',
      message: 'Notification processed',
      timestamp: new Date().toISOString(),
      service: process.env.POWERTOOLS_SERVICE_NAME,
      function_request_id: context.awsRequestId,
      ...notificationFields(notification, result, 'POST', account.id),
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['service'], ['service', 'account']],
            Metrics: [{ Name: METRICS.applied, Unit: 'Count' }],
          },
        ],
      },
      [METRICS.applied]: 1,
    })}\n`,
  );
  return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' };
};
