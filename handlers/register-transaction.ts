import { httpHandler } from '../lib/http/handler-stack.js';
import { jsonBody } from '../lib/http/json-body.js';
import { jsonResponse, transactionJson } from '../lib/http/transaction-json.js';
import { getService } from '../lib/service.js';
import { registerTransaction } from '../lib/transactions/register-transaction.js';
import { validateRegistration } from '../lib/transactions/validate-registration.js';

/** POST /payment/ogone/transactions: the merchant registers a payment before Ogone sees it. */
export const handler = httpHandler(async (event) => {
  const input = validateRegistration(jsonBody(event));
  const service = await getService('registerTransaction');
  const outcome = await registerTransaction(service.repository, input, new Date().toISOString());
  return jsonResponse(outcome.created ? 201 : 200, transactionJson(outcome.transaction));
}, 'json');
