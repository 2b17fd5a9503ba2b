import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { localAccounts } from '../../../scripts/lib/local-accounts/local-accounts.js';
import { localEnvironment } from '../../../scripts/lib/local-config.js';
import { type ReadyStack, readyLines } from '../../../scripts/lib/ready-lines.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MIXED = `${ROOT}test/fixtures/accounts.mixed.json`;
const EXAMPLE = `${ROOT}config/accounts.local.mixed.example.json`;
const PORT = 3000;
const BASE = `http://127.0.0.1:${PORT}`;
const FAKE = `http://127.0.0.1:${PORT + 11}`;

const stackWith = (file: string, worldline?: string): ReadyStack => {
  const env = { ACCOUNTS_FILE: file };
  return {
    baseUrl: BASE,
    lambdaPort: PORT + 2,
    settings: localEnvironment(env, PORT),
    accounts: localAccounts(env, PORT),
    dynamoDb: { endpoint: 'http://127.0.0.1:8000' },
    worldline: worldline === undefined ? undefined : { url: worldline },
  };
};

describe('npm start’s ready line, with a worldline account', () => {
  it('lists its routes, the local fake it calls and its local secrets', () => {
    const lines = readyLines(stackWith(EXAMPLE, FAKE), '9.9');
    const nl = lines.slice(lines.indexOf('  account nl: worldline, merchantId LocalShopNL'));
    expect(nl.slice(0, 9)).toEqual([
      '  account nl: worldline, merchantId LocalShopNL',
      `    webhook:    POST     ${BASE}/payment/worldline/nl/webhook`,
      `    return:     GET      ${BASE}/payment/worldline/nl/return`,
      `    register:   POST     ${BASE}/payment/transactions with "account": "nl"`,
      `    read:       GET      ${BASE}/payment/transactions/nl/{reference}`,
      `    API:        ${FAKE} (the local fake: npm run worldline -- pay), key LOCALNLKEY01`,
      '    api-secret: local-worldline-api-secret (local default)',
      '    webhook key local-webhook-key: local-worldline-webhook-secret (local default)',
      '  invoke:       http://127.0.0.1:3002 (serverless-offline Lambda API: reconcile)',
    ]);
    expect(lines).toContain(
      `  Worldline:    ${FAKE} (local fake Payments API and hosted checkout page)`,
    );
    expect(lines).toContain('  account main (default): ogone, PSPID LocalMain, sha512');
  });

  it('says where secrets from the file come from; names no fake when none runs', () => {
    const lines = readyLines(stackWith(MIXED), '9.9');
    expect(lines).toEqual(
      expect.arrayContaining([
        `    API:        ${FAKE}, key LOCALNLKEY01`,
        '    api-secret: mixed-nl-api-secret-0123456789 (from the accounts file: a local-only secret)',
        '    webhook key mixed-nl-key: mixed-nl-webhook-secret-0123456789 (from the accounts file: a local-only secret)',
      ]),
    );
    expect(lines.join('\n')).not.toContain('Worldline:');
  });
});

describe('npm run worldline -- pay: refusals (exit 2, nothing sent)', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/worldline.ts', ...args], {
      cwd: ROOT,
      // Port 1: nothing listens there, so anything sent would fail differently.
      env: { ...process.env, PORT: '1', WORLDLINE_PORT: '1', ...env },
    });

  it('an unknown account, an ogone account, a bad status, a missing reference', async () => {
    await expect(
      run(['pay', 'R', '--account', 'be'], { ACCOUNTS_FILE: MIXED }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `No account "be" in ACCOUNTS_FILE ${MIXED}: its accounts are main, nl`,
      ),
    });
    await expect(run(['pay', 'R'], { ACCOUNTS_FILE: MIXED })).rejects.toMatchObject({
      code: 2,
      stderr: 'account main is an ogone account: use npm run ogone -- pay\n',
    });
    await expect(
      run(['pay', 'R', '--account', 'nl', '--status', '3'], { ACCOUNTS_FILE: MIXED }),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/^--status is one of 0, 1/) });
    await expect(run(['pay'], {})).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run worldline -- pay <reference>'),
    });
  });

  it('says what is not running instead of failing on a closed port', async () => {
    await expect(
      run(['pay', 'R', '--account', 'nl'], { ACCOUNTS_FILE: MIXED }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: 'The local service at http://127.0.0.1:1 did not answer: is npm start running?\n',
    });
  });
});
