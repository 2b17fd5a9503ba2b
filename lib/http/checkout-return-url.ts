import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { WorldlineAccount } from '../accounts/account.js';
import type { Config } from '../config.js';
import { publicBaseUrl } from './payment-request-settings.js';

/** The shopper's way back from a worldline account's Hosted Checkout (serverless.yml). */
export const checkoutReturnPath = (account: string): string =>
  `/payment/worldline/${account}/return`;

/**
 * The returnUrl a Hosted Checkout is created with. Worldline appends `hostedCheckoutId` and
 * `RETURNMAC` to it; the reference, encoded, says which transaction to look up.
 */
export const checkoutReturnUrl = (
  account: WorldlineAccount,
  reference: string,
  config: Config,
  event: APIGatewayProxyEventV2,
): string =>
  `${publicBaseUrl(config, event)}${checkoutReturnPath(account.id)}?reference=${encodeURIComponent(reference)}`;
