import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { localAccounts } from '../../../scripts/lib/local-accounts/local-accounts.js';
import { localEnvironment } from '../../../scripts/lib/local-config.js';
import { type ReadyStack, readyLines } from '../../../scripts/lib/ready-lines.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLE = `${ROOT}config/accounts.local.example.json`;
const PORT = 3000;

const stackWith = (env: NodeJS.ProcessEnv): ReadyStack => ({
  baseUrl: `http://127.0.0.1:${PORT}`,
  lambdaPort: PORT + 2,
  settings: localEnvironment(env, PORT),
  accounts: env.ACCOUNTS_FILE === undefined ? undefined : localAccounts(env, PORT),
  dynamoDb: { endpoint: 'http://127.0.0.1:8000' },
});

describe('npm start’s ready line', () => {
  it('without ACCOUNTS_FILE: the lines it printed before accounts', () => {
    expect(readyLines(stackWith({}), '9.9')).toEqual([
      '',
      'ogone-feedback ready in 9.9 s',
      '  feedback:     GET|POST http://127.0.0.1:3000/payment/ogone/return',
      '  register:     POST     http://127.0.0.1:3000/payment/ogone/transactions',
      '  read:         GET      http://127.0.0.1:3000/payment/ogone/transactions/{reference}',
      '  invoke:       http://127.0.0.1:3002 (serverless-offline Lambda API: reconcile)',
      '  DirectLink:   http://127.0.0.1:3010/ncol/test/querydirect_utf8.asp (npm run ogone -- directlink)',
      '  DynamoDB:     http://127.0.0.1:8000 (table ogone-feedback-local-transactions)',
      '  hash:         sha512',
      '  SHA-OUT:      local-sha-out-passphrase (local default)',
      '  result key:   local-result-signing-secret-not-for-production (local default)',
      'Ctrl-C stops everything.',
    ]);
  });

  it('never prints a passphrase or result key set in the environment', () => {
    const text = readyLines(
      stackWith({
        OGONE_SHA_OUT_PASSPHRASE: 'a-real-looking-passphrase',
        RESULT_SIGNING_SECRET: 'a-real-looking-result-signing-secret-0123456789',
      }),
      '1.0',
    ).join('\n');
    expect(text).not.toContain('a-real-looking');
    expect(text).toContain('SHA-OUT:      from OGONE_SHA_OUT_PASSPHRASE (not shown)');
  });

  it('with ACCOUNTS_FILE: each account’s routes, algorithms, API user and local secrets', () => {
    const lines = readyLines(stackWith({ ACCOUNTS_FILE: EXAMPLE }), '9.9');
    const base = 'http://127.0.0.1:3000';
    expect(lines).toContain(`  accounts:     3 from ACCOUNTS_FILE ${EXAMPLE} (default main)`);
    expect(lines).toEqual(
      expect.arrayContaining([
        '  account main (default): ogone, PSPID LocalMain, sha512',
        `    feedback:   GET|POST ${base}/payment/ogone/main/return (and /payment/ogone/return)`,
        `    register:   POST     ${base}/payment/transactions with "account": "main" (or none)`,
        '  account be: ogone, PSPID LocalShopBE, sha1 (sha512 also accepted for SHA-OUT)',
        `    feedback:   GET|POST ${base}/payment/ogone/be/return`,
        `    register:   POST     ${base}/payment/transactions with "account": "be"`,
        `    read:       GET      ${base}/payment/transactions/be/{reference}`,
        '    SHA-OUT:    local-be-sha-out-passphrase (from the accounts file: a local-only secret)',
        '    previous:   local-be-previous-sha-out (from the accounts file: a local-only secret)',
        `    DirectLink: user local-api-be at ${base.replace('3000', '3010')}/ncol/test/querydirect_utf8.asp`,
        '    DirectLink: no API user (not reconciled)',
        '  result key:   local-result-signing-secret-not-for-production (local default)',
      ]),
    );
    // Only what a shopper's page or curl needs: no SHA-IN passphrase, no API password.
    const text = lines.join('\n');
    expect(text).not.toContain('sha-in-passphrase');
    expect(text).not.toContain('api-password');
  });
});

describe('npm run ogone -- pay --account', () => {
  it('refuses an account the file does not have, naming the ones it has (exit 2)', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/ogone.ts', 'pay', 'ORDER-1', '--account', 'nl'],
      { cwd: ROOT, env: { ...process.env, ACCOUNTS_FILE: EXAMPLE, PORT: '1' } },
    );
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `No account "nl" in ACCOUNTS_FILE ${EXAMPLE}: its accounts are main, be, lu`,
      ),
    });
  });
});
