import { accountOfRoute } from '../lib/http/account-route.js';
import { httpHandler } from '../lib/http/handler-stack.js';
import { jsonResponse, transactionJson } from '../lib/http/transaction-json.js';
import { getService } from '../lib/service.js';
import { NotFoundError } from '../lib/transactions/errors.js';

/**
 * GET /payment/transactions/{account}/{reference}: the merchant reads a transaction of one
 * account. GET /payment/ogone/transactions/{reference} and …/transactions?reference=… (where
 * RESULT_URL points by default locally) read the default account's.
 */
export const handler = httpHandler(async (event) => {
  const reference = event.pathParameters?.reference ?? event.queryStringParameters?.reference ?? '';
  const service = await getService('getTransaction');
  const account = accountOfRoute(event, service.config);
  const transaction =
    reference === '' ? undefined : await service.repositoryFor(account).get(reference);
  if (transaction === undefined) {
    throw new NotFoundError('No transaction with this reference', { context: { reference } });
  }
  return jsonResponse(200, transactionJson(transaction));
}, 'json');
