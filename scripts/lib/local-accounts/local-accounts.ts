import { readFileSync } from 'node:fs';
import type { Account } from '../../../lib/accounts/account.js';
import type { OgoneSecret } from '../../../lib/accounts/ogone-account.js';
import { ACCOUNTS_VARIABLE, ConfigurationError, parseConfig } from '../../../lib/config.js';
import {
  LOCAL_API_PASSWORD,
  LOCAL_SHA_IN_PASSPHRASE,
  LOCAL_SHA_OUT_PASSPHRASE,
  localEnvironment,
} from '../local-config.js';
import { AccountsFileError, UnknownAccountError } from './errors.js';

/** Where a secret the local tools know came from; only these two are ever printed. */
export type SecretOrigin = 'local default' | 'accounts file';

export interface LocalAccount {
  readonly account: Account;
  readonly isDefault: boolean;
  /** Absent: set by the environment to something else, so never printed. */
  readonly origins: Readonly<Partial<Record<OgoneSecret, SecretOrigin>>>;
}

export interface LocalAccounts {
  /** ACCOUNTS_FILE as given; undefined when today's variables make the one `default` account. */
  readonly file: string | undefined;
  /** What the service reads: the file with the local defaults filled in; undefined without it. */
  readonly document: string | undefined;
  readonly defaultId: string;
  readonly accounts: readonly LocalAccount[];
}

/** Filled into an account of the file that lacks them, as npm start does for today's variables. */
const LOCAL_SECRETS: readonly (readonly [OgoneSecret, string])[] = [
  ['sha-out-passphrase', LOCAL_SHA_OUT_PASSPHRASE],
  ['sha-in-passphrase', LOCAL_SHA_IN_PASSPHRASE],
  ['api-user-password', LOCAL_API_PASSWORD],
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Everything the local service and the local Ogone need checked: all of an account. */
const NEEDS = { shaOut: true, shaIn: true, apiUser: true, resultSigning: true } as const;

type Origins = Map<string, Partial<Record<OgoneSecret, SecretOrigin>>>;

/**
 * The file's ogone accounts with local defaults where it is silent: a DirectLink URL on this
 * machine (the fake `npm run ogone -- directlink` serves; the real endpoint would be asked
 * otherwise) and the local secrets. Anything malformed is left for parseConfig to name.
 */
const withLocalDefaults = (document: unknown, directLinkUrl: string, origins: Origins): unknown => {
  if (!isObject(document) || !isObject(document.accounts)) return document;
  const accounts: Record<string, unknown> = {};
  for (const [id, entry] of Object.entries(document.accounts)) {
    if (!isObject(entry) || entry.provider !== 'ogone') {
      accounts[id] = entry;
      continue;
    }
    const given = entry.secrets ?? {};
    if (!isObject(given)) {
      accounts[id] = entry;
      continue;
    }
    const secrets: Record<string, unknown> = { ...given };
    const origin: Partial<Record<OgoneSecret, SecretOrigin>> = {};
    for (const name of Object.keys(given)) origin[name as OgoneSecret] = 'accounts file';
    for (const [name, value] of LOCAL_SECRETS) {
      if (name === 'api-user-password' && !entry.apiUserId) continue;
      if (!secrets[name]) {
        secrets[name] = value;
        origin[name] = 'local default';
      }
    }
    origins.set(id, origin);
    accounts[id] = { ...entry, directLinkUrl: entry.directLinkUrl || directLinkUrl, secrets };
  }
  return { ...document, accounts };
};

const readDocument = (file: string): unknown => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AccountsFileError(`ACCOUNTS_FILE ${file} could not be read (${code})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // At most the position: V8 quotes the text around the error, and the file may hold local secrets.
    const [, position, line, column] =
      /position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(String(error)) ?? [];
    const at =
      line === undefined
        ? position === undefined
          ? ''
          : ` at position ${position}`
        : ` at line ${line}, column ${column}`;
    throw new AccountsFileError(`ACCOUNTS_FILE ${file} is not JSON${at}`);
  }
};

/**
 * The accounts `npm start` serves and `npm run ogone` plays Ogone for, read the way the service
 * reads them (parseConfig): the accounts file named by ACCOUNTS_FILE, else today's variables
 * with their local defaults (local-config.ts). Both commands call it with the same PORT, so both
 * see the same accounts. A file the service would refuse is refused here, every problem named.
 */
export const localAccounts = (env: NodeJS.ProcessEnv, port: number): LocalAccounts => {
  const settings = localEnvironment(env, port);
  const file = env.ACCOUNTS_FILE === '' ? undefined : env.ACCOUNTS_FILE;
  const origins: Origins = new Map();
  const document =
    file === undefined
      ? undefined
      : JSON.stringify(
          withLocalDefaults(readDocument(file), settings.OGONE_DIRECTLINK_URL as string, origins),
        );
  let parsed: ReturnType<typeof parseConfig>;
  try {
    parsed = parseConfig(
      document === undefined ? settings : { ...settings, [ACCOUNTS_VARIABLE]: document },
      NEEDS,
      { documentSecrets: true },
    );
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const where = file === undefined ? 'the local configuration' : `ACCOUNTS_FILE ${file}`;
    throw new AccountsFileError(`${where}: ${error.problems.join('; ')}`);
  }
  const { defaultId, byId } = parsed.accounts;
  return {
    file,
    document,
    defaultId,
    accounts: [...byId.values()].map((account) => ({
      account,
      isDefault: account.id === defaultId,
      origins: origins.get(account.id) ?? environmentOrigins(settings),
    })),
  };
};

/** Today's variables: a secret is printed only while it is still the local default. */
const environmentOrigins = (
  settings: Readonly<Record<string, string>>,
): Partial<Record<OgoneSecret, SecretOrigin>> => {
  const origins: Partial<Record<OgoneSecret, SecretOrigin>> = {};
  if (settings.OGONE_SHA_OUT_PASSPHRASE === LOCAL_SHA_OUT_PASSPHRASE) {
    origins['sha-out-passphrase'] = 'local default';
  }
  if (settings.OGONE_SHA_IN_PASSPHRASE === LOCAL_SHA_IN_PASSPHRASE) {
    origins['sha-in-passphrase'] = 'local default';
  }
  if (settings.OGONE_PASSWORD === LOCAL_API_PASSWORD) {
    origins['api-user-password'] = 'local default';
  }
  return origins;
};

/** The account `--account` names, or the default one; an unknown id says which ones exist. */
export const findLocalAccount = (local: LocalAccounts, id: string | undefined): LocalAccount => {
  const wanted = id ?? local.defaultId;
  const found = local.accounts.find((entry) => entry.account.id === wanted);
  if (found !== undefined) return found;
  const known = local.accounts.map((entry) => entry.account.id).join(', ');
  throw new UnknownAccountError(
    local.file === undefined
      ? `No account "${wanted}": without ACCOUNTS_FILE the only account is "${known}"`
      : `No account "${wanted}" in ACCOUNTS_FILE ${local.file}: its accounts are ${known}`,
  );
};
