import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getTransaction } from '../../handlers/get-transaction.js';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import {
  deliverTo,
  registerIn,
  scanAll,
  signedFeedback,
  transactionIn,
} from '../support/account-calls.js';
import { httpApiEvent } from '../support/api-events.js';
import { callHandler, readThroughHandler } from '../support/handler-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable, storedItem } from '../support/local-table.js';
import { ACCOUNT_KEYS, twoAccountsDocument, writeAccountsFile } from '../support/two-accounts.js';
import { uniqueReference } from './fixtures.js';

/**
 * A document whose default is not the account named `default`: the routes without an account
 * serve the document's default (here `be`), whose keys stay prefixed; `default` is then an
 * account like any other, still with bare keys.
 */
let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('accounts-default-id');
  const document = { ...twoAccountsDocument(), default: 'be' };
  useHandlerEnvironment(table, { ACCOUNTS_FILE: writeAccountsFile(document) });
});

describe('routes without an account, when the document’s default is be', () => {
  it('register, verify, record and read as be', async () => {
    const reference = uniqueReference('dflt');
    const registered = await registerIn(undefined, reference);
    expect(registered.statusCode).toBe(201);
    expect(JSON.parse(registered.body ?? '{}')).toMatchObject({ account: 'be' });
    expect(await storedItem(table, reference)).toBeUndefined();
    expect((await storedItem(table, `be${KEY_SEPARATOR}${reference}`))?.account).toEqual({
      S: 'be',
    });

    const before = await scanAll(table);
    const forDefault = signedFeedback(reference, '9', ACCOUNT_KEYS.default.out, 'sha512');
    expect((await deliverTo(undefined, forDefault)).statusCode).toBe(403);
    expect(await scanAll(table)).toBe(before);

    const forBe = signedFeedback(reference, '9', ACCOUNT_KEYS.be.out, ACCOUNT_KEYS.be.algorithm);
    expect((await deliverTo(undefined, forBe)).statusCode).toBe(200);
    expect((await readThroughHandler(reference)).state).toBe('paid');
    expect((await transactionIn('be', reference)).state).toBe('paid');
  });

  it('leave the account named default to its own route, with bare keys', async () => {
    const reference = uniqueReference('named');
    const registered = await registerIn('default', reference);
    expect(registered.statusCode).toBe(201);
    // Its payment requests send Ogone to its own route: the bare one verifies with be's keys.
    const { paymentRequest } = JSON.parse(registered.body ?? '{}') as {
      paymentRequest: { fields: Record<string, string> };
    };
    expect(new URL(paymentRequest.fields.ACCEPTURL ?? '').pathname).toBe(
      '/payment/ogone/default/return',
    );
    expect((await storedItem(table, reference))?.account).toEqual({ S: 'default' });
    const alias = await callHandler(
      getTransaction,
      httpApiEvent('GET', `/payment/ogone/transactions/${reference}`, {
        pathParameters: { reference },
      }),
    );
    expect(alias.statusCode).toBe(404);
    expect((await transactionIn('default', reference)).state).toBe('created');
  });
});
