import { accountOfRoute } from '../lib/http/account-route.js';
import { checkoutReturnState } from '../lib/http/checkout-return-state.js';
import { resultRedirect } from '../lib/http/feedback-response.js';
import { httpHandler } from '../lib/http/handler-stack.js';
import { assertMethod } from '../lib/http/request-bytes.js';
import { withinDeadline } from '../lib/http/within-deadline.js';
import { logger } from '../lib/observability/logger.js';
import { getService } from '../lib/service.js';
import { readCheckoutReturn, verifyCheckoutReturn } from '../lib/worldline/checkout-return.js';

/**
 * GET /payment/worldline/{account}/return: the shopper's browser back from a worldline account's
 * Hosted Checkout. The return must prove its checkout (reference, hostedCheckoutId and RETURNMAC
 * as stored at registration) before anything is written or asked of Worldline; then the Payments
 * API says what became of it, that is recorded, and the browser always goes on (303) to the
 * account's result URL with the state, signed, as recorded (docs/api.md, docs/worldline.md).
 */
/**
 * Kept back from the function's deadline for the redirect itself: more than the 300 ms at which
 * the handler stack gives up with a 503 (handler-stack.ts), which a verified return must never
 * give. A slow read, a slow API and a slow write can together outlast the function.
 */
const ANSWER_RESERVE_MS = 800;

export const handler = httpHandler(async (event, context) => {
  assertMethod(event, ['GET']);
  const service = await getService('worldlineReturn');
  const account = accountOfRoute(event, service.config, 'worldline');
  const returned = readCheckoutReturn(event.rawQueryString ?? '');
  const repository = service.repositoryFor(account);
  const verified = verifyCheckoutReturn(returned, await repository.get(returned.reference));
  const state = await withinDeadline(
    checkoutReturnState(service.paymentsApiFor(account), repository, verified, account.id),
    context.getRemainingTimeInMillis() - ANSWER_RESERVE_MS,
    () => {
      logger.error('Hosted checkout status not recorded in time: the recorded state is shown', {
        account: account.id,
        reference: verified.transaction.reference,
      });
      return verified.transaction.state;
    },
  );
  return resultRedirect(
    { url: account.resultUrl, ...service.config.resultSigning },
    verified.transaction.reference,
    state,
    Date.now(),
  );
}, 'text');
