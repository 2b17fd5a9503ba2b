import { OGONE_ENDPOINTS } from './ogone/endpoints.js';
import { HASH_ALGORITHMS, type HashAlgorithm, isHashAlgorithm } from './ogone/hash-algorithm.js';
import type { ResultSigning } from './result-redirect/sign.js';

export const OGONE_ENVIRONMENTS = ['test', 'prod'] as const;
export type OgoneEnvironment = (typeof OGONE_ENVIRONMENTS)[number];

export interface Config {
  readonly pspId: string;
  readonly hashAlgorithm: HashAlgorithm;
  /** Current SHA-OUT passphrase first, then the previous one during a rotation; empty when not needed. */
  readonly shaOutPassphrases: readonly string[];
  /** Empty when the function does not sign requests to Ogone. */
  readonly shaInPassphrase: string;
  readonly apiUser: { readonly userId: string; readonly password: string } | undefined;
  readonly environment: OgoneEnvironment;
  readonly resultUrl: URL;
  /** Signs browser redirects to RESULT_URL; the secret is empty when the function sends none. */
  readonly resultSigning: ResultSigning;
  /** Where Ogone reaches this service; unset in AWS, the API's own domain is used. */
  readonly publicBaseUrl: string | undefined;
  /** Overrides the environment's DirectLink status query URL (a fake Ogone, locally). */
  readonly directLinkQueryUrl: string;
  readonly hostedPaymentPageUrl: string;
  readonly tableName: string;
  readonly reconcile: ReconcileConfig;
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
}

export const ALL_NEEDS: ConfigNeeds = { shaOut: true, shaIn: true, resultSigning: true };

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

/** Ogone's back office asks for 16 to 32 characters, but its test accounts use shorter ones. */
const SHORT_PASSPHRASE = 16;
/** Ours alone, so no account forces a weak one: 32 random characters at least. */
const RESULT_SECRET_MIN = 32;

const SECRET_NAMES = [
  'OGONE_SHA_OUT_PASSPHRASE',
  'OGONE_SHA_OUT_PASSPHRASE_PREVIOUS',
  'OGONE_SHA_IN_PASSPHRASE',
] as const;

/** Plain http only reaches this machine: `npm start`, its fake DirectLink, the tests. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * An absolute https URL, or http to a loopback host. Anywhere else http would carry the
 * DirectLink password or a shopper's result in clear, and let the network rewrite the answer.
 */
const webUrl = (text: string): URL | undefined => {
  try {
    const url = new URL(text);
    const local = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
    return url.protocol === 'https:' || local ? url : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Reads and checks the whole configuration once per cold start (docs/api.md §9). The source is the
 * environment merged with secrets fetched at start, so the same checks apply in AWS and locally.
 */
export const parseConfig = (source: ConfigSource, needs: ConfigNeeds = ALL_NEEDS): Config => {
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

  const pspId = required('OGONE_PSPID');
  const algorithm = text('OGONE_HASH_ALGORITHM') ?? 'sha512';
  if (!isHashAlgorithm(algorithm)) {
    problems.push(`OGONE_HASH_ALGORITHM must be one of ${HASH_ALGORITHMS.join(', ')}`);
  }
  const shaOut = needs.shaOut ? required('OGONE_SHA_OUT_PASSPHRASE') : '';
  const previous = needs.shaOut ? text('OGONE_SHA_OUT_PASSPHRASE_PREVIOUS') : undefined;
  const shaIn = needs.shaIn ? required('OGONE_SHA_IN_PASSPHRASE') : '';
  for (const name of SECRET_NAMES) {
    const value = text(name);
    if (value !== undefined && value.length < SHORT_PASSPHRASE) {
      warnings.push(`${name} is shorter than ${SHORT_PASSPHRASE} characters`);
    }
  }
  if (shaIn !== '' && shaIn === shaOut) {
    warnings.push('OGONE_SHA_IN_PASSPHRASE equals OGONE_SHA_OUT_PASSPHRASE; Ogone advises two');
  }
  const resultSecret = needs.resultSigning === true ? required('RESULT_SIGNING_SECRET') : '';
  if (resultSecret !== '' && resultSecret.length < RESULT_SECRET_MIN) {
    problems.push(`RESULT_SIGNING_SECRET must be at least ${RESULT_SECRET_MIN} characters`);
  }
  const userId = text('OGONE_USERID');
  const password = text('OGONE_PASSWORD');
  if (needs.apiUser === true && (userId === undefined || password === undefined)) {
    problems.push('OGONE_USERID and OGONE_PASSWORD are required for DirectLink');
  } else if ((userId === undefined) !== (password === undefined)) {
    problems.push('OGONE_USERID and OGONE_PASSWORD must be set together');
  }
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
  // The browser follows the redirect at once; the rest covers a slow page, a reload and clock
  // skew, while a copied link (history, shared URL) stops working soon (docs/result-redirect.md).
  const resultSigning = {
    secret: resultSecret,
    ttlSeconds: integer('RESULT_SIGNATURE_TTL_SECONDS', 600, 60, 3600),
  };
  const environment = text('OGONE_ENVIRONMENT') ?? 'test';
  if (!(OGONE_ENVIRONMENTS as readonly string[]).includes(environment)) {
    problems.push(`OGONE_ENVIRONMENT must be one of ${OGONE_ENVIRONMENTS.join(', ')}`);
  }
  const checkedUrl = (name: string, value: string | undefined): URL | undefined => {
    if (value === undefined || value === '') return undefined;
    const url = webUrl(value);
    if (url === undefined) {
      problems.push(`${name} must be an absolute https URL (http only to loopback)`);
    } else if (url.username !== '' || url.password !== '') {
      // A password in a URL ends up in logs and in a shopper's browser; fetch refuses it anyway.
      problems.push(`${name} must not carry a user name or password`);
    }
    return url;
  };
  const resultUrl = checkedUrl('RESULT_URL', required('RESULT_URL'));
  const tableName = required('TRANSACTIONS_TABLE');
  const publicBase = checkedUrl('PUBLIC_BASE_URL', text('PUBLIC_BASE_URL'));
  const directLink = checkedUrl('OGONE_DIRECTLINK_URL', text('OGONE_DIRECTLINK_URL'));

  if (problems.length > 0 || resultUrl === undefined) throw new ConfigurationError(problems);
  const endpoints = OGONE_ENDPOINTS[environment as OgoneEnvironment];
  return {
    // The parsed form, not the text: what is used is what was checked (`http://127.0.0.1\@x`
    // is 127.0.0.1 to the WHATWG parser, possibly x to another reader of the raw text).
    publicBaseUrl: publicBase?.href.replace(/\/+$/, ''),
    directLinkQueryUrl: directLink?.href ?? endpoints.directLinkQuery,
    hostedPaymentPageUrl: endpoints.hostedPaymentPage,
    pspId,
    hashAlgorithm: algorithm as HashAlgorithm,
    shaOutPassphrases: [shaOut, previous].filter((value): value is string => Boolean(value)),
    shaInPassphrase: shaIn,
    apiUser: userId === undefined || password === undefined ? undefined : { userId, password },
    environment: environment as OgoneEnvironment,
    resultUrl,
    resultSigning,
    tableName,
    reconcile,
    warnings,
  };
};
