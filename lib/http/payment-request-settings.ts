import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DEFAULT_ACCOUNT_ID, type OgoneAccount } from '../accounts/account.js';
import type { Config } from '../config.js';
import type { PaymentRequestSettings } from '../transactions/payment-request-for.js';

export const FEEDBACK_PATH = '/payment/ogone/return';

/**
 * The account's own feedback route. The `default` account keeps the route it had before
 * accounts, so back-office settings made then stay right (docs/accounts.md), but only while it
 * is the deployment's default: once a document makes another account the default, the bare route
 * verifies with that one's keys, and `default`'s own route is the only one that serves it.
 */
export const feedbackPathOf = (account: string, defaultId: string): string =>
  account === DEFAULT_ACCOUNT_ID && defaultId === DEFAULT_ACCOUNT_ID
    ? FEEDBACK_PATH
    : `/payment/ogone/${account}/return`;

/**
 * Where providers send the shopper and their notifications: PUBLIC_BASE_URL when set (a custom
 * domain, a base path), else the domain this IAM-authenticated request reached, the API's own.
 */
export const publicBaseUrl = (config: Config, event: APIGatewayProxyEventV2): string =>
  config.publicBaseUrl ?? `https://${event.requestContext.domainName}`;

/** Where Ogone must send the shopper and its feedback, and how the request is signed. */
export const paymentRequestSettings = (
  account: OgoneAccount,
  config: Config,
  event: APIGatewayProxyEventV2,
): PaymentRequestSettings => {
  const base = publicBaseUrl(config, event);
  return {
    pspId: account.pspId,
    hostedPaymentPageUrl: account.hostedPaymentPageUrl,
    returnUrl: `${base}${feedbackPathOf(account.id, config.accounts.defaultId)}`,
    shaInPassphrase: account.shaInPassphrase,
    algorithm: account.hashAlgorithm,
  };
};
