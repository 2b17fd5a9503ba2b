import { findAccount } from '../lib/accounts/account.js';
import { DEFAULT_ALIAS_REFUSAL, isDefaultAccountAlias } from '../lib/http/default-account-alias.js';
import { httpHandler } from '../lib/http/handler-stack.js';
import { jsonBody } from '../lib/http/json-body.js';
import { paymentRequestSettings } from '../lib/http/payment-request-settings.js';
import { jsonResponse, transactionJson } from '../lib/http/transaction-json.js';
import { getService } from '../lib/service.js';
import { TransactionError } from '../lib/transactions/errors.js';
import { paymentRequestFor } from '../lib/transactions/payment-request-for.js';
import { registerTransaction } from '../lib/transactions/register-transaction.js';
import { validateRegistration } from '../lib/transactions/validate-registration.js';

/**
 * POST /payment/transactions: the merchant registers a payment with one account (the body's
 * `account`, else the default) before the provider sees it, and gets back the signed form that
 * sends the shopper to Ogone's hosted page. POST /payment/ogone/transactions is the default
 * account's alias, so it refuses a body naming another account.
 */
export const handler = httpHandler(async (event) => {
  const body = jsonBody(event);
  const { config, repositoryFor } = await getService('registerTransaction');
  const { defaultId } = config.accounts;
  const input = validateRegistration(
    body,
    isDefaultAccountAlias(event)
      ? { defaultId, has: (id) => id === defaultId, refusal: DEFAULT_ALIAS_REFUSAL }
      : { defaultId, has: (id) => findAccount(config.accounts, id) !== undefined },
  );
  const account = findAccount(config.accounts, input.account);
  // validateRegistration accepted the id; this keeps the types honest.
  if (account === undefined) throw new TransactionError('The account disappeared');
  if (account.provider !== 'ogone') throw new TransactionError('Hosted Checkout comes next');
  const outcome = await registerTransaction(
    repositoryFor(account),
    input,
    new Date().toISOString(),
  );
  const { transaction } = outcome;
  return jsonResponse(outcome.created ? 201 : 200, {
    ...transactionJson(transaction),
    paymentRequest: paymentRequestFor(transaction, paymentRequestSettings(account, config, event)),
  });
}, 'json');
