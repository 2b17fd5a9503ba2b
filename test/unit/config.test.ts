import { describe, expect, it } from 'vitest';
import { defaultAccount, ofProvider } from '../../lib/accounts/account.js';
import { type ConfigSource, ConfigurationError, parseConfig } from '../../lib/config.js';

const SHA_OUT = 'Out-Secret-Value-9f3k2m1q';
const SHA_OUT_PREVIOUS = 'Previous-Out-Secret-Value-7x8w';
const SHA_IN = 'In-Secret-Value-4h5j6k7l8';
const PASSWORD = 'Api-Password-Value-z1y2x3';
const RESULT_SECRET = 'Result-Signing-Secret-Value-0a1b2c3d4e5f';

const VALID: ConfigSource = {
  OGONE_PSPID: 'MyPSPID',
  OGONE_SHA_OUT_PASSPHRASE: SHA_OUT,
  OGONE_SHA_IN_PASSPHRASE: SHA_IN,
  RESULT_SIGNING_SECRET: RESULT_SECRET,
  RESULT_URL: 'https://shop.example/payment/result',
  TRANSACTIONS_TABLE: 'ogone-transactions',
};

const problemsOf = (source: ConfigSource): ConfigurationError => {
  try {
    parseConfig(source);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
};

const SECRETS = [SHA_OUT, SHA_OUT_PREVIOUS, SHA_IN, PASSWORD, RESULT_SECRET];

describe('parseConfig: valid configuration', () => {
  it('applies the defaults: sha512, test environment, no previous passphrase, no API user', () => {
    const config = parseConfig(VALID);
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').hashAlgorithm).toBe('sha512');
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').environment).toBe('test');
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').shaOutPassphrases).toEqual([
      SHA_OUT,
    ]);
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').shaInPassphrase).toBe(SHA_IN);
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').apiUser).toBeUndefined();
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').pspId).toBe('MyPSPID');
    expect(config.tableName).toBe('ogone-transactions');
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').resultUrl.href).toBe(
      'https://shop.example/payment/result',
    );
    expect(config.warnings).toEqual([]);
  });

  it('treats empty strings as unset', () => {
    const config = parseConfig({
      ...VALID,
      OGONE_HASH_ALGORITHM: '',
      OGONE_ENVIRONMENT: '',
      OGONE_SHA_OUT_PASSPHRASE_PREVIOUS: '',
      OGONE_USERID: '',
      OGONE_PASSWORD: '',
    });
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').hashAlgorithm).toBe('sha512');
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').environment).toBe('test');
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').shaOutPassphrases).toEqual([
      SHA_OUT,
    ]);
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').apiUser).toBeUndefined();
  });

  it.each(['sha1', 'sha256', 'sha512'])('accepts OGONE_HASH_ALGORITHM=%s', (algorithm) => {
    expect(
      ofProvider(
        defaultAccount(parseConfig({ ...VALID, OGONE_HASH_ALGORITHM: algorithm }).accounts),
        'ogone',
      ).hashAlgorithm,
    ).toBe(algorithm);
  });

  it('lists the current SHA-OUT passphrase first, then the previous one', () => {
    const config = parseConfig({ ...VALID, OGONE_SHA_OUT_PASSPHRASE_PREVIOUS: SHA_OUT_PREVIOUS });
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').shaOutPassphrases).toEqual([
      SHA_OUT,
      SHA_OUT_PREVIOUS,
    ]);
  });

  it('reads the API user and prod environment', () => {
    const config = parseConfig({
      ...VALID,
      OGONE_USERID: 'api-user',
      OGONE_PASSWORD: PASSWORD,
      OGONE_ENVIRONMENT: 'prod',
    });
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').apiUser).toEqual({
      userId: 'api-user',
      password: PASSWORD,
    });
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').environment).toBe('prod');
  });

  it('accepts an http RESULT_URL (local use)', () => {
    expect(
      defaultAccount(parseConfig({ ...VALID, RESULT_URL: 'http://127.0.0.1:3000/r' }).accounts)
        .resultUrl.port,
    ).toBe('3000');
  });
});

describe('parseConfig: problems', () => {
  it('lists every problem in one ConfigurationError', () => {
    const error = problemsOf({
      OGONE_HASH_ALGORITHM: 'md5',
      OGONE_ENVIRONMENT: 'staging',
      OGONE_USERID: 'api-user',
    });
    const expectedNames = [
      'OGONE_PSPID',
      'OGONE_SHA_OUT_PASSPHRASE',
      'OGONE_SHA_IN_PASSPHRASE',
      'RESULT_SIGNING_SECRET',
      'RESULT_URL',
      'TRANSACTIONS_TABLE',
      'OGONE_HASH_ALGORITHM',
      'OGONE_ENVIRONMENT',
      'OGONE_PASSWORD',
    ];
    expect(error.problems.length).toBeGreaterThanOrEqual(expectedNames.length);
    for (const name of expectedNames) {
      expect(
        error.problems.some((problem) => problem.includes(name)),
        name,
      ).toBe(true);
      expect(error.message).toContain(name);
    }
  });

  it.each([
    'OGONE_PSPID',
    'OGONE_SHA_OUT_PASSPHRASE',
    'OGONE_SHA_IN_PASSPHRASE',
    'RESULT_SIGNING_SECRET',
    'RESULT_URL',
    'TRANSACTIONS_TABLE',
  ])('%s is required', (name) => {
    const error = problemsOf({ ...VALID, [name]: undefined });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(name);
  });

  it('OGONE_USERID without OGONE_PASSWORD is a problem', () => {
    const error = problemsOf({ ...VALID, OGONE_USERID: 'api-user' });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain('OGONE_PASSWORD');
  });

  it('OGONE_PASSWORD without OGONE_USERID is a problem', () => {
    const error = problemsOf({ ...VALID, OGONE_PASSWORD: PASSWORD });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain('OGONE_USERID');
  });

  it.each(['md5', 'SHA512', 'sha-256', 'sha384'])(
    'OGONE_HASH_ALGORITHM=%s is a problem',
    (value) => {
      const error = problemsOf({ ...VALID, OGONE_HASH_ALGORITHM: value });
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toContain('OGONE_HASH_ALGORITHM');
    },
  );

  it.each(['staging', 'PROD', 'production'])('OGONE_ENVIRONMENT=%s is a problem', (value) => {
    expect(problemsOf({ ...VALID, OGONE_ENVIRONMENT: value }).problems[0]).toContain(
      'OGONE_ENVIRONMENT',
    );
  });

  it.each([
    'not a url',
    '/payment/result',
    'shop.example/result',
    'ftp://shop.example/result',
    'javascript:alert(1)',
    'file:///etc/passwd',
  ])('RESULT_URL=%s is a problem', (value) => {
    const error = problemsOf({ ...VALID, RESULT_URL: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain('RESULT_URL');
  });
});

describe('parseConfig: secrets', () => {
  it('no secret value appears in a ConfigurationError', () => {
    const error = problemsOf({
      OGONE_SHA_OUT_PASSPHRASE: SHA_OUT,
      OGONE_SHA_OUT_PASSPHRASE_PREVIOUS: SHA_OUT_PREVIOUS,
      OGONE_SHA_IN_PASSPHRASE: SHA_IN,
      OGONE_PASSWORD: PASSWORD,
      RESULT_SIGNING_SECRET: RESULT_SECRET.slice(0, 31),
      RESULT_SIGNATURE_TTL_SECONDS: RESULT_SECRET,
      OGONE_HASH_ALGORITHM: SHA_OUT,
      OGONE_ENVIRONMENT: SHA_IN,
      RESULT_URL: PASSWORD,
    });
    const text = [
      error.message,
      String(error),
      error.stack ?? '',
      JSON.stringify(error),
      ...error.problems,
    ].join('\n');
    expect(error.problems.length).toBeGreaterThanOrEqual(5);
    expect(error.problems.some((p) => p.startsWith('RESULT_SIGNING_SECRET must be'))).toBe(true);
    for (const secret of [...SECRETS, RESULT_SECRET.slice(0, 31)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('no secret value appears in the warnings', () => {
    const short = { out: 'short-out', previous: 'short-prev', in: 'short-in' };
    const config = parseConfig({
      ...VALID,
      OGONE_SHA_OUT_PASSPHRASE: short.out,
      OGONE_SHA_OUT_PASSPHRASE_PREVIOUS: short.previous,
      OGONE_SHA_IN_PASSPHRASE: short.in,
    });
    expect(config.warnings.length).toBeGreaterThanOrEqual(3);
    const text = config.warnings.join('\n');
    for (const secret of Object.values(short)) expect(text).not.toContain(secret);
  });

  it('the equal-passphrases warning does not show the passphrase', () => {
    const config = parseConfig({ ...VALID, OGONE_SHA_IN_PASSPHRASE: SHA_OUT });
    expect(config.warnings.length).toBeGreaterThanOrEqual(1);
    for (const warning of config.warnings) expect(warning).not.toContain(SHA_OUT);
  });
});

describe('parseConfig: short passphrases', () => {
  it.each([
    'OGONE_SHA_OUT_PASSPHRASE',
    'OGONE_SHA_OUT_PASSPHRASE_PREVIOUS',
    'OGONE_SHA_IN_PASSPHRASE',
  ])('%s shorter than 16 characters is a warning, not a problem', (name) => {
    const config = parseConfig({ ...VALID, [name]: 'x'.repeat(15) });
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain(name);
  });

  it('16 characters is not short', () => {
    const config = parseConfig({
      ...VALID,
      OGONE_SHA_OUT_PASSPHRASE: 'o'.repeat(16),
      OGONE_SHA_IN_PASSPHRASE: 'i'.repeat(16),
    });
    expect(config.warnings).toEqual([]);
  });

  it('a very short test-account passphrase is accepted with a warning', () => {
    const config = parseConfig({ ...VALID, OGONE_SHA_OUT_PASSPHRASE: 'dummy' });
    expect(ofProvider(defaultAccount(config.accounts), 'ogone').shaOutPassphrases).toEqual([
      'dummy',
    ]);
    expect(config.warnings.some((warning) => warning.includes('OGONE_SHA_OUT_PASSPHRASE'))).toBe(
      true,
    );
  });
});

describe('parseConfig: result redirect signing', () => {
  it('signs with RESULT_SIGNING_SECRET, valid for 10 minutes by default', () => {
    expect(parseConfig(VALID).resultSigning).toEqual({ secret: RESULT_SECRET, ttlSeconds: 600 });
  });

  it.each([
    ['60', 60],
    ['900', 900],
    ['3600', 3600],
  ])('takes RESULT_SIGNATURE_TTL_SECONDS=%s', (value, seconds) => {
    const config = parseConfig({ ...VALID, RESULT_SIGNATURE_TTL_SECONDS: value });
    expect(config.resultSigning.ttlSeconds).toBe(seconds);
  });

  it.each(['59', '3601', '0', '-1', '10m', '1.5'])(
    'RESULT_SIGNATURE_TTL_SECONDS=%s is a problem',
    (value) => {
      const error = problemsOf({ ...VALID, RESULT_SIGNATURE_TTL_SECONDS: value });
      expect(error.problems).toEqual([
        'RESULT_SIGNATURE_TTL_SECONDS must be a whole number from 60 to 3600',
      ]);
    },
  );

  it('refuses a secret shorter than 32 characters, naming it and not its value', () => {
    const short = 'r'.repeat(31);
    const error = problemsOf({ ...VALID, RESULT_SIGNING_SECRET: short });
    expect(error.problems).toEqual(['RESULT_SIGNING_SECRET must be at least 32 characters']);
    expect(error.message).not.toContain(short);
    expect(parseConfig({ ...VALID, RESULT_SIGNING_SECRET: 'r'.repeat(32) }).warnings).toEqual([]);
  });

  it('neither requires nor reads the secret in a function that sends no browser anywhere', () => {
    const { RESULT_SIGNING_SECRET: _unused, ...rest } = VALID;
    const config = parseConfig(
      { ...rest, RESULT_SIGNING_SECRET: 'short' },
      {
        shaOut: false,
        shaIn: true,
      },
    );
    expect(config.resultSigning.secret).toBe('');
    expect(parseConfig(rest, { shaOut: true, shaIn: false }).resultSigning.secret).toBe('');
  });
});
