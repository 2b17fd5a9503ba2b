import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeDirectLink, startFakeDirectLink } from '../../scripts/lib/fake-directlink.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';
import { registerIn, type TransactionBody, transactionIn } from '../support/account-calls.js';
import { captureOutput } from '../support/capture-output.js';
import { runReconcile } from '../support/handler-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { twoAccountsDocument, writeAccountsFile } from '../support/two-accounts.js';
import {
  fakePaymentsApi,
  NL_MERCHANT,
  payAtFake,
  registerWithCheckout,
  worldlineRepository,
} from '../support/worldline-reconcile.js';
import { uniqueReference } from './fixtures.js';

/**
 * The reconcile function with a mixed accounts document: `default` (ogone, with an API user,
 * asked through the fake DirectLink), `be` (ogone without an API user: never asked) and `nl`
 * (worldline, asked through the fake Payments API with its own api-secret). One run settles each
 * account's transaction, recorded with its own source, and logs each account under its id.
 */
const DEFAULT_USER = {
  pspId: 'DefaultPSPID',
  userId: 'api-default',
  password: 'api-default-password-1a',
};

let table: LocalTable;
let directLink: FakeDirectLink;
let fake: FakeWorldline;

beforeAll(async () => {
  table = await createLocalTable('worldline-reconcile-handler');
  directLink = await startFakeDirectLink({
    credentials: DEFAULT_USER,
    answer: () => ({ status: '9', amount: '15.1', currency: 'EUR' }),
  });
  fake = await startFakeWorldline({ merchants: [NL_MERCHANT] });
  const base = twoAccountsDocument().accounts;
  const document = twoAccountsDocument({
    default: {
      apiUserId: DEFAULT_USER.userId,
      directLinkUrl: directLink.url,
      secrets: {
        ...(base.default.secrets as Record<string, string>),
        'api-user-password': DEFAULT_USER.password,
      },
    },
    extra: {
      nl: {
        provider: 'worldline',
        merchantId: NL_MERCHANT.merchantId,
        apiKeyId: NL_MERCHANT.apiKeyId,
        resultUrl: 'https://shop.example/nl/result',
        apiEndpoint: fake.url,
        secrets: { 'api-secret': NL_MERCHANT.apiSecret },
      },
    },
  });
  useHandlerEnvironment(table, {
    ACCOUNTS_FILE: writeAccountsFile(document),
    RECONCILE_MIN_AGE_MINUTES: '0',
    RECONCILE_CONCURRENCY: '2',
    DIRECTLINK_TIMEOUT_MS: '2000',
    WORLDLINE_TIMEOUT_MS: '2000',
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await directLink?.stop();
  await fake?.stop();
});

/** The reference registered in all three accounts; nl's with the checkout the fake created. */
const registerEverywhere = async (prefix: string) => {
  const reference = uniqueReference(prefix);
  for (const account of ['default', 'be']) {
    expect((await registerIn(account, reference)).statusCode).toBe(201);
  }
  const checkout = await registerWithCheckout(
    worldlineRepository(table, 'nl'),
    fakePaymentsApi(fake),
    reference,
    Date.now(),
  );
  return { reference, checkout };
};

const sources = (transaction: TransactionBody) =>
  transaction.notifications.map((n) => (n as { source?: string }).source);

/** The JSON log lines written, for one reference or account. */
const lines = (written: readonly string[]) =>
  written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the reconcile function with ogone and worldline accounts', () => {
  it('asks each provider about its own account’s transaction, and records each source', async () => {
    const { reference, checkout } = await registerEverywhere('mix');
    await payAtFake(fake, checkout, 9);
    const written = captureOutput();

    const summary = await runReconcile();

    expect(summary).toEqual({ checked: 2, applied: 2, failed: 0 });
    expect(directLink.queries.filter((query) => query.orderId === reference)).toEqual([
      { orderId: reference, authorized: true },
    ]);
    expect(fake.calls.filter((call) => call.path.endsWith(`/${checkout}`))).toEqual([
      { method: 'GET', path: `/v2/ShopNL/hostedcheckouts/${checkout}`, status: 200 },
    ]);
    const settled = {
      default: await transactionIn('default', reference),
      be: await transactionIn('be', reference),
      nl: await transactionIn('nl', reference),
    };
    expect(settled.default.state).toBe('paid');
    expect(sources(settled.default)).toEqual(['directlink']);
    expect(settled.nl.state).toBe('paid');
    expect(settled.nl.provider).toBe('worldline');
    expect(sources(settled.nl)).toEqual(['payments_api']);
    // No API user: never asked, left as registered.
    expect(settled.be.state).toBe('created');

    const logged = lines(written);
    expect(
      logged
        .filter((line) => line.message === 'Reconciled' && line.reference === reference)
        .map((line) => [line.account, line.state])
        .sort(),
    ).toEqual([
      ['default', 'paid'],
      ['nl', 'paid'],
    ]);
    expect(
      logged
        .filter((line) => line.message === 'Reconciliation run')
        .map((line) => line.account)
        .sort(),
    ).toEqual(['default', 'nl']);
    expect(written.join('')).not.toContain(NL_MERCHANT.apiSecret);
  });

  it('logs a failing Payments API under the account, without its secret, and still settles the other', async () => {
    const { reference, checkout } = await registerEverywhere('fault');
    await payAtFake(fake, checkout, 9);
    fake.failNext({ httpStatus: 502 });
    const written = captureOutput();

    const summary = await runReconcile();

    expect(summary).toEqual({ checked: 2, applied: 1, failed: 1 });
    expect((await transactionIn('default', reference)).state).toBe('paid');
    expect((await transactionIn('nl', reference)).state).toBe('created');
    const warning = lines(written).find(
      (line) => line.message === 'Reconciliation failed; retried on the next run',
    );
    expect(warning).toMatchObject({
      account: 'nl',
      reference,
      error: 'WorldlineUnavailableError',
      context: { status: 502 },
    });
    expect(written.join('')).not.toContain(NL_MERCHANT.apiSecret);
  });
});
