import { DEFAULT_ACCOUNT_ID, KEY_SEPARATOR, type Provider } from '../accounts/account.js';
import { OPEN_BUCKET } from './table-schema.js';

/** The account a repository stores for: what its keys, index bucket and items carry. */
export interface StoreAccount {
  readonly id: string;
  readonly provider: Provider;
}

export const DEFAULT_STORE_ACCOUNT: StoreAccount = { id: DEFAULT_ACCOUNT_ID, provider: 'ogone' };

const SEPARATOR = KEY_SEPARATOR;

/**
 * The table's partition key for (account, reference). The `default` account keeps the bare
 * reference, so that every transaction stored before accounts existed is still found, and still
 * updated by the one conditional write, without a migration (docs/accounts.md, "Storage").
 */
export const itemKey = (account: string, reference: string): string =>
  account === DEFAULT_ACCOUNT_ID ? reference : `${account}${SEPARATOR}${reference}`;

/** The reference inside a key of this account. */
export const referenceOfKey = (account: string, key: string): string => {
  const prefix = `${account}${SEPARATOR}`;
  return account !== DEFAULT_ACCOUNT_ID && key.startsWith(prefix) ? key.slice(prefix.length) : key;
};

/**
 * Each account's open transactions share one partition of the due index, so reconciliation asks
 * about one account at a time with that account's API user. The default account keeps the
 * bucket it had before accounts.
 */
export const openBucketOf = (account: string): string =>
  account === DEFAULT_ACCOUNT_ID ? OPEN_BUCKET : `${OPEN_BUCKET}${SEPARATOR}${account}`;
