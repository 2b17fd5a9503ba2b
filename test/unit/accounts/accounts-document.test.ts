import { describe, expect, it } from 'vitest';
import { readAccountsDocument } from '../../../lib/accounts/accounts-document.js';

const SECRET = 'Document-Secret-Value-41c9e7';

const account = (pspid: string, extra: Record<string, unknown> = {}) => ({
  provider: 'ogone',
  pspid,
  resultUrl: 'https://shop.example/result',
  ...extra,
});

const VALID = {
  default: 'main',
  accounts: {
    main: account('MainPSPID', { hashAlgorithm: 'sha512', apiUserId: 'api-user' }),
    be: account('ShopBE', { hashAlgorithm: 'sha1', previousHashAlgorithm: 'sha512' }),
  },
};

const read = (document: unknown, secretsAllowed = true) => {
  const problems: string[] = [];
  const result = readAccountsDocument(document, { secretsAllowed }, problems);
  return { result, problems };
};

describe('readAccountsDocument', () => {
  it('reads every account with its settings and no problem', () => {
    const { result, problems } = read(VALID);
    expect(problems).toEqual([]);
    expect(result.defaultId).toBe('main');
    expect(result.accounts).toEqual([
      {
        id: 'main',
        provider: 'ogone',
        settings: {
          provider: 'ogone',
          pspid: 'MainPSPID',
          resultUrl: 'https://shop.example/result',
          hashAlgorithm: 'sha512',
          apiUserId: 'api-user',
        },
        secrets: {},
      },
      {
        id: 'be',
        provider: 'ogone',
        settings: {
          provider: 'ogone',
          pspid: 'ShopBE',
          resultUrl: 'https://shop.example/result',
          hashAlgorithm: 'sha1',
          previousHashAlgorithm: 'sha512',
        },
        secrets: {},
      },
    ]);
  });

  it('keeps inline secrets where allowed', () => {
    const { result, problems } = read({
      default: 'main',
      accounts: { main: account('P', { secrets: { 'sha-out-passphrase': SECRET } }) },
    });
    expect(problems).toEqual([]);
    expect(result.accounts[0]?.secrets).toEqual({ 'sha-out-passphrase': SECRET });
  });

  it.each<[string, unknown, string | string[]]>([
    ['not an object', [], 'the accounts document must be a JSON object'],
    ['null', null, 'the accounts document must be a JSON object'],
    ['an unknown top-level field', { ...VALID, extra: 1 }, 'unknown field "extra"'],
    [
      'no accounts',
      { default: 'main', accounts: {} },
      ['accounts must name at least one account', 'default must name one of the accounts'],
    ],
    [
      'an id in capitals',
      { default: 'main', accounts: { ...VALID.accounts, Shop: account('X') } },
      'account id "Shop" must match [a-z0-9-]{1,32}',
    ],
    [
      'an id of 33 characters',
      { default: 'main', accounts: { ...VALID.accounts, ['a'.repeat(33)]: account('X') } },
      `account id "${'a'.repeat(33)}" must match [a-z0-9-]{1,32}`,
    ],
    [
      'an id with a slash',
      { default: 'main', accounts: { ...VALID.accounts, 'a/b': account('X') } },
      'account id "a/b" must match [a-z0-9-]{1,32}',
    ],
    [
      'the id transactions, a segment of the read routes',
      { default: 'main', accounts: { ...VALID.accounts, transactions: account('X') } },
      'account id "transactions" is reserved: it is a path segment of another route',
    ],
    [
      'an account that is not an object',
      { default: 'main', accounts: { ...VALID.accounts, x: 'ogone' } },
      'accounts.x must be an object',
    ],
    [
      'an unknown provider',
      { default: 'main', accounts: { ...VALID.accounts, x: account('X', { provider: 'adyen' }) } },
      'accounts.x.provider must be one of ogone, worldline',
    ],
    [
      'no provider',
      { default: 'main', accounts: { ...VALID.accounts, x: { pspid: 'X' } } },
      'accounts.x.provider must be one of ogone, worldline',
    ],
    [
      'an unknown setting',
      { default: 'main', accounts: { ...VALID.accounts, x: account('X', { merchantId: 'X' }) } },
      'accounts.x.merchantId is not a setting of a ogone account',
    ],
    [
      'a number for a setting',
      { default: 'main', accounts: { ...VALID.accounts, x: account('X', { environment: 1 }) } },
      'accounts.x.environment must be a string',
    ],
    [
      'null for a setting',
      { default: 'main', accounts: { ...VALID.accounts, x: account('X', { apiUserId: null }) } },
      'accounts.x.apiUserId must be a string',
    ],
    [
      'a PSPID two accounts share',
      { default: 'main', accounts: { ...VALID.accounts, x: account('ShopBE') } },
      "accounts.x.pspid is also accounts.be's: one account each",
    ],
    [
      'a default naming no account',
      { default: 'nl', accounts: VALID.accounts },
      'default must name one of the accounts',
    ],
    ['no default', { accounts: VALID.accounts }, 'default must name one of the accounts'],
    [
      'a default that is not a string',
      { default: 1, accounts: VALID.accounts },
      'default must name one of the accounts',
    ],
    [
      'an unknown secret',
      { default: 'main', accounts: { main: account('P', { secrets: { 'api-secret': SECRET } }) } },
      'accounts.main.secrets.api-secret is not a secret of this account',
    ],
    [
      'a secret that is not a string',
      {
        default: 'main',
        accounts: { main: account('P', { secrets: { 'sha-out-passphrase': 42 } }) },
      },
      'accounts.main.secrets.sha-out-passphrase must be a string',
    ],
    [
      'secrets that are not an object',
      { default: 'main', accounts: { main: account('P', { secrets: [SECRET] }) } },
      'accounts.main.secrets must be an object',
    ],
  ])('refuses %s, naming it', (_case, document, problem) => {
    const { problems } = read(document);
    expect(problems).toEqual(typeof problem === 'string' ? [problem] : problem);
  });

  it('refuses secrets where not allowed, naming the place and never the value', () => {
    const document = {
      default: 'main',
      accounts: { main: account('P', { secrets: { 'sha-out-passphrase': SECRET } }) },
    };
    const { result, problems } = read(document, false);
    expect(problems).toEqual([
      "accounts.main.secrets: a deployed stage's secrets live in SSM, never in the accounts file",
    ]);
    expect(result.accounts[0]?.secrets).toEqual({});
    expect(JSON.stringify(problems)).not.toContain(SECRET);
  });

  it('lists every problem at once, and never a setting or secret value', () => {
    const { problems } = read({
      default: 'nowhere',
      other: true,
      accounts: {
        main: account('P', { secrets: { 'sha-in-passphrase': SECRET, bogus: SECRET } }),
        BAD: account('Q'),
        x: account('P', { environment: 7 }),
      },
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).not.toContain(SECRET);
  });
});
