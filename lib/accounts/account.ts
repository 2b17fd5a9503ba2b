import type { HashAlgorithm } from '../ogone/hash-algorithm.js';
import type { VerificationKeys } from '../ogone/read-notification.js';
import type { WebhookKeys } from '../worldline/webhook-signature.js';

/**
 * One merchant account at one provider (docs/accounts.md). Ids appear in routes, SSM paths and
 * storage keys, so they are restricted to what is safe in all three.
 */
export const ACCOUNT_ID = /^[a-z0-9-]{1,32}$/;

/**
 * Between account and reference in a storage key (dynamodb/item-key.ts). Account ids are
 * `[a-z0-9-]`, registered references printable ASCII, and a notification whose ORDERID holds it
 * is refused, so it appears in neither: two accounts' keys never meet.
 */
export const KEY_SEPARATOR = '\u001f';

/** The account that today's variables make, and whose transactions keep their bare storage keys. */
export const DEFAULT_ACCOUNT_ID = 'default';

/**
 * Ids an account may not take: `/payment/ogone/transactions/return` would be both the feedback
 * route of an account named `transactions` and the default account's read of reference `return`,
 * and API Gateway would pick one of them.
 */
export const RESERVED_ACCOUNT_IDS: readonly string[] = ['transactions'];

/** Providers an account may name: legacy Ogone e-Commerce, and Worldline Direct. */
export const PROVIDERS = ['ogone', 'worldline'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const isProvider = (value: unknown): value is Provider =>
  (PROVIDERS as readonly unknown[]).includes(value);

export const OGONE_ENVIRONMENTS = ['test', 'prod'] as const;
export type OgoneEnvironment = (typeof OGONE_ENVIRONMENTS)[number];

/** A legacy Ogone e-Commerce account: SHA-OUT feedback, SHA-IN hosted page, DirectLink. */
export interface OgoneAccount {
  readonly id: string;
  readonly provider: 'ogone';
  readonly pspId: string;
  readonly environment: OgoneEnvironment;
  /** What SHA-IN signs with and SHA-OUT is first checked with. */
  readonly hashAlgorithm: HashAlgorithm;
  /** Also accepted for SHA-OUT while an algorithm switch in Ogone's back office settles. */
  readonly previousHashAlgorithm: HashAlgorithm | undefined;
  /** Current SHA-OUT passphrase first, then the previous one; empty when not needed. */
  readonly shaOutPassphrases: readonly string[];
  /** Empty when the function does not sign requests to Ogone. */
  readonly shaInPassphrase: string;
  readonly apiUser: { readonly userId: string; readonly password: string } | undefined;
  readonly resultUrl: URL;
  readonly directLinkQueryUrl: string;
  readonly hostedPaymentPageUrl: string;
  /** Every (algorithm, passphrase) pair SHA-OUT accepts, built once per cold start. */
  readonly keys: VerificationKeys;
}

/** A Worldline Direct account: signed webhooks, Hosted Checkout, the Payments API. */
export interface WorldlineAccount {
  readonly id: string;
  readonly provider: 'worldline';
  /** The PSPID Worldline Direct calls merchantId: in every API path and every event. */
  readonly merchantId: string;
  readonly environment: OgoneEnvironment;
  readonly apiKeyId: string;
  /** Empty when the function makes no Payments API call. */
  readonly apiSecret: string;
  /** The Payments API's base URL: the environment's, or the account's override (a local fake). */
  readonly apiEndpoint: string;
  /** Key id → secret for webhook signatures; empty when the function verifies none. */
  readonly webhookKeys: WebhookKeys;
  readonly resultUrl: URL;
}

export type Account = OgoneAccount | WorldlineAccount;

/** The account type of each provider, for code that has checked which one it holds. */
export interface AccountOf {
  readonly ogone: OgoneAccount;
  readonly worldline: WorldlineAccount;
}

/** The accounts of one deployment. */
export interface Accounts {
  /** Served by the routes without an account in their path. */
  readonly defaultId: string;
  readonly byId: ReadonlyMap<string, Account>;
}

/** The account named in a path or a body; undefined for an unknown or malformed id. */
export const findAccount = (accounts: Accounts, id: string | undefined): Account | undefined =>
  id === undefined || !ACCOUNT_ID.test(id) ? undefined : accounts.byId.get(id);

export const defaultAccount = (accounts: Accounts): Account => {
  const account = accounts.byId.get(accounts.defaultId);
  // parseConfig refuses a default that names no account; this keeps the types honest.
  if (account === undefined) throw new Error('The default account is missing');
  return account;
};

/** The account as its provider's type; throws when it is another provider's (a caller's bug). */
export const ofProvider = <P extends Provider>(
  account: Account | undefined,
  provider: P,
): AccountOf[P] => {
  if (account?.provider !== provider) throw new Error(`Not a ${provider} account`);
  return account as AccountOf[P];
};
