import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import type { FakeWorldline } from '../../scripts/lib/fake-worldline.js';
import { type LocalStack, startLocalStack } from '../../scripts/lib/local-stack.js';

/**
 * A mixed deployment on this machine, as the README's "Worldline Direct, locally" runs it:
 * `npm start` with an ogone and a worldline account, `npm run worldline` (the real command, in
 * its own process) playing the shopper and Worldline for the worldline account over real HTTP,
 * and `npm run ogone` still playing Ogone for the ogone one.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MIXED = 'test/fixtures/accounts.mixed.json';

let stack: LocalStack;
let toolEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  const port = await freePort();
  toolEnv = {
    ...process.env,
    QUIET: '1',
    PORT: String(port),
    LAMBDA_PORT: String(await freePort()),
    DIRECTLINK_PORT: String(await freePort()),
    WORLDLINE_PORT: String(await freePort()),
    ACCOUNTS_FILE: MIXED,
  };
  stack = await startLocalStack({ port, lambdaPort: Number(toolEnv.LAMBDA_PORT), env: toolEnv });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const fake = (): FakeWorldline => {
  if (stack.worldline === undefined) throw new Error('npm start served no fake Worldline');
  return stack.worldline;
};

/** `npm run <tool> -- …` with npm start's PORT, ACCOUNTS_FILE and WORLDLINE_PORT. */
const run = async (tool: 'worldline' | 'ogone', ...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${tool}.ts`, ...args], {
    cwd: ROOT,
    env: toolEnv,
  });

const register = async (body: Record<string, unknown>) => {
  const response = await fetch(`${stack.baseUrl}/payment/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

interface TransactionView {
  readonly account: string;
  readonly provider: string;
  readonly state: string;
  readonly notifications: readonly { readonly source: string; readonly outcome: string }[];
}

const read = async (account: string, reference: string): Promise<TransactionView> => {
  const response = await fetch(`${stack.baseUrl}/payment/transactions/${account}/${reference}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TransactionView;
};

/** The JSON `pay` prints last: the transaction as the service then reads it. */
const printedTransaction = (stdout: string): TransactionView =>
  JSON.parse(stdout.slice(stdout.indexOf('\n{') + 1)) as TransactionView;

describe('a mixed deployment, locally', () => {
  it('serves the fake Payments API for the worldline account, on WORLDLINE_PORT', () => {
    expect(fake().url).toBe(`http://127.0.0.1:${toolEnv.WORLDLINE_PORT}`);
  });

  it('npm run worldline -- pay: the hosted checkout paid, webhook and browser return, paid', async () => {
    const registered = await register({
      account: 'nl',
      reference: 'WL-E2E-1',
      amount: '42.50',
      currency: 'EUR',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ account: 'nl', provider: 'worldline' });
    const { paymentRequest } = registered.body as {
      paymentRequest: { url: string; hostedCheckoutId: string };
    };
    expect(paymentRequest.url).toBe(
      `${fake().url}/hostedcheckout/PaymentMethods/Selection/${paymentRequest.hostedCheckoutId}`,
    );

    const paid = await run('worldline', 'pay', 'WL-E2E-1', '--account', 'nl');
    expect(paid.stdout).toContain(
      `hosted checkout ${paymentRequest.hostedCheckoutId} for WL-E2E-1, 42.5 EUR: payment ${paymentRequest.hostedCheckoutId}_0 CAPTURED (statusCode 9)`,
    );
    expect(paid.stdout).toContain('webhook payment.captured (key mixed-nl-key): 200');
    expect(paid.stdout).toContain(
      'browser return GET: 303 → https://shop.example/nl/result?reference=WL-E2E-1&state=paid',
    );
    expect(paid.stdout).toContain('webhook payment.captured (redelivered): 200');
    expect(printedTransaction(paid.stdout)).toMatchObject({ account: 'nl', state: 'paid' });

    const transaction = await read('nl', 'WL-E2E-1');
    expect(transaction).toMatchObject({ account: 'nl', provider: 'worldline', state: 'paid' });
    // The webhook once (its redelivery is the same event), applied.
    const webhooks = transaction.notifications.filter((n) => n.source === 'webhook');
    expect(webhooks).toEqual([expect.objectContaining({ outcome: 'applied' })]);
    // Registration created the checkout, and the return route asked the API about it.
    expect(fake().calls).toEqual(
      expect.arrayContaining([
        { method: 'POST', path: '/v2/LocalShopNL/hostedcheckouts', status: 201 },
        {
          method: 'GET',
          path: `/v2/LocalShopNL/hostedcheckouts/${paymentRequest.hostedCheckoutId}`,
          status: 200,
        },
      ]),
    );
  });

  it('--status 5 through the webhook only: authorised; a later capture pays it', async () => {
    const body = { account: 'nl', reference: 'WL-E2E-2', amount: '10', currency: 'EUR' };
    expect((await register(body)).status).toBe(201);
    const authorised = await run(
      'worldline',
      'pay',
      'WL-E2E-2',
      '--account',
      'nl',
      '--status',
      '5',
      '--via',
      'webhook',
    );
    expect(authorised.stdout).toContain('webhook payment.pending_capture (key mixed-nl-key): 200');
    expect(await read('nl', 'WL-E2E-2')).toMatchObject({ state: 'authorized' });
    await run('worldline', 'pay', 'WL-E2E-2', '--account', 'nl', '--via', 'webhook');
    expect(await read('nl', 'WL-E2E-2')).toMatchObject({ state: 'paid' });
  });

  it('npm run ogone -- pay still pays the ogone account, the same reference apart', async () => {
    expect(
      (await register({ account: 'main', reference: 'WL-E2E-1', amount: '10', currency: 'EUR' }))
        .status,
    ).toBe(201);
    const paid = await run('ogone', 'pay', 'WL-E2E-1', '--account', 'main');
    expect(paid.stdout).toContain('SHA-IN signature verified, AMOUNT 1000 EUR');
    expect(await read('main', 'WL-E2E-1')).toMatchObject({
      account: 'main',
      provider: 'ogone',
      state: 'paid',
    });
    expect(await read('nl', 'WL-E2E-1')).toMatchObject({ provider: 'worldline', state: 'paid' });
  });

  it('each command refuses the other provider’s account (exit 2, nothing sent)', async () => {
    await expect(run('worldline', 'pay', 'WL-E2E-1', '--account', 'main')).rejects.toMatchObject({
      code: 2,
      stderr: 'account main is an ogone account: use npm run ogone -- pay\n',
    });
    await expect(run('ogone', 'pay', 'WL-E2E-1', '--account', 'nl')).rejects.toMatchObject({
      code: 2,
      stderr: 'account nl is a worldline account: use npm run worldline -- pay\n',
    });
  });
});
