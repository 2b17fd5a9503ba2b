import { httpHandler } from '../lib/http/handler-stack.js';
import { jsonBody } from '../lib/http/json-body.js';
import { paymentRequestSettings } from '../lib/http/payment-request-settings.js';
import { jsonResponse, transactionJson } from '../lib/http/transaction-json.js';
import { getService } from '../lib/service.js';
import { paymentRequestFor } from '../lib/transactions/payment-request-for.js';
import { registerTransaction } from '../lib/transactions/register-transaction.js';
import { validateRegistration } from '../lib/transactions/validate-registration.js';

/**
 * POST /payment/ogone/transactions: the merchant registers a payment before Ogone sees it, and
 * gets back the signed form that sends the shopper to Ogone's hosted payment page.
 */
export const handler = httpHandler(async (event) => {
  const input = validateRegistration(jsonBody(event));
  const { config, repository } = await getService('registerTransaction');
  const outcome = await registerTransaction(repository, input, new Date().toISOString());
  const { transaction } = outcome;
  return jsonResponse(outcome.created ? 201 : 200, {
    ...transactionJson(transaction),
    paymentRequest: paymentRequestFor(transaction, paymentRequestSettings(config, event)),
  });
}, 'json');
