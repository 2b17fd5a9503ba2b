import { feedbackResponse } from '../lib/http/feedback-response.js';
import { httpHandler } from '../lib/http/handler-stack.js';
import { assertMethod, requestBytes, requestMethod } from '../lib/http/request-bytes.js';
import { reportNotification } from '../lib/observability/report-notification.js';
import { readVerifiedNotification } from '../lib/ogone/read-notification.js';
import { getService } from '../lib/service.js';
import { processNotification } from '../lib/transactions/process-notification.js';
import { NOTIFICATION_SOURCES } from '../lib/transactions/transaction.js';

/** GET and POST /payment/ogone/return: Ogone's browser redirect and server-to-server requests. */
export const handler = httpHandler(async (event) => {
  assertMethod(event, ['GET', 'POST']);
  const request = requestBytes(event);
  const service = await getService('feedback');
  const notification = readVerifiedNotification(request, service.keys);
  const result = await processNotification(service.repository, notification, {
    nowIso: new Date().toISOString(),
    source: NOTIFICATION_SOURCES.feedback,
  });
  reportNotification(notification, result, requestMethod(event));
  return feedbackResponse(
    event,
    { url: service.config.resultUrl, ...service.config.resultSigning },
    notification.orderId,
    result.transaction.state,
    Date.now(),
  );
}, 'text');
