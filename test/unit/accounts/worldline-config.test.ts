import { describe, expect, it } from 'vitest';
import { findAccount, ofProvider, type WorldlineAccount } from '../../../lib/accounts/account.js';
import { ACCOUNTS_VARIABLE, ConfigurationError, parseConfig } from '../../../lib/config.js';
import { WORLDLINE_API_ENDPOINTS } from '../../../lib/worldline/endpoints.js';

const BASE = {
  RESULT_SIGNING_SECRET: 'Result-Signing-Secret-Value-0a1b2c3d4e5f',
  TRANSACTIONS_TABLE: 'ogone-transactions',
};
const WEBHOOK_KEYS = {
  'key-2026': 'webhook-secret-2026-abcdefgh',
  'key-2025': 'webhook-old-1234567',
};

const nl = (overrides: Record<string, unknown> = {}) => ({
  provider: 'worldline',
  merchantId: 'ShopNL',
  apiKeyId: 'A1B2C3',
  resultUrl: 'https://shop.example/nl/result',
  secrets: {
    'api-secret': 'api-secret-value-0123456789',
    'webhook-keys': JSON.stringify(WEBHOOK_KEYS),
  },
  ...overrides,
});

const documentOf = (account: unknown) => ({
  default: 'main',
  accounts: {
    main: {
      provider: 'ogone',
      pspid: 'MyPSPID',
      resultUrl: 'https://shop.example/result',
      secrets: {
        'sha-out-passphrase': 'sha-out-passphrase-main-0123',
        'sha-in-passphrase': 'sha-in-passphrase-main-01234',
      },
    },
    nl: account,
  },
});

const configOf = (account: unknown, extra: Record<string, string> = {}, documentSecrets = true) =>
  parseConfig(
    { ...BASE, [ACCOUNTS_VARIABLE]: JSON.stringify(documentOf(account)), ...extra },
    undefined,
    { documentSecrets },
  );

const worldline = (account: unknown): WorldlineAccount =>
  ofProvider(findAccount(configOf(account).accounts, 'nl'), 'worldline');

const problemsOf = (account: unknown): readonly string[] => {
  try {
    configOf(account);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
};

describe('a worldline account in the accounts document', () => {
  it('is read beside an ogone account, with its settings and secrets', () => {
    const account = worldline(nl());
    expect(account).toMatchObject({
      id: 'nl',
      provider: 'worldline',
      merchantId: 'ShopNL',
      apiKeyId: 'A1B2C3',
      environment: 'test',
      apiSecret: 'api-secret-value-0123456789',
      apiEndpoint: WORLDLINE_API_ENDPOINTS.test,
      webhookKeys: WEBHOOK_KEYS,
    });
    expect(account.resultUrl.href).toBe('https://shop.example/nl/result');
  });

  it('uses the prod endpoint for environment prod, and an override as given (no trailing slash)', () => {
    expect(worldline(nl({ environment: 'prod' })).apiEndpoint).toBe(WORLDLINE_API_ENDPOINTS.prod);
    expect(worldline(nl({ apiEndpoint: 'http://127.0.0.1:3011/' })).apiEndpoint).toBe(
      'http://127.0.0.1:3011',
    );
  });

  it('names every missing or invalid field, never a value', () => {
    const problems = problemsOf({
      provider: 'worldline',
      environment: 'staging',
      resultUrl: 'http://shop.example/result',
      apiEndpoint: 'ftp://x',
      secrets: { 'webhook-keys': '{"bad,id":"s3cr3t-value-xyz"}' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'accounts.nl.merchantId is required',
        'accounts.nl.apiKeyId is required',
        'accounts.nl.environment must be one of test, prod',
        'accounts.nl.resultUrl must be an absolute https URL (http only to loopback)',
        'accounts.nl.apiEndpoint must be an absolute https URL (http only to loopback)',
        'accounts.nl.api-secret is required',
        'accounts.nl.webhook-keys: a key id must be 1 to 128 printable characters, no comma',
      ]),
    );
    expect(problems.join(' ')).not.toContain('s3cr3t');
  });

  it.each([
    ['not JSON', 'not json', 'must be a JSON object of key id to secret'],
    ['an array', '["a"]', 'must be a JSON object of key id to secret'],
    ['an empty object', '{}', 'must name at least one key'],
    ['an empty secret', '{"k":""}', 'the secret of a key id must be a non-empty string'],
  ])('refuses webhook-keys that is %s', (_case, keys, problem) => {
    const problems = problemsOf(
      nl({ secrets: { 'api-secret': 'x'.repeat(20), 'webhook-keys': keys } }),
    );
    expect(problems).toContain(
      `accounts.nl.webhook-keys${problem.startsWith('must') ? ' ' : ': '}${problem}`,
    );
  });

  it('refuses an ogone setting or secret on a worldline account', () => {
    expect(problemsOf(nl({ pspid: 'X' }))).toContain(
      'accounts document: accounts.nl.pspid is not a setting of a worldline account',
    );
    expect(
      problemsOf(nl({ secrets: { 'sha-out-passphrase': 'x'.repeat(20) } })).join('\n'),
    ).toContain('accounts.nl.secrets.sha-out-passphrase is not a secret of this account');
  });

  it('refuses two worldline accounts with one merchantId', () => {
    const document = {
      default: 'a',
      accounts: { a: nl(), b: nl() },
    };
    let problems: readonly string[] = [];
    try {
      parseConfig({ ...BASE, [ACCOUNTS_VARIABLE]: JSON.stringify(document) });
    } catch (error) {
      problems = (error as ConfigurationError).problems;
    }
    expect(problems).toContain(
      "accounts document: accounts.b.merchantId is also accounts.a's: one account each",
    );
  });

  it('reads only the secrets the function needs, from the source before the document', () => {
    const config = parseConfig(
      {
        ...BASE,
        [ACCOUNTS_VARIABLE]: JSON.stringify({
          default: 'nl',
          accounts: { nl: nl({ secrets: undefined }) },
        }),
        'accounts/nl/api-secret': 'from-ssm-api-secret-0123',
      },
      { shaOut: false, shaIn: true, apiSecret: true },
      { documentSecrets: false },
    );
    const account = ofProvider(findAccount(config.accounts, 'nl'), 'worldline');
    expect(account.apiSecret).toBe('from-ssm-api-secret-0123');
    expect(account.webhookKeys).toEqual({});
  });

  it('warns about a short webhook secret, without the secret', () => {
    const config = configOf(
      nl({ secrets: { 'api-secret': 'x'.repeat(20), 'webhook-keys': '{"k":"short-one"}' } }),
    );
    expect(config.warnings).toContain(
      'accounts.nl.webhook-keys: a secret is shorter than 16 characters',
    );
    expect(config.warnings.join(' ')).not.toContain('short-one');
  });
});
