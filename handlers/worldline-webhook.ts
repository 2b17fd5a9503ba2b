import { accountOfRoute } from '../lib/http/account-route.js';
import { httpHandler } from '../lib/http/handler-stack.js';
import { assertMethod } from '../lib/http/request-bytes.js';
import { jsonResponse } from '../lib/http/transaction-json.js';
import { webhookBody } from '../lib/http/webhook-body.js';
import { reportIgnoredEvent } from '../lib/observability/report-ignored-event.js';
import { reportNotification } from '../lib/observability/report-notification.js';
import { getService } from '../lib/service.js';
import { processNotification } from '../lib/transactions/process-notification.js';
import { NOTIFICATION_SOURCES } from '../lib/transactions/transaction.js';
import { eventNotification } from '../lib/worldline/payment-notification.js';
import { assertEventMerchant, parseWebhookEvent } from '../lib/worldline/webhook-event.js';
import { verifyWebhookSignature, webhookHeaders } from '../lib/worldline/webhook-signature.js';
import { webhookTarget } from '../lib/worldline/webhook-target.js';

/**
 * Worldline reads nothing of the answer but its status: any 2xx stops its retries. One body for
 * every verified event, so the answer tells a caller nothing about the transaction.
 */
const RECEIVED = { received: true } as const;

/**
 * POST /payment/worldline/{account}/webhook: Worldline Direct's signed events for one worldline
 * account (docs/api.md §12). The size is checked from the body's length alone, the signature before a
 * byte is parsed, the merchant against the route's account; then a payment or refund event goes
 * through the same state machine and reports as an Ogone notification, with one write.
 */
export const handler = httpHandler(async (event) => {
  assertMethod(event, ['POST']);
  const body = webhookBody(event);
  const service = await getService('worldlineWebhook');
  const account = accountOfRoute(event, service.config, 'worldline');
  const verified = verifyWebhookSignature(
    body,
    webhookHeaders(event.headers ?? {}),
    account.webhookKeys,
  );
  const worldlineEvent = parseWebhookEvent(verified.body);
  assertEventMerchant(worldlineEvent, account.merchantId);
  const target = webhookTarget(worldlineEvent);
  if (target.kind === 'ignored') {
    reportIgnoredEvent(worldlineEvent, target.because, account.id);
    return jsonResponse(200, RECEIVED);
  }
  const notification = eventNotification(target.event, target.reference);
  const result = await processNotification(service.repositoryFor(account), notification, {
    nowIso: new Date().toISOString(),
    source: NOTIFICATION_SOURCES.webhook,
  });
  reportNotification(notification, result, NOTIFICATION_SOURCES.webhook, account.id);
  return jsonResponse(200, RECEIVED);
}, 'json');
