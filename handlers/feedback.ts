import { accountOfRoute } from '../lib/http/account-route.js';
import { feedbackResponse } from '../lib/http/feedback-response.js';
import { httpHandler } from '../lib/http/handler-stack.js';
import { assertMethod, requestBytes, requestMethod } from '../lib/http/request-bytes.js';
import { reportNotification } from '../lib/observability/report-notification.js';
import { readVerifiedNotification } from '../lib/ogone/read-notification.js';
import { getService } from '../lib/service.js';
import { processNotification } from '../lib/transactions/process-notification.js';
import { NOTIFICATION_SOURCES } from '../lib/transactions/transaction.js';

/**
 * GET and POST /payment/ogone/return (the default account) and /payment/ogone/{account}/return:
 * Ogone's browser redirect and server-to-server requests. The account comes from the route, so
 * the write is still the only storage request.
 */
export const handler = httpHandler(async (event) => {
  assertMethod(event, ['GET', 'POST']);
  const request = requestBytes(event);
  const service = await getService('feedback');
  const account = accountOfRoute(event, service.config, 'ogone');
  const notification = readVerifiedNotification(request, account.keys);
  const result = await processNotification(service.repositoryFor(account), notification, {
    nowIso: new Date().toISOString(),
    source: NOTIFICATION_SOURCES.feedback,
  });
  reportNotification(notification, result, requestMethod(event), account.id);
  return feedbackResponse(
    event,
    { url: account.resultUrl, ...service.config.resultSigning },
    notification.orderId,
    result.transaction.state,
    Date.now(),
  );
}, 'text');
