import { type Account, type Accounts, DEFAULT_ACCOUNT_ID } from './accounts/account.js';
import { readAccountsDocument } from './accounts/accounts-document.js';
import {
  type AccountSource,
  type OgoneSecret,
  type OgoneSetting,
  ogoneAccount,
} from './accounts/ogone-account.js';
import { checkedUrl } from './accounts/web-url.js';
import { worldlineAccount } from './accounts/worldline-account.js';
import type { ResultSigning } from './result-redirect/sign.js';

export interface Config {
  /** The merchant accounts this deployment serves (docs/accounts.md). */
  readonly accounts: Accounts;
  /** Signs browser redirects to each account's result URL; empty when the function sends none. */
  readonly resultSigning: ResultSigning;
  /** Where Ogone reaches this service; unset in AWS, the API's own domain is used. */
  readonly publicBaseUrl: string | undefined;
  readonly tableName: string;
  readonly reconcile: ReconcileConfig;
  /** How long a Payments API call may take (worldline accounts) before it counts as failed. */
  readonly worldlineTimeoutMs: number;
  /** Acceptable but worth a look; logged once at cold start. */
  readonly warnings: readonly string[];
}

/** Lists every problem at once; names variables, never their values. */
export class ConfigurationError extends Error {
  public readonly problems: readonly string[];

  public constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
    this.problems = problems;
  }
}

export type ConfigSource = Readonly<Record<string, string | undefined>>;

/**
 * The secrets a function needs. Each deployed function reads only its own SSM parameters (least
 * privilege), so each checks only those; a secret it does not need is neither required nor read.
 */
export interface ConfigNeeds {
  readonly shaOut: boolean;
  readonly shaIn: boolean;
  readonly apiUser?: boolean;
  readonly resultSigning?: boolean;
  /** A worldline account's `api-secret`: Payments API calls. */
  readonly apiSecret?: boolean;
  /** A worldline account's `webhook-keys`: webhook signatures. */
  readonly webhookKeys?: boolean;
}

export const ALL_NEEDS: ConfigNeeds = {
  shaOut: true,
  shaIn: true,
  resultSigning: true,
  apiSecret: true,
  webhookKeys: true,
};

/** Reconciliation through DirectLink (the scheduled function). */
export interface ReconcileConfig {
  /** DirectLink queries per run at most; the function's time usually ends a run first. */
  readonly batchSize: number;
  /** DirectLink queries in flight at once. */
  readonly concurrency: number;
  readonly minAgeMinutes: number;
  readonly directLinkTimeoutMs: number;
  readonly maxAgeHours: number;
}

/** Ours alone, so no account forces a weak one: 32 random characters at least. */
const RESULT_SECRET_MIN = 32;

/** The accounts document as text: read from ACCOUNTS_FILE locally, set by packaging in AWS. */
export const ACCOUNTS_VARIABLE = 'OGONE_ACCOUNTS';

/** A single-account install: today's variables, by the account setting or secret they hold. */
const ENV_NAMES: Readonly<Record<OgoneSetting | OgoneSecret, string>> = {
  provider: 'OGONE_PROVIDER',
  pspid: 'OGONE_PSPID',
  environment: 'OGONE_ENVIRONMENT',
  hashAlgorithm: 'OGONE_HASH_ALGORITHM',
  previousHashAlgorithm: 'OGONE_PREVIOUS_HASH_ALGORITHM',
  resultUrl: 'RESULT_URL',
  apiUserId: 'OGONE_USERID',
  directLinkUrl: 'OGONE_DIRECTLINK_URL',
  'sha-out-passphrase': 'OGONE_SHA_OUT_PASSPHRASE',
  'sha-out-passphrase-previous': 'OGONE_SHA_OUT_PASSPHRASE_PREVIOUS',
  'sha-in-passphrase': 'OGONE_SHA_IN_PASSPHRASE',
  'api-user-password': 'OGONE_PASSWORD',
};

/** Where an account's secret is in the source: the SSM parameter's name under the stage path. */
export const accountSecretKey = (account: string, secret: string): string =>
  `accounts/${account}/${secret}`;

export interface ParseOptions {
  /** False in AWS: secrets come from SSM only, never from the accounts document. */
  readonly documentSecrets: boolean;
}

/**
 * Reads and checks the whole configuration once per cold start (docs/api.md §9). The source is the
 * environment merged with secrets fetched at start, so the same checks apply in AWS and locally.
 */
export const parseConfig = (
  source: ConfigSource,
  needs: ConfigNeeds = ALL_NEEDS,
  options: ParseOptions = { documentSecrets: true },
): Config => {
  const problems: string[] = [];
  const warnings: string[] = [];
  const text = (name: string): string | undefined => {
    const value = source[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined) problems.push(`${name} is required`);
    return value ?? '';
  };

  const resultSecret = needs.resultSigning === true ? required('RESULT_SIGNING_SECRET') : '';
  if (resultSecret !== '' && resultSecret.length < RESULT_SECRET_MIN) {
    problems.push(`RESULT_SIGNING_SECRET must be at least ${RESULT_SECRET_MIN} characters`);
  }
  const documentText = text(ACCOUNTS_VARIABLE);
  const accounts =
    documentText === undefined
      ? envAccounts(source, needs, problems, warnings)
      : documentAccounts(documentText, source, needs, options, problems, warnings);
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    const parsed = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= min && parsed <= max)) {
      problems.push(`${name} must be a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
  const reconcile = {
    batchSize: integer('RECONCILE_BATCH_SIZE', 2000, 1, 10_000),
    concurrency: integer('RECONCILE_CONCURRENCY', 8, 1, 32),
    minAgeMinutes: integer('RECONCILE_MIN_AGE_MINUTES', 30, 0, 100_000),
    // At most half the function's 60 s: a longer one would leave a run no time to start a query
    // (reconcile-settings.ts keeps the timeout and a reserve), and it would do nothing, silently.
    directLinkTimeoutMs: integer('DIRECTLINK_TIMEOUT_MS', 4000, 100, 30_000),
    maxAgeHours: integer('RECONCILE_MAX_AGE_HOURS', 72, 1, 24 * 365),
  };
  // A shopper waits on the return route's call, and Lambda's 6 s covers it and the write.
  const worldlineTimeoutMs = integer('WORLDLINE_TIMEOUT_MS', 3000, 100, 30_000);
  // The browser follows the redirect at once; the rest covers a slow page, a reload and clock
  // skew, while a copied link (history, shared URL) stops working soon (docs/result-redirect.md).
  const resultSigning = {
    secret: resultSecret,
    ttlSeconds: integer('RESULT_SIGNATURE_TTL_SECONDS', 600, 60, 3600),
  };
  const tableName = required('TRANSACTIONS_TABLE');
  const publicBase = checkedUrl('PUBLIC_BASE_URL', text('PUBLIC_BASE_URL'), problems);

  if (problems.length > 0) throw new ConfigurationError(problems);
  return {
    accounts,
    // The parsed form, not the text: what is used is what was checked (`http://127.0.0.1\@x`
    // is 127.0.0.1 to the WHATWG parser, possibly x to another reader of the raw text).
    publicBaseUrl: publicBase?.href.replace(/\/+$/, ''),
    resultSigning,
    tableName,
    reconcile,
    worldlineTimeoutMs,
    warnings,
  };
};

const textOf = (source: ConfigSource, name: string): string | undefined => {
  const value = source[name];
  return value === undefined || value === '' ? undefined : value;
};

/** Without an accounts document: today's variables make one ogone account named `default`. */
const envAccounts = (
  source: ConfigSource,
  needs: ConfigNeeds,
  problems: string[],
  warnings: string[],
): Accounts => {
  const from: AccountSource = {
    id: DEFAULT_ACCOUNT_ID,
    setting: (name) => textOf(source, ENV_NAMES[name]),
    secret: (name) => textOf(source, ENV_NAMES[name]),
    label: (name) => ENV_NAMES[name],
    apiUserRequired: true,
  };
  const account = ogoneAccount(from, needs, problems, warnings);
  return { defaultId: DEFAULT_ACCOUNT_ID, byId: new Map([[DEFAULT_ACCOUNT_ID, account]]) };
};

/** The accounts document: each account checked, every problem named by its place. */
const documentAccounts = (
  documentText: string,
  source: ConfigSource,
  needs: ConfigNeeds,
  options: ParseOptions,
  problems: string[],
  warnings: string[],
): Accounts => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(documentText);
  } catch {
    problems.push(`${ACCOUNTS_VARIABLE} is not JSON`);
    return { defaultId: '', byId: new Map() };
  }
  const found: string[] = [];
  const document = readAccountsDocument(parsed, { secretsAllowed: options.documentSecrets }, found);
  problems.push(...found.map((problem) => `accounts document: ${problem}`));
  const byId = new Map<string, Account>();
  for (const entry of document.accounts) {
    const secret = (name: string) =>
      textOf(source, accountSecretKey(entry.id, name)) ?? entry.secrets[name];
    const label = (name: string) => `accounts.${entry.id}.${name}`;
    if (entry.provider === 'worldline') {
      const from = { id: entry.id, setting: (name: string) => entry.settings[name], secret, label };
      byId.set(entry.id, worldlineAccount(from, needs, problems, warnings));
      continue;
    }
    const from: AccountSource = {
      id: entry.id,
      setting: (name) => entry.settings[name],
      secret,
      label,
      apiUserRequired: false,
    };
    byId.set(entry.id, ogoneAccount(from, needs, problems, warnings));
  }
  return { defaultId: document.defaultId, byId };
};
