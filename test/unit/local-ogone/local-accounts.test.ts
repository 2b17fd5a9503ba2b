import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ofProvider } from '../../../lib/accounts/account.js';
import {
  AccountsFileError,
  UnknownAccountError,
} from '../../../scripts/lib/local-accounts/errors.js';
import {
  findLocalAccount,
  localAccounts,
} from '../../../scripts/lib/local-accounts/local-accounts.js';

/** The accounts `npm start` and `npm run ogone` share (README, "Several accounts"). */
const EXAMPLE = fileURLToPath(
  new URL('../../../config/accounts.local.example.json', import.meta.url),
);
const folder = mkdtempSync(join(tmpdir(), 'local-accounts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const fileWith = (name: string, text: string): string => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};

const PORT = 4100;
const FAKE_DIRECTLINK = `http://127.0.0.1:${PORT + 10}/ncol/test/querydirect_utf8.asp`;

describe('localAccounts', () => {
  it('reads the example file: three accounts, each with its own settings and secrets', () => {
    const local = localAccounts({ ACCOUNTS_FILE: EXAMPLE }, PORT);
    expect(local.file).toBe(EXAMPLE);
    expect(local.defaultId).toBe('main');
    const byId = Object.fromEntries(local.accounts.map((entry) => [entry.account.id, entry]));
    expect(Object.keys(byId)).toEqual(['main', 'be', 'lu']);
    expect(byId.main?.isDefault).toBe(true);
    expect(byId.be?.isDefault).toBe(false);
    expect(byId.be?.account).toMatchObject({
      pspId: 'LocalShopBE',
      hashAlgorithm: 'sha1',
      previousHashAlgorithm: 'sha512',
      shaOutPassphrases: ['local-be-sha-out-passphrase', 'local-be-previous-sha-out'],
      shaInPassphrase: 'local-be-sha-in-passphrase',
      apiUser: { userId: 'local-api-be', password: 'local-be-api-password' },
      directLinkQueryUrl: FAKE_DIRECTLINK,
    });
    expect(ofProvider(byId.lu?.account, 'ogone').apiUser).toBeUndefined();
    const passphrases = local.accounts.map(
      (entry) => ofProvider(entry.account, 'ogone').shaOutPassphrases[0],
    );
    expect(new Set(passphrases).size).toBe(3);
    expect(byId.be?.origins).toEqual({
      'sha-out-passphrase': 'accounts file',
      'sha-out-passphrase-previous': 'accounts file',
      'sha-in-passphrase': 'accounts file',
      'api-user-password': 'accounts file',
    });
  });

  it('fills in what the file leaves out with local defaults: secrets and the fake DirectLink', () => {
    const file = fileWith(
      'no-secrets.json',
      JSON.stringify({
        default: 'a',
        accounts: {
          a: { provider: 'ogone', pspid: 'A', resultUrl: 'https://shop.example/a', apiUserId: 'u' },
          b: {
            provider: 'ogone',
            pspid: 'B',
            resultUrl: 'https://shop.example/b',
            directLinkUrl: 'http://127.0.0.1:9999/query',
            secrets: { 'sha-out-passphrase': 'b-file-sha-out-passphrase' },
          },
        },
      }),
    );
    const local = localAccounts({ ACCOUNTS_FILE: file }, PORT);
    const [a, b] = local.accounts;
    expect(a?.account).toMatchObject({
      shaOutPassphrases: ['local-sha-out-passphrase'],
      shaInPassphrase: 'local-sha-in-passphrase',
      apiUser: { userId: 'u', password: 'local-api-password' },
      directLinkQueryUrl: FAKE_DIRECTLINK,
    });
    expect(a?.origins).toEqual({
      'sha-out-passphrase': 'local default',
      'sha-in-passphrase': 'local default',
      'api-user-password': 'local default',
    });
    // An account without an API user gets no password; a URL the file gives is kept.
    expect(ofProvider(b?.account, 'ogone').apiUser).toBeUndefined();
    expect(ofProvider(b?.account, 'ogone').directLinkQueryUrl).toBe('http://127.0.0.1:9999/query');
    expect(b?.origins).toEqual({
      'sha-out-passphrase': 'accounts file',
      'sha-in-passphrase': 'local default',
    });
    // The service reads the same, filled-in document.
    const served = JSON.parse(local.document ?? '{}');
    expect(served.accounts.a.secrets['api-user-password']).toBe('local-api-password');
    expect(served.accounts.a.directLinkUrl).toBe(FAKE_DIRECTLINK);
    expect(served.accounts.b.secrets).not.toHaveProperty('api-user-password');
  });

  it('without ACCOUNTS_FILE: today’s variables, one account named default', () => {
    const local = localAccounts({ OGONE_SHA_OUT_PASSPHRASE: 'mine-from-the-environment' }, PORT);
    expect(local.file).toBeUndefined();
    expect(local.document).toBeUndefined();
    expect(local.accounts).toHaveLength(1);
    const [only] = local.accounts;
    expect(only?.account).toMatchObject({
      id: 'default',
      pspId: 'local-pspid',
      hashAlgorithm: 'sha512',
      shaOutPassphrases: ['mine-from-the-environment'],
      directLinkQueryUrl: FAKE_DIRECTLINK,
    });
    // A passphrase from the environment is never printed: it has no origin.
    expect(only?.origins['sha-out-passphrase']).toBeUndefined();
    expect(only?.origins['sha-in-passphrase']).toBe('local default');
  });

  it('refuses a file it cannot read, one that is not JSON, and one the service would refuse', () => {
    expect(() => localAccounts({ ACCOUNTS_FILE: join(folder, 'missing.json') }, PORT)).toThrow(
      /could not be read \(ENOENT\)/,
    );
    const broken = fileWith('broken.json', '{"default": "a", "accounts": {"a": {"secrets": x');
    const readBroken = () => localAccounts({ ACCOUNTS_FILE: broken }, PORT);
    expect(readBroken).toThrow(AccountsFileError);
    expect(readBroken).toThrow(/broken\.json is not JSON( at [a-z0-9 ,]+)?$/);
    // Nothing of the file's text: it may hold local secrets.
    expect(readBroken).not.toThrow(/secrets/);
    const refused = fileWith(
      'refused.json',
      JSON.stringify({
        default: 'nope',
        accounts: { a: { provider: 'ogone', pspid: 'A', hashAlgorithm: 'md5' } },
      }),
    );
    expect(() => localAccounts({ ACCOUNTS_FILE: refused }, PORT)).toThrow(
      /accounts\.a\.hashAlgorithm must be one of.*accounts\.a\.resultUrl is required/,
    );
    expect(() => localAccounts({ ACCOUNTS_FILE: refused }, PORT)).toThrow(/default must name/);
  });
});

describe('findLocalAccount', () => {
  it('finds the named account, else the default', () => {
    const local = localAccounts({ ACCOUNTS_FILE: EXAMPLE }, PORT);
    expect(ofProvider(findLocalAccount(local, 'lu').account, 'ogone').pspId).toBe('LocalShopLU');
    expect(findLocalAccount(local, undefined).account.id).toBe('main');
  });

  it('names the accounts that exist when asked for another', () => {
    const local = localAccounts({ ACCOUNTS_FILE: EXAMPLE }, PORT);
    expect(() => findLocalAccount(local, 'nl')).toThrow(UnknownAccountError);
    expect(() => findLocalAccount(local, 'nl')).toThrow(/No account "nl".*main, be, lu/);
    expect(() => findLocalAccount(localAccounts({}, PORT), 'be')).toThrow(
      /without ACCOUNTS_FILE the only account is "default"/,
    );
  });
});
