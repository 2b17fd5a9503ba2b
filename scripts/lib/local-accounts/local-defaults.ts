import type { OgoneSecret } from '../../../lib/accounts/ogone-account.js';
import type { WorldlineSecret } from '../../../lib/accounts/worldline-account.js';
import {
  LOCAL_API_PASSWORD,
  LOCAL_SHA_IN_PASSPHRASE,
  LOCAL_SHA_OUT_PASSPHRASE,
  LOCAL_WEBHOOK_KEY_ID,
  LOCAL_WEBHOOK_SECRET,
  LOCAL_WORLDLINE_API_SECRET,
} from '../local-config.js';

/** A secret of either provider, by its name in the accounts document. */
export type LocalSecret = OgoneSecret | WorldlineSecret;

/** Where a secret the local tools know came from; only these two are ever printed. */
export type SecretOrigin = 'local default' | 'accounts file';

export type SecretOrigins = Readonly<Partial<Record<LocalSecret, SecretOrigin>>>;

/** What the local stack runs in place of each provider's remote side. */
export interface LocalEndpoints {
  /** The fake DirectLink `npm run ogone -- directlink` serves. */
  readonly directLinkUrl: string;
  /** The fake Payments API `npm start` serves for worldline accounts. */
  readonly worldlineUrl: string;
}

type Entry = Record<string, unknown>;

/** Filled into an account of the file that lacks them, as npm start does for today's variables. */
const LOCAL_SECRETS: Readonly<Record<'ogone' | 'worldline', readonly [LocalSecret, string][]>> = {
  ogone: [
    ['sha-out-passphrase', LOCAL_SHA_OUT_PASSPHRASE],
    ['sha-in-passphrase', LOCAL_SHA_IN_PASSPHRASE],
    ['api-user-password', LOCAL_API_PASSWORD],
  ],
  worldline: [
    ['api-secret', LOCAL_WORLDLINE_API_SECRET],
    // A JSON object as text, as the secret is stored in SSM: one local key id.
    ['webhook-keys', JSON.stringify({ [LOCAL_WEBHOOK_KEY_ID]: LOCAL_WEBHOOK_SECRET })],
  ],
};

const isObject = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A secret the account does not use is not filled in: an ogone account without an API user. */
const wanted = (entry: Entry, name: LocalSecret): boolean =>
  name !== 'api-user-password' || Boolean(entry.apiUserId);

/**
 * One account with local defaults where the file is silent: its secrets, and where its provider's
 * remote side is on this machine (the real endpoint would be asked otherwise). An account of an
 * unknown provider, or with malformed secrets, is left for parseConfig to name.
 */
const withDefaults = (
  entry: Entry,
  endpoints: LocalEndpoints,
): { entry: Entry; origins: SecretOrigins } | undefined => {
  const provider = entry.provider;
  if (provider !== 'ogone' && provider !== 'worldline') return undefined;
  const given = entry.secrets ?? {};
  if (!isObject(given)) return undefined;
  const secrets: Entry = { ...given };
  const origins: Partial<Record<LocalSecret, SecretOrigin>> = {};
  for (const name of Object.keys(given)) origins[name as LocalSecret] = 'accounts file';
  for (const [name, value] of LOCAL_SECRETS[provider]) {
    if (wanted(entry, name) && !secrets[name]) {
      secrets[name] = value;
      origins[name] = 'local default';
    }
  }
  const endpoint =
    provider === 'ogone'
      ? { directLinkUrl: entry.directLinkUrl || endpoints.directLinkUrl }
      : { apiEndpoint: entry.apiEndpoint || endpoints.worldlineUrl };
  return { entry: { ...entry, ...endpoint, secrets }, origins };
};

/**
 * The file's accounts with the local defaults filled in, and where each account's secrets came
 * from (by account id). Anything malformed is passed on unchanged for parseConfig to name.
 */
export const withLocalDefaults = (
  document: unknown,
  endpoints: LocalEndpoints,
): { document: unknown; origins: ReadonlyMap<string, SecretOrigins> } => {
  const origins = new Map<string, SecretOrigins>();
  if (!isObject(document) || !isObject(document.accounts)) return { document, origins };
  const accounts: Entry = {};
  for (const [id, entry] of Object.entries(document.accounts)) {
    const filled = isObject(entry) ? withDefaults(entry, endpoints) : undefined;
    accounts[id] = filled?.entry ?? entry;
    if (filled !== undefined) origins.set(id, filled.origins);
  }
  return { document: { ...document, accounts }, origins };
};
