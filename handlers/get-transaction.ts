import { httpHandler } from '../lib/http/handler-stack.js';
import { jsonResponse, transactionJson } from '../lib/http/transaction-json.js';
import { getService } from '../lib/service.js';
import { NotFoundError } from '../lib/transactions/errors.js';

/**
 * GET /payment/ogone/transactions/{reference}: the merchant reads a transaction. Also answers
 * GET /payment/ogone/transactions?reference=…, which is where RESULT_URL points by default locally.
 */
export const handler = httpHandler(async (event) => {
  const reference = event.pathParameters?.reference ?? event.queryStringParameters?.reference ?? '';
  const service = await getService('getTransaction');
  const transaction = reference === '' ? undefined : await service.repository.get(reference);
  if (transaction === undefined) {
    throw new NotFoundError('No transaction with this reference', { context: { reference } });
  }
  return jsonResponse(200, transactionJson(transaction));
}, 'json');
