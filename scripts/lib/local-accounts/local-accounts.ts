import { readFileSync } from 'node:fs';
import type { Account } from '../../../lib/accounts/account.js';
import { ACCOUNTS_VARIABLE, ConfigurationError, parseConfig } from '../../../lib/config.js';
import {
  LOCAL_API_PASSWORD,
  LOCAL_SHA_IN_PASSPHRASE,
  LOCAL_SHA_OUT_PASSPHRASE,
  localEnvironment,
  localWorldlineUrl,
} from '../local-config.js';
import { AccountsFileError, UnknownAccountError } from './errors.js';
import {
  type LocalSecret,
  type SecretOrigin,
  type SecretOrigins,
  withLocalDefaults,
} from './local-defaults.js';

export type { LocalSecret, SecretOrigin, SecretOrigins };

export interface LocalAccount {
  readonly account: Account;
  readonly isDefault: boolean;
  /** Absent: set by the environment to something else, so never printed. */
  readonly origins: SecretOrigins;
}

export interface LocalAccounts {
  /** ACCOUNTS_FILE as given; undefined when today's variables make the one `default` account. */
  readonly file: string | undefined;
  /** What the service reads: the file with the local defaults filled in; undefined without it. */
  readonly document: string | undefined;
  readonly defaultId: string;
  readonly accounts: readonly LocalAccount[];
}

/**
 * Everything the local service and the local providers need checked: all of an account (the
 * worldline secrets too: the fake Payments API and `npm run worldline` sign with them).
 */
const NEEDS = {
  shaOut: true,
  shaIn: true,
  apiUser: true,
  resultSigning: true,
  apiSecret: true,
  webhookKeys: true,
} as const;

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
 * The accounts `npm start` serves and `npm run ogone` and `npm run worldline` play their provider
 * for, read the way the service reads them (parseConfig): the accounts file named by
 * ACCOUNTS_FILE with the local defaults filled in (local-defaults.ts), else today's variables
 * with theirs (local-config.ts). The commands call it with the same PORT, so all see the same
 * accounts. A file the service would refuse is refused here, every problem named.
 */
export const localAccounts = (env: NodeJS.ProcessEnv, port: number): LocalAccounts => {
  const settings = localEnvironment(env, port);
  const file = env.ACCOUNTS_FILE === '' ? undefined : env.ACCOUNTS_FILE;
  const filled =
    file === undefined
      ? undefined
      : withLocalDefaults(readDocument(file), {
          directLinkUrl: settings.OGONE_DIRECTLINK_URL as string,
          worldlineUrl: localWorldlineUrl(env, port),
        });
  const document = filled === undefined ? undefined : JSON.stringify(filled.document);
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
      origins: filled?.origins.get(account.id) ?? environmentOrigins(settings),
    })),
  };
};

/** Today's variables: a secret is printed only while it is still the local default. */
const environmentOrigins = (settings: Readonly<Record<string, string>>): SecretOrigins => {
  const origins: Partial<Record<LocalSecret, SecretOrigin>> = {};
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
