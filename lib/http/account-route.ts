import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Account, type AccountOf, findAccount, type Provider } from '../accounts/account.js';
import type { Config } from '../config.js';
import { NotFoundError } from '../transactions/errors.js';

/**
 * The account a provider or merchant route is for: its `{account}` path segment, else the
 * deployment's default account. An unknown id, or an account of another provider, is a 404
 * before anything is read or written: the path names no resource of this service.
 */
export function accountOfRoute<P extends Provider>(
  event: APIGatewayProxyEventV2,
  config: Config,
  provider: P,
): AccountOf[P];
export function accountOfRoute(event: APIGatewayProxyEventV2, config: Config): Account;
export function accountOfRoute(
  event: APIGatewayProxyEventV2,
  config: Config,
  provider?: Provider,
): Account {
  const named = event.pathParameters?.account;
  const account = findAccount(config.accounts, named ?? config.accounts.defaultId);
  if (account === undefined || (provider !== undefined && account.provider !== provider)) {
    // The id is echoed only when it is one an account could have: never arbitrary path text.
    throw new NotFoundError('No such account', { context: { account: 'unknown' } });
  }
  return account;
}
