import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The registration route from before accounts: an alias for the default account (docs/api.md). */
const DEFAULT_ALIAS_PATH = '/payment/ogone/transactions';

/**
 * Whether a registration came by the default account's alias. Read from the path, not the route
 * key: serverless-offline and the real HTTP API agree on the path, and a stage prefix or a
 * CloudFront origin path only comes before it.
 */
export const isDefaultAccountAlias = (event: APIGatewayProxyEventV2): boolean =>
  event.rawPath.replace(/\/+$/, '').endsWith(DEFAULT_ALIAS_PATH);

/**
 * A body naming another account on the alias is refused rather than followed: a client still on
 * the old route that names an account has mixed the two contracts, and guessing could register
 * the payment with the wrong merchant.
 */
export const DEFAULT_ALIAS_REFUSAL =
  'this route registers with the default account only: name another account on POST /payment/transactions';
