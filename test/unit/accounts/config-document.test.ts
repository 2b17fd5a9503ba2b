import { describe, expect, it } from 'vitest';
import { findAccount, type OgoneAccount, ofProvider } from '../../../lib/accounts/account.js';
import { ACCOUNTS_VARIABLE, ConfigurationError, parseConfig } from '../../../lib/config.js';
import type { HashAlgorithm } from '../../../lib/ogone/hash-algorithm.js';
import { readVerifiedNotification } from '../../../lib/ogone/read-notification.js';
import { feedbackParams, signedForm } from '../../support/feedback-requests.js';
import { ACCOUNT_KEYS, twoAccountsDocument } from '../../support/two-accounts.js';

const BASE = {
  RESULT_SIGNING_SECRET: 'Result-Signing-Secret-Value-0a1b2c3d4e5f',
  TRANSACTIONS_TABLE: 'ogone-transactions',
};

const configOf = (document: unknown, extra: Record<string, string> = {}, documentSecrets = true) =>
  parseConfig({ ...BASE, [ACCOUNTS_VARIABLE]: JSON.stringify(document), ...extra }, undefined, {
    documentSecrets,
  });

const problemsOf = (...args: Parameters<typeof configOf>): readonly string[] => {
  try {
    configOf(...args);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
};

const accountOf = (id: string, document: unknown = twoAccountsDocument()): OgoneAccount =>
  ofProvider(findAccount(configOf(document).accounts, id), 'ogone');

const verifies = (account: OgoneAccount, passphrase: string, algorithm: HashAlgorithm): boolean => {
  const form = signedForm(feedbackParams('ORDER-1', '9'), passphrase, algorithm);
  try {
    readVerifiedNotification({ query: Buffer.alloc(0), body: Buffer.from(form) }, account.keys);
    return true;
  } catch {
    return false;
  }
};

const ALGORITHMS: readonly HashAlgorithm[] = ['sha1', 'sha256', 'sha512'];

describe('parseConfig with an accounts document', () => {
  it('builds each account from its own entry, the default as the document says', () => {
    const config = configOf(twoAccountsDocument());
    expect(config.accounts.defaultId).toBe('default');
    expect([...config.accounts.byId.keys()]).toEqual(['default', 'be']);
    const be = accountOf('be');
    expect(be.pspId).toBe('ShopBE');
    expect(be.hashAlgorithm).toBe('sha1');
    expect(be.previousHashAlgorithm).toBe('sha512');
    expect(be.shaOutPassphrases).toEqual([ACCOUNT_KEYS.be.out, ACCOUNT_KEYS.be.previous]);
    expect(be.shaInPassphrase).toBe(ACCOUNT_KEYS.be.in);
    expect(accountOf('default').shaOutPassphrases).toEqual([ACCOUNT_KEYS.default.out]);
  });

  it('ignores the single-account variables when a document is given', () => {
    const config = configOf(twoAccountsDocument(), { OGONE_PSPID: 'EnvPSPID' });
    expect(
      [...config.accounts.byId.values()].map((account) => ofProvider(account, 'ogone').pspId),
    ).toEqual(['DefaultPSPID', 'ShopBE']);
  });

  it('prefers a secret read from SSM (accounts/<id>/<name>) to the document’s', () => {
    const fromSsm = 'be-sha-out-passphrase-from-ssm-001';
    const config = configOf(twoAccountsDocument(), {
      'accounts/be/sha-out-passphrase': fromSsm,
    });
    expect(ofProvider(findAccount(config.accounts, 'be'), 'ogone').shaOutPassphrases[0]).toBe(
      fromSsm,
    );
    expect(ofProvider(findAccount(config.accounts, 'default'), 'ogone').shaOutPassphrases).toEqual([
      ACCOUNT_KEYS.default.out,
    ]);
  });

  it('names each problem by accounts.<id>.<field>, never by a value', () => {
    const document = twoAccountsDocument({
      be: {
        pspid: undefined,
        hashAlgorithm: 'md5',
        environment: 'staging',
        resultUrl: 'ftp://x.example/',
        secrets: { 'sha-out-passphrase': ACCOUNT_KEYS.be.out },
      },
    });
    const problems = problemsOf(document);
    expect(problems).toEqual([
      'accounts.be.pspid is required',
      'accounts.be.hashAlgorithm must be one of sha1, sha256, sha512',
      'accounts.be.sha-in-passphrase is required',
      'accounts.be.environment must be one of test, prod',
      expect.stringMatching(/^accounts\.be\.resultUrl /),
    ]);
    const text = problems.join('\n');
    for (const value of [ACCOUNT_KEYS.be.out, 'md5', 'staging', 'ftp://x.example/']) {
      expect(text).not.toContain(value);
    }
  });

  it('refuses inline secrets when secrets come from SSM', () => {
    expect(problemsOf(twoAccountsDocument(), {}, false)).toContain(
      "accounts document: accounts.default.secrets: a deployed stage's secrets live in SSM, never in the accounts file",
    );
  });

  it('refuses a document that is not JSON, naming the variable only', () => {
    expect(() => parseConfig({ ...BASE, [ACCOUNTS_VARIABLE]: '{"default": "x",' })).toThrowError(
      new ConfigurationError([`${ACCOUNTS_VARIABLE} is not JSON`]),
    );
  });
});

describe('SHA-OUT verification of an account with an algorithm switch and a rotation', () => {
  const be = accountOf('be');
  const passphrases = [ACCOUNT_KEYS.be.out, ACCOUNT_KEYS.be.previous];

  it.each(
    ALGORITHMS.flatMap((algorithm) => passphrases.map((passphrase) => [algorithm, passphrase])),
  )(
    '%s with %s: accepted iff the algorithm is hashAlgorithm or previousHashAlgorithm',
    (algorithm, passphrase) => {
      const accepted = algorithm === 'sha1' || algorithm === 'sha512';
      expect(verifies(be, passphrase as string, algorithm as HashAlgorithm)).toBe(accepted);
    },
  );

  it('accepts no passphrase of the other account, in any algorithm, either way', () => {
    const other = accountOf('default');
    for (const algorithm of ALGORITHMS) {
      expect(verifies(be, ACCOUNT_KEYS.default.out, algorithm)).toBe(false);
      expect(verifies(other, ACCOUNT_KEYS.be.out, algorithm)).toBe(false);
      expect(verifies(other, ACCOUNT_KEYS.be.previous, algorithm)).toBe(false);
    }
    expect(verifies(other, ACCOUNT_KEYS.default.out, 'sha512')).toBe(true);
  });

  it('without previousHashAlgorithm, accepts only hashAlgorithm, with either passphrase', () => {
    const switched = accountOf(
      'be',
      twoAccountsDocument({ be: { previousHashAlgorithm: undefined } }),
    );
    for (const passphrase of passphrases) {
      expect(verifies(switched, passphrase, 'sha1')).toBe(true);
      expect(verifies(switched, passphrase, 'sha512')).toBe(false);
    }
  });
});
