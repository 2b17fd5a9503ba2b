import { ACCOUNT_ID, PROVIDERS, type Provider, RESERVED_ACCOUNT_IDS } from './account.js';
import { OGONE_SECRETS, OGONE_SETTINGS } from './ogone-account.js';
import { WORLDLINE_SECRETS, WORLDLINE_SETTINGS } from './worldline-account.js';

/** One account as the document states it: text settings, and secrets only where allowed. */
export interface DocumentAccount {
  readonly id: string;
  readonly provider: Provider;
  readonly settings: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
}

export interface AccountsDocument {
  readonly defaultId: string;
  readonly accounts: readonly DocumentAccount[];
}

const SETTINGS: Readonly<Record<Provider, readonly string[]>> = {
  ogone: OGONE_SETTINGS,
  worldline: WORLDLINE_SETTINGS,
};
/** Each provider's secrets, by their SSM names: the one list of who has which. */
export const SECRETS: Readonly<Record<Provider, readonly string[]>> = {
  ogone: OGONE_SECRETS,
  worldline: WORLDLINE_SECRETS,
};

/** Where each provider's own merchant id lives: two accounts with one would mix their records. */
const MERCHANT_ID: Readonly<Record<Provider, string>> = {
  ogone: 'pspid',
  worldline: 'merchantId',
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface DocumentOptions {
  /**
   * Locally (`npm start`, tests) the document may carry each account's secrets; a deployed
   * stage's file never does (its secrets live in SSM), so packaging refuses one that does.
   */
  readonly secretsAllowed: boolean;
}

/**
 * Checks the accounts document's shape (docs/accounts.md): ids, providers, known settings as
 * text, known secrets where allowed, one account per merchant id, and a default that exists.
 * Adds every problem to `problems`, naming fields, never values. Values are checked by each
 * provider's account builder.
 */
export const readAccountsDocument = (
  document: unknown,
  options: DocumentOptions,
  problems: string[],
): AccountsDocument => {
  if (!isObject(document)) {
    problems.push('the accounts document must be a JSON object');
    return { defaultId: '', accounts: [] };
  }
  for (const key of Object.keys(document)) {
    if (key !== 'default' && key !== 'accounts') problems.push(`unknown field "${key}"`);
  }
  const entries = isObject(document.accounts) ? Object.entries(document.accounts) : [];
  if (entries.length === 0) problems.push('accounts must name at least one account');
  const accounts: DocumentAccount[] = [];
  const merchants = new Map<string, string>();
  for (const [id, value] of entries) {
    const at = `accounts.${id}`;
    if (!ACCOUNT_ID.test(id)) {
      problems.push(`account id "${id.slice(0, 40)}" must match [a-z0-9-]{1,32}`);
      continue;
    }
    if (RESERVED_ACCOUNT_IDS.includes(id)) {
      problems.push(`account id "${id}" is reserved: it is a path segment of another route`);
      continue;
    }
    if (!isObject(value)) {
      problems.push(`${at} must be an object`);
      continue;
    }
    const provider = value.provider;
    if (typeof provider !== 'string' || !(PROVIDERS as readonly string[]).includes(provider)) {
      problems.push(`${at}.provider must be one of ${PROVIDERS.join(', ')}`);
      continue;
    }
    const known = provider as Provider;
    const settings: Record<string, string> = {};
    let secrets: Record<string, string> = {};
    for (const [name, field] of Object.entries(value)) {
      if (name === 'secrets') {
        secrets = readSecrets(`${at}.secrets`, field, SECRETS[known], options, problems);
      } else if (!SETTINGS[known].includes(name)) {
        problems.push(`${at}.${name} is not a setting of a ${known} account`);
      } else if (typeof field !== 'string') {
        problems.push(`${at}.${name} must be a string`);
      } else if (field !== '') {
        settings[name] = field;
      }
    }
    const merchant = settings[MERCHANT_ID[known]];
    const other = merchant === undefined ? undefined : merchants.get(`${known}:${merchant}`);
    if (other !== undefined) {
      problems.push(`${at}.${MERCHANT_ID[known]} is also accounts.${other}'s: one account each`);
    } else if (merchant !== undefined) merchants.set(`${known}:${merchant}`, id);
    accounts.push({ id, provider: known, settings, secrets });
  }
  const defaultId = document.default;
  if (typeof defaultId !== 'string' || !accounts.some((account) => account.id === defaultId)) {
    problems.push('default must name one of the accounts');
  }
  return { defaultId: typeof defaultId === 'string' ? defaultId : '', accounts };
};

const readSecrets = (
  at: string,
  value: unknown,
  names: readonly string[],
  options: DocumentOptions,
  problems: string[],
): Record<string, string> => {
  if (!options.secretsAllowed) {
    problems.push(`${at}: a deployed stage's secrets live in SSM, never in the accounts file`);
    return {};
  }
  if (!isObject(value)) {
    problems.push(`${at} must be an object`);
    return {};
  }
  const secrets: Record<string, string> = {};
  for (const [name, secret] of Object.entries(value)) {
    if (!names.includes(name)) problems.push(`${at}.${name} is not a secret of this account`);
    else if (typeof secret !== 'string') problems.push(`${at}.${name} must be a string`);
    else if (secret !== '') secrets[name] = secret;
  }
  return secrets;
};
