import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HashAlgorithm } from '../../lib/ogone/hash-algorithm.js';

/**
 * Two ogone accounts that share nothing a notification could be verified with: `default` (bare
 * storage keys, sha512) and `be` (prefixed keys, sha1 now, sha512 still accepted while Ogone's
 * back office switch settles, and a passphrase rotation under way). Secrets inline, as a local
 * accounts file may carry them.
 */
export const ACCOUNT_KEYS = {
  default: {
    algorithm: 'sha512',
    out: 'default-sha-out-passphrase-0a1b2c',
    in: 'default-sha-in-3d4e5f6a7b',
  },
  be: {
    algorithm: 'sha1',
    previousAlgorithm: 'sha512',
    out: 'be-sha-out-passphrase-current-9z8y',
    previous: 'be-sha-out-passphrase-previous-7x6w',
    in: 'be-sha-in-passphrase-5v4u3t2s',
  },
} as const satisfies Record<
  string,
  {
    algorithm: HashAlgorithm;
    previousAlgorithm?: HashAlgorithm;
    out: string;
    previous?: string;
    in: string;
  }
>;

export const RESULT_URLS = {
  default: 'https://shop.example/result',
  be: 'https://shop.example/be/result',
} as const;

type AccountEntry = Record<string, unknown>;

/** The document, with each account's entry open to changes (`undefined` drops a field). */
export const twoAccountsDocument = (
  changes: { default?: AccountEntry; be?: AccountEntry; extra?: Record<string, AccountEntry> } = {},
) => {
  const clean = (entry: AccountEntry) =>
    Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
  return {
    default: 'default',
    accounts: {
      default: clean({
        provider: 'ogone',
        pspid: 'DefaultPSPID',
        hashAlgorithm: ACCOUNT_KEYS.default.algorithm,
        resultUrl: RESULT_URLS.default,
        secrets: {
          'sha-out-passphrase': ACCOUNT_KEYS.default.out,
          'sha-in-passphrase': ACCOUNT_KEYS.default.in,
        },
        ...changes.default,
      }),
      be: clean({
        provider: 'ogone',
        pspid: 'ShopBE',
        hashAlgorithm: ACCOUNT_KEYS.be.algorithm,
        previousHashAlgorithm: ACCOUNT_KEYS.be.previousAlgorithm,
        resultUrl: RESULT_URLS.be,
        secrets: {
          'sha-out-passphrase': ACCOUNT_KEYS.be.out,
          'sha-out-passphrase-previous': ACCOUNT_KEYS.be.previous,
          'sha-in-passphrase': ACCOUNT_KEYS.be.in,
        },
        ...changes.be,
      }),
      ...changes.extra,
    },
  };
};

/** Writes the document where ACCOUNTS_FILE can name it; a new file each call. */
export const writeAccountsFile = (document: unknown): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'accounts-')), 'accounts.json');
  writeFileSync(path, JSON.stringify(document));
  return path;
};
