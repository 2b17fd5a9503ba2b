import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as feedback } from '../../handlers/feedback.js';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import {
  deliverTo,
  readIn,
  registerIn,
  scanAll,
  signedFeedback,
  transactionIn,
} from '../support/account-calls.js';
import { httpApiEvent } from '../support/api-events.js';
import { callHandler, readThroughHandler } from '../support/handler-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable, storedItem } from '../support/local-table.js';
import {
  ACCOUNT_KEYS,
  RESULT_URLS,
  twoAccountsDocument,
  writeAccountsFile,
} from '../support/two-accounts.js';
import { registerPayment, uniqueReference } from './fixtures.js';

/**
 * Two accounts (docs/api.md, accounts) with different passphrases and algorithms, through the
 * handlers against DynamoDB Local: the same reference in each is two transactions, and a
 * notification only ever reaches the account whose route it came to and whose keys signed it.
 */
let table: LocalTable;
const { default: main, be } = ACCOUNT_KEYS;

beforeAll(async () => {
  table = await createLocalTable('accounts');
  useHandlerEnvironment(table, { ACCOUNTS_FILE: writeAccountsFile(twoAccountsDocument()) });
});

const registerBoth = async (reference: string) => {
  expect((await registerIn(undefined, reference)).statusCode).toBe(201);
  expect((await registerIn('be', reference)).statusCode).toBe(201);
};

describe('the same reference in two accounts', () => {
  it('is two transactions, each stored under its own key with its account', async () => {
    const reference = uniqueReference('two');
    const first = await registerIn(undefined, reference);
    const second = await registerIn('be', reference, '20.00');
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(JSON.parse(first.body ?? '')).toMatchObject({ account: 'default', provider: 'ogone' });
    expect(JSON.parse(second.body ?? '')).toMatchObject({
      account: 'be',
      provider: 'ogone',
      reference,
      amount: '20',
    });
    expect((await storedItem(table, reference))?.account).toEqual({ S: 'default' });
    expect((await storedItem(table, `be${KEY_SEPARATOR}${reference}`))?.account).toEqual({
      S: 'be',
    });
    expect((await transactionIn('default', reference)).state).toBe('created');
    expect(await transactionIn('be', reference)).toMatchObject({ reference, account: 'be' });
  });

  it('points each account’s payment request at its own feedback route', async () => {
    const reference = uniqueReference('req');
    const body = JSON.parse((await registerIn('be', reference)).body ?? '{}');
    expect(JSON.stringify(body.paymentRequest)).toContain('/payment/ogone/be/return');
    expect(JSON.stringify(body.paymentRequest)).toContain('ShopBE');
  });

  it('a notification signed for one account, sent to its route, never touches the other', async () => {
    const reference = uniqueReference('iso');
    await registerBoth(reference);
    const untouched = JSON.stringify(await storedItem(table, `be${KEY_SEPARATOR}${reference}`));
    const form = signedFeedback(reference, '9', main.out, main.algorithm);
    expect((await deliverTo('default', form)).statusCode).toBe(200);
    expect((await transactionIn('default', reference)).state).toBe('paid');
    expect(JSON.stringify(await storedItem(table, `be${KEY_SEPARATOR}${reference}`))).toBe(
      untouched,
    );

    const paidBefore = JSON.stringify(await storedItem(table, reference));
    const forBe = signedFeedback(reference, '5', be.out, be.algorithm);
    expect((await deliverTo('be', forBe)).statusCode).toBe(200);
    const beRecord = await transactionIn('be', reference);
    expect(beRecord.state).toBe('authorized');
    expect(beRecord.notifications).toHaveLength(1);
    expect(JSON.stringify(await storedItem(table, reference))).toBe(paidBefore);
  });

  it.each([
    ['default’s keys to be', 'be', main.out, main.algorithm],
    ['be’s keys to default', 'default', be.out, be.algorithm],
    ['be’s previous keys to default', 'default', be.previous, be.previousAlgorithm],
    ['be’s keys to the default route', undefined, be.out, be.algorithm],
  ] as const)(
    'a notification signed with %s is 403, nothing written',
    async (_case, route, passphrase, algorithm) => {
      const reference = uniqueReference('x');
      await registerBoth(reference);
      const before = await scanAll(table);
      const response = await deliverTo(
        route,
        signedFeedback(reference, '9', passphrase, algorithm),
      );
      expect(response.statusCode).toBe(403);
      expect(await scanAll(table)).toBe(before);
    },
  );

  it('sends a browser to the result URL of the account the notification came for', async () => {
    const reference = uniqueReference('web');
    await registerBoth(reference);
    const response = await callHandler(
      feedback,
      httpApiEvent('GET', '/payment/ogone/be/return', {
        rawQueryString: signedFeedback(reference, '9', be.out, be.algorithm),
        headers: { accept: 'text/html' },
        pathParameters: { account: 'be' },
      }),
    );
    expect(response.statusCode).toBe(303);
    expect(String(response.headers?.location)).toMatch(new RegExp(`^${RESULT_URLS.be}\\?`));
  });
});

describe('an unknown account', () => {
  it('is 404 on the feedback and read routes and 400 naming account on registration, nothing written', async () => {
    const reference = uniqueReference('unk');
    await registerBoth(reference);
    const before = await scanAll(table);
    for (const account of ['nl', 'worldline']) {
      const form = signedFeedback(reference, '9', main.out, main.algorithm);
      expect((await deliverTo(account, form)).statusCode).toBe(404);
      expect((await readIn(account, reference)).statusCode).toBe(404);
      const registration = await registerIn(account, uniqueReference('unk'));
      expect(registration.statusCode).toBe(400);
      expect(registration.body).toContain('account');
    }
    expect(await scanAll(table)).toBe(before);
  });

  it('reads nothing of another account: a reference registered in be only is 404 in default', async () => {
    const reference = uniqueReference('one');
    expect((await registerIn('be', reference)).statusCode).toBe(201);
    expect((await readIn('default', reference)).statusCode).toBe(404);
    expect((await readIn('be', reference)).statusCode).toBe(200);
  });
});

describe('the default account keeps the storage it had before accounts', () => {
  it('reads and updates an item written without account or provider as the default account’s', async () => {
    const reference = uniqueReference('old');
    await registerPayment(table.repository, reference);
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: { reference: { S: reference } },
        UpdateExpression: 'REMOVE #account, #provider',
        ExpressionAttributeNames: { '#account': 'account', '#provider': 'provider' },
      }),
    );
    const stored = await storedItem(table, reference);
    expect(stored?.account).toBeUndefined();
    expect(stored?.provider).toBeUndefined();
    expect(await transactionIn('default', reference)).toMatchObject({
      account: 'default',
      provider: 'ogone',
      state: 'created',
    });
    const form = signedFeedback(reference, '9', main.out, main.algorithm);
    expect((await deliverTo(undefined, form)).statusCode).toBe(200);
    expect((await readThroughHandler(reference)).state).toBe('paid');
    expect(await transactionIn('default', reference)).toMatchObject({
      account: 'default',
      state: 'paid',
    });
    // Still one item, under the bare key: nothing was written under a prefixed one.
    expect(await storedItem(table, `default${KEY_SEPARATOR}${reference}`)).toBeUndefined();
    expect((await registerIn('be', reference)).statusCode).toBe(201);
    expect((await transactionIn('be', reference)).state).toBe('created');
  });
});
