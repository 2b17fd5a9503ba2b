import { describe, expect, it } from 'vitest';
import { ofProvider } from '../../lib/accounts/account.js';
import { type ConfigSource, ConfigurationError, parseConfig } from '../../lib/config.js';

/**
 * Issue 9: outbound and redirect URLs are https. Plain http is left to loopback, where `npm
 * start`, its fake DirectLink and the tests run; packaging refuses it for a deployed stage too
 * (test/infra/https-params.test.ts).
 */
const VALID: ConfigSource = {
  OGONE_PSPID: 'MyPSPID',
  OGONE_SHA_OUT_PASSPHRASE: 'Out-Secret-Value-9f3k2m1q',
  OGONE_SHA_IN_PASSPHRASE: 'In-Secret-Value-4h5j6k7l8',
  RESULT_SIGNING_SECRET: 'Result-Signing-Secret-Value-0a1b2c3d4e5f',
  RESULT_URL: 'https://shop.example/payment/result',
  TRANSACTIONS_TABLE: 'ogone-transactions',
};

const URL_VARIABLES = ['RESULT_URL', 'PUBLIC_BASE_URL', 'OGONE_DIRECTLINK_URL'] as const;

const problemsOf = (source: ConfigSource): readonly string[] => {
  try {
    parseConfig(source);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseConfig: https', () => {
  it.each(
    URL_VARIABLES.flatMap((name) =>
      [
        'http://shop.example/payment',
        'http://10.0.0.7/payment',
        'http://127.0.0.1.nip.io/payment',
        'http://localhost.shop.example/payment',
      ].map((value) => [name, value] as const),
    ),
  )('%s=%s is refused, naming the variable', (name, value) => {
    const problems = problemsOf({ ...VALID, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain('https');
  });

  it.each(
    URL_VARIABLES.flatMap((name) =>
      [
        'https://shop.example/payment',
        'http://127.0.0.1:3010/ncol/test/querydirect_utf8.asp',
        'http://localhost:3000',
        'http://[::1]:3000',
      ].map((value) => [name, value] as const),
    ),
  )('%s=%s is accepted', (name, value) => {
    expect(problemsOf({ ...VALID, [name]: value })).toEqual([]);
  });
});

describe('parseConfig: URL edge cases', () => {
  it.each(
    URL_VARIABLES.flatMap((name) =>
      [
        'http://127.0.0.1.evil.example/x',
        'http://localhost@evil.example/x',
        'http://localhost:3000@evil.example/x',
        'http://[::ffff:127.0.0.1]/x',
        'http://localhost./x',
      ].map((value) => [name, value] as const),
    ),
  )('%s=%s is not loopback, and is refused', (name, value) => {
    const problems = problemsOf({ ...VALID, [name]: value });
    expect(problems).toEqual([`${name} must be an absolute https URL (http only to loopback)`]);
  });

  it.each(
    URL_VARIABLES.flatMap((name) =>
      ['https://api-user:s3cret-pw@shop.example/x', 'http://user:s3cret-pw@127.0.0.1:3010/x'].map(
        (value) => [name, value] as const,
      ),
    ),
  )('%s=%s (a user and password) is refused without echoing them', (name, value) => {
    const problems = problemsOf({ ...VALID, [name]: value });
    expect(problems).toEqual([`${name} must not carry a user name or password`]);
    expect(problems.join(' ')).not.toContain('s3cret');
  });

  it('uses the URL as parsed and checked, not its raw text', () => {
    const config = parseConfig({
      ...VALID,
      OGONE_DIRECTLINK_URL: ' http://127.0.0.1:3010\\@evil.example/q',
      PUBLIC_BASE_URL: 'http://LOCALHOST:3000\\@evil.example//',
    });
    expect(ofProvider(config.accounts.byId.get('default'), 'ogone').directLinkQueryUrl).toBe(
      'http://127.0.0.1:3010/@evil.example/q',
    );
    expect(config.publicBaseUrl).toBe('http://localhost:3000/@evil.example');
  });
});
