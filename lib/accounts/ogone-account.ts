import { OGONE_ENDPOINTS } from '../ogone/endpoints.js';
import { HASH_ALGORITHMS, type HashAlgorithm, isHashAlgorithm } from '../ogone/hash-algorithm.js';
import { OGONE_ENVIRONMENTS, type OgoneAccount, type OgoneEnvironment } from './account.js';
import { checkedUrl } from './web-url.js';

/** Ogone's back office asks for 16 to 32 characters, but its test accounts use shorter ones. */
const SHORT_PASSPHRASE = 16;

/** The settings of an ogone account, by their names in the accounts document. */
export const OGONE_SETTINGS = [
  'provider',
  'pspid',
  'environment',
  'hashAlgorithm',
  'previousHashAlgorithm',
  'resultUrl',
  'apiUserId',
  'directLinkUrl',
] as const;
export type OgoneSetting = (typeof OGONE_SETTINGS)[number];

/** Its secrets, by their SSM names (docs/deploy.md). */
export const OGONE_SECRETS = [
  'sha-out-passphrase',
  'sha-out-passphrase-previous',
  'sha-in-passphrase',
  'api-user-password',
] as const;
export type OgoneSecret = (typeof OGONE_SECRETS)[number];

/** Which secrets the function reading this account needs checked (least privilege). */
export interface AccountNeeds {
  readonly shaOut: boolean;
  readonly shaIn: boolean;
  readonly apiUser?: boolean;
}

/**
 * Where one account's values come from, and how a problem names them: the variables of a
 * single-account install (`OGONE_PSPID`), or the accounts document (`accounts.be.pspid`).
 */
export interface AccountSource {
  readonly id: string;
  setting(name: OgoneSetting): string | undefined;
  secret(name: OgoneSecret): string | undefined;
  label(name: OgoneSetting | OgoneSecret): string;
  /**
   * A single-account install reconciles its one account, so reconciliation needs its API user;
   * in an accounts document, an account without `apiUserId` is simply not reconciled.
   */
  readonly apiUserRequired: boolean;
}

/**
 * Builds and checks one ogone account, adding every problem and warning it finds; the same checks
 * for both sources. Values never appear in a problem, only their names.
 */
export const ogoneAccount = (
  source: AccountSource,
  needs: AccountNeeds,
  problems: string[],
  warnings: string[],
): OgoneAccount => {
  const { label } = source;
  const required = <T extends OgoneSetting | OgoneSecret>(
    name: T,
    read: (name: T) => string | undefined,
  ): string => {
    const value = read(name);
    if (value === undefined) problems.push(`${label(name)} is required`);
    return value ?? '';
  };
  const setting = (name: OgoneSetting) => source.setting(name);
  const secret = (name: OgoneSecret) => source.secret(name);
  const algorithm = (name: OgoneSetting, fallback?: HashAlgorithm): HashAlgorithm | undefined => {
    const value = source.setting(name) ?? fallback;
    if (value === undefined || isHashAlgorithm(value)) return value;
    problems.push(`${label(name)} must be one of ${HASH_ALGORITHMS.join(', ')}`);
    return undefined;
  };

  const pspId = required('pspid', setting);
  const hashAlgorithm = algorithm('hashAlgorithm', 'sha512') ?? 'sha512';
  const previousHashAlgorithm = algorithm('previousHashAlgorithm');
  const shaOut = needs.shaOut ? required('sha-out-passphrase', secret) : '';
  const previous = needs.shaOut ? source.secret('sha-out-passphrase-previous') : undefined;
  const shaIn = needs.shaIn ? required('sha-in-passphrase', secret) : '';
  for (const name of [
    'sha-out-passphrase',
    'sha-out-passphrase-previous',
    'sha-in-passphrase',
  ] as const) {
    const value = source.secret(name);
    if (value !== undefined && value.length < SHORT_PASSPHRASE) {
      warnings.push(`${label(name)} is shorter than ${SHORT_PASSPHRASE} characters`);
    }
  }
  if (shaIn !== '' && shaIn === shaOut) {
    warnings.push(
      `${label('sha-in-passphrase')} equals ${label('sha-out-passphrase')}; Ogone advises two`,
    );
  }
  const userId = source.setting('apiUserId');
  const password = source.secret('api-user-password');
  const both = `${label('apiUserId')} and ${label('api-user-password')}`;
  if (needs.apiUser === true && source.apiUserRequired && (!userId || !password)) {
    problems.push(`${both} are required for DirectLink`);
  } else if ((userId === undefined) !== (password === undefined)) {
    // An account document without secrets leaves the password to SSM: only a function that
    // reads it (reconciliation) can tell.
    if (source.apiUserRequired || needs.apiUser === true) {
      problems.push(`${both} must be set together`);
    }
  }
  const environment = source.setting('environment') ?? 'test';
  if (!(OGONE_ENVIRONMENTS as readonly string[]).includes(environment)) {
    problems.push(`${label('environment')} must be one of ${OGONE_ENVIRONMENTS.join(', ')}`);
  }
  const resultUrl = checkedUrl(label('resultUrl'), required('resultUrl', setting), problems);
  const directLink = checkedUrl(label('directLinkUrl'), source.setting('directLinkUrl'), problems);
  const endpoints =
    OGONE_ENDPOINTS[(environment === 'prod' ? 'prod' : 'test') satisfies OgoneEnvironment];
  const shaOutPassphrases = [shaOut, previous].filter((value): value is string => Boolean(value));
  return {
    id: source.id,
    provider: 'ogone',
    pspId,
    environment: environment as OgoneEnvironment,
    hashAlgorithm,
    previousHashAlgorithm:
      previousHashAlgorithm === hashAlgorithm ? undefined : previousHashAlgorithm,
    shaOutPassphrases,
    shaInPassphrase: shaIn,
    apiUser: userId === undefined || password === undefined ? undefined : { userId, password },
    // A placeholder only when a problem is already listed: parseConfig then throws.
    resultUrl: resultUrl ?? new URL('https://invalid.invalid/'),
    // The parsed form, not the text: what is used is what was checked.
    directLinkQueryUrl: directLink?.href ?? endpoints.directLinkQuery,
    hostedPaymentPageUrl: endpoints.hostedPaymentPage,
    keys: {
      passphrases: shaOutPassphrases,
      algorithm: hashAlgorithm,
      ...(previousHashAlgorithm === undefined || previousHashAlgorithm === hashAlgorithm
        ? {}
        : { previousAlgorithm: previousHashAlgorithm }),
    },
  };
};
