import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { findAccount, type WorldlineAccount } from '../lib/accounts/account.js';
import { checkoutReturnUrl } from '../lib/http/checkout-return-url.js';
import { DEFAULT_ALIAS_REFUSAL, isDefaultAccountAlias } from '../lib/http/default-account-alias.js';
import { httpHandler } from '../lib/http/handler-stack.js';
import { jsonBody } from '../lib/http/json-body.js';
import { paymentRequestSettings } from '../lib/http/payment-request-settings.js';
import { jsonResponse, transactionJson } from '../lib/http/transaction-json.js';
import { getService, type Service } from '../lib/service.js';
import { TransactionError } from '../lib/transactions/errors.js';
import {
  checkoutIdempotenceKey,
  ensureHostedCheckout,
} from '../lib/transactions/hosted-checkout.js';
import { paymentRequestFor } from '../lib/transactions/payment-request-for.js';
import {
  type RegisterOutcome,
  registerTransaction,
} from '../lib/transactions/register-transaction.js';
import {
  type RegistrationInput,
  validateRegistration,
} from '../lib/transactions/validate-registration.js';

/**
 * A worldline registration's answer: the transaction with the Hosted Checkout the shopper is
 * sent to, created once (lib/transactions/hosted-checkout.ts). A Payments API failure leaves
 * the registration stored without one, and its error answers (503, 502); sent again, the same
 * registration completes.
 */
const withHostedCheckout = async (
  service: Service,
  account: WorldlineAccount,
  input: RegistrationInput,
  outcome: RegisterOutcome,
  event: APIGatewayProxyEventV2,
) => {
  const transaction = await ensureHostedCheckout(
    service.repositoryFor(account),
    service.paymentsApiFor(account),
    outcome.transaction,
    input,
    {
      returnUrl: checkoutReturnUrl(account, input.reference, service.config, event),
      idempotenceKey: checkoutIdempotenceKey(service.config.tableName, account.id, input.reference),
    },
  );
  const { id, redirectUrl } = transaction.hostedCheckout;
  return jsonResponse(outcome.created ? 201 : 200, {
    ...transactionJson(transaction),
    paymentRequest: { url: redirectUrl, hostedCheckoutId: id },
  });
};

/**
 * POST /payment/transactions: the merchant registers a payment with one account (the body's
 * `account`, else the default) before the provider sees it, and gets back where to send the
 * shopper: the signed form for Ogone's hosted page, or Worldline's Hosted Checkout. POST
 * /payment/ogone/transactions is the default account's alias, so it refuses a body naming
 * another account.
 */
export const handler = httpHandler(async (event) => {
  const body = jsonBody(event);
  const service = await getService('registerTransaction');
  const { config, repositoryFor } = service;
  const { defaultId } = config.accounts;
  const providerOf = (id: string) => findAccount(config.accounts, id)?.provider;
  const input = validateRegistration(
    body,
    isDefaultAccountAlias(event)
      ? {
          defaultId,
          providerOf: (id) => (id === defaultId ? providerOf(id) : undefined),
          refusal: DEFAULT_ALIAS_REFUSAL,
        }
      : { defaultId, providerOf },
  );
  const account = findAccount(config.accounts, input.account);
  // validateRegistration accepted the id; this keeps the types honest.
  if (account === undefined) throw new TransactionError('The account disappeared');
  const outcome = await registerTransaction(
    repositoryFor(account),
    input,
    new Date().toISOString(),
  );
  if (account.provider === 'worldline') {
    return withHostedCheckout(service, account, input, outcome, event);
  }
  const { transaction } = outcome;
  return jsonResponse(outcome.created ? 201 : 200, {
    ...transactionJson(transaction),
    paymentRequest: paymentRequestFor(transaction, paymentRequestSettings(account, config, event)),
  });
}, 'json');
