import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofProvider } from '../../lib/accounts/account.js';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import { findLocalAccount } from '../../scripts/lib/local-accounts/local-accounts.js';
import { type LocalStack, startLocalStack } from '../../scripts/lib/local-stack.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import { readOver, registerOver } from '../support/service-http.js';

/**
 * Several accounts on this machine, as the README's "Several accounts" runs them: `npm start`
 * with the example accounts file, and `npm run ogone` (the real command, in its own process)
 * playing Ogone for one account at a time, over real HTTP.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = 'config/accounts.local.example.json';

let stack: LocalStack;
let toolEnv: NodeJS.ProcessEnv;
let directLink: ChildProcess | undefined;

beforeAll(async () => {
  const port = await freePort();
  toolEnv = {
    ...process.env,
    QUIET: '1',
    PORT: String(port),
    LAMBDA_PORT: String(await freePort()),
    DIRECTLINK_PORT: String(await freePort()),
    ACCOUNTS_FILE: EXAMPLE,
  };
  stack = await startLocalStack({
    port,
    lambdaPort: Number(toolEnv.LAMBDA_PORT),
    env: toolEnv,
  });
}, 180_000);

afterAll(async () => {
  directLink?.kill('SIGTERM');
  await stack?.stop();
});

/** `npm run ogone -- …` with npm start's PORT and ACCOUNTS_FILE. */
const ogone = async (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/ogone.ts', ...args], {
    cwd: ROOT,
    env: toolEnv,
  });

const register = async (body: Record<string, unknown>) => {
  const response = await fetch(`${stack.baseUrl}/payment/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { paymentRequest: { fields: Record<string, string> } },
  };
};

const read = async (account: string, reference: string) => {
  const response = await fetch(`${stack.baseUrl}/payment/transactions/${account}/${reference}`);
  return (await response.json()) as {
    account: string;
    state: string;
    notifications: { source: string }[];
  };
};

const accountOf = (id: string) => {
  if (stack.accounts === undefined) throw new Error('the stack did not read ACCOUNTS_FILE');
  return findLocalAccount(stack.accounts, id).account;
};

describe('several accounts, locally', () => {
  it('keeps one reference in two accounts apart: pay --account pays one, the other stays created', async () => {
    const be = await register({
      account: 'be',
      reference: 'TWIN-1',
      amount: '42.50',
      currency: 'EUR',
    });
    expect(be.status).toBe(201);
    expect(be.body.paymentRequest.fields).toMatchObject({
      PSPID: 'LocalShopBE',
      ACCEPTURL: `${stack.baseUrl}/payment/ogone/be/return`,
    });
    // The default account (main), through the route that predates accounts.
    const main = await registerOver(stack.baseUrl, {
      reference: 'TWIN-1',
      amount: '10',
      currency: 'EUR',
    });
    expect(main.status).toBe(201);

    const paid = await ogone('pay', 'TWIN-1', '--account', 'be');
    expect(paid.stdout).toContain('SHA-IN signature verified, AMOUNT 4250 EUR');
    expect(paid.stdout).toContain('→ https://shop.example/be/result?reference=TWIN-1&state=paid');
    expect(await read('be', 'TWIN-1')).toMatchObject({ account: 'be', state: 'paid' });
    expect(await read('main', 'TWIN-1')).toMatchObject({ account: 'main', state: 'created' });
    expect(await (await readOver(stack.baseUrl, 'TWIN-1')).json()).toMatchObject({
      account: 'main',
      state: 'created',
    });
  });

  it('serves the default account on /payment/ogone/return, with its own passphrase only', async () => {
    const main = accountOf('main');
    const be = accountOf('be');
    const params = feedbackParams('TWIN-1', '9', { amount: '10', PAYID: '3000777' });
    const post = (form: string) =>
      fetch(`${stack.baseUrl}/payment/ogone/return`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
    // Signed for another account: not the default account's signature.
    expect(
      (await post(signedForm(params, ofProvider(be, 'ogone').shaOutPassphrases[0] ?? '', 'sha1')))
        .status,
    ).toBe(403);
    const answer = await post(
      signedForm(params, ofProvider(main, 'ogone').shaOutPassphrases[0] ?? '', 'sha512'),
    );
    expect(answer.status).toBe(200);
    expect(await read('main', 'TWIN-1')).toMatchObject({ state: 'paid' });
    expect((await read('be', 'TWIN-1')).notifications).toHaveLength(1);
  });

  it('reconciles an open transaction of a non-default account with that account’s API user', async () => {
    for (const [account, reference] of [
      ['be', 'REC-BE'],
      ['lu', 'REC-LU'],
    ] as const) {
      expect((await register({ account, reference, amount: '10', currency: 'EUR' })).status).toBe(
        201,
      );
    }
    const pending = await ogone(
      'pay',
      'REC-BE',
      '--account',
      'be',
      '--status',
      '51',
      '--via',
      'server',
    );
    expect(pending.stdout).toMatch(/"state": "pending"/);

    directLink = spawn(process.execPath, ['--import', 'tsx', 'scripts/ogone.ts', 'directlink'], {
      cwd: ROOT,
      env: toolEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let served = '';
    directLink.stdout?.on('data', (chunk: Buffer) => {
      served += chunk.toString();
    });
    await expect.poll(() => served, { timeout: 20_000 }).toContain('fake DirectLink on');

    const summary = JSON.parse((await ogone('reconcile')).stdout) as Record<string, number>;
    expect(summary).toMatchObject({ failed: 0 });
    expect(summary.applied).toBeGreaterThanOrEqual(1);
    const settled = await read('be', 'REC-BE');
    expect(settled.state).toBe('paid');
    expect(settled.notifications.map((n) => n.source)).toEqual(['feedback', 'directlink']);
    // The fake answers only a query carrying that PSPID's own API user.
    expect(served).toContain('DirectLink query for REC-BE (account be): STATUS 9');
    // lu has no API user: never asked, still open.
    expect(served).not.toContain('REC-LU');
    expect(await read('lu', 'REC-LU')).toMatchObject({ state: 'created' });
    directLink.kill('SIGTERM');
    await once(directLink, 'exit');
    directLink = undefined;
  });
});
