import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDirectLink, startFakeDirectLink } from '../../scripts/lib/fake-directlink.js';
import { registerIn, transactionIn } from '../support/account-calls.js';
import { runReconcile } from '../support/handler-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { twoAccountsDocument, writeAccountsFile } from '../support/two-accounts.js';
import { uniqueReference } from './fixtures.js';

/**
 * The reconcile function with two reconciled accounts and one without an API user: each account
 * is asked about with its own PSPID and API user (the fake refuses any other pairing), and each
 * answer lands on that account's transaction only.
 */
const USERS = {
  default: { pspId: 'DefaultPSPID', userId: 'api-default', password: 'api-default-password-1a' },
  be: { pspId: 'ShopBE', userId: 'api-be', password: 'api-be-password-2b' },
} as const;

/** What Ogone says about each account's orders: paid at one, declined at the other. */
const STATUS_BY_PSPID: Readonly<Record<string, string>> = { DefaultPSPID: '9', ShopBE: '2' };

let table: LocalTable;
let fake: FakeDirectLink;
const asked: { orderId: string; pspId: string }[] = [];

beforeAll(async () => {
  table = await createLocalTable('accounts-reconcile');
  fake = await startFakeDirectLink({
    credentials: Object.values(USERS),
    answer: (orderId, pspId) => {
      asked.push({ orderId, pspId });
      return { status: STATUS_BY_PSPID[pspId] ?? '0', amount: '15.1', currency: 'EUR' };
    },
  });
  const base = twoAccountsDocument().accounts;
  const reconciled = (id: 'default' | 'be') => ({
    apiUserId: USERS[id].userId,
    directLinkUrl: fake.url,
    secrets: {
      ...(base[id].secrets as Record<string, string>),
      'api-user-password': USERS[id].password,
    },
  });
  const document = twoAccountsDocument({
    default: reconciled('default'),
    be: reconciled('be'),
    extra: {
      nl: {
        provider: 'ogone',
        pspid: 'ShopNL',
        resultUrl: 'https://shop.example/nl/result',
        secrets: { 'sha-out-passphrase': 'nl-sha-out-0001', 'sha-in-passphrase': 'nl-sha-in-0002' },
      },
    },
  });
  useHandlerEnvironment(table, {
    ACCOUNTS_FILE: writeAccountsFile(document),
    RECONCILE_MIN_AGE_MINUTES: '0',
    DIRECTLINK_TIMEOUT_MS: '2000',
  });
});

afterAll(async () => {
  await fake?.stop();
});

describe('reconciliation of several accounts', () => {
  it('asks each account with its own API user and settles only that account’s transaction', async () => {
    const reference = uniqueReference('rec');
    for (const account of ['default', 'be', 'nl']) {
      expect((await registerIn(account, reference)).statusCode).toBe(201);
    }
    const summary = await runReconcile();

    expect(fake.queries.filter((query) => query.orderId === reference)).toEqual([
      { orderId: reference, authorized: true },
      { orderId: reference, authorized: true },
    ]);
    expect(
      asked
        .filter((query) => query.orderId === reference)
        .map((query) => query.pspId)
        .sort(),
    ).toEqual(['DefaultPSPID', 'ShopBE']);
    expect(summary).toEqual({ checked: 2, applied: 2, failed: 0 });

    const settled = {
      default: await transactionIn('default', reference),
      be: await transactionIn('be', reference),
      nl: await transactionIn('nl', reference),
    };
    expect(settled.default.state).toBe('paid');
    expect(settled.be.state).toBe('declined');
    // No API user: never asked, left as registered.
    expect(settled.nl.state).toBe('created');
    for (const account of ['default', 'be'] as const) {
      expect(settled[account].notifications.map((n) => (n as { source?: string }).source)).toEqual([
        'directlink',
      ]);
    }
  });
});
