import { beforeAll, describe, expect, it } from 'vitest';
import { handler as feedback } from '../../handlers/feedback.js';
import { handler as getTransaction } from '../../handlers/get-transaction.js';
import { handler as register } from '../../handlers/register-transaction.js';
import { registerIn, scanAll, signedFeedback, transactionIn } from '../support/account-calls.js';
import { httpApiEvent } from '../support/api-events.js';
import { callHandler } from '../support/handler-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { ACCOUNT_KEYS, twoAccountsDocument, writeAccountsFile } from '../support/two-accounts.js';
import { uniqueReference } from './fixtures.js';

/**
 * Account path segments an attacker or a broken client may send. None names an account, so each
 * is a 404 before anything is read or written, even with a notification that verifies for an
 * account it looks like.
 */
let table: LocalTable;
let reference: string;

const HOSTILE_SEGMENTS = [
  '../default',
  '..%2Fdefault',
  'DEFAULT',
  'Be',
  'a%2Fb',
  'a/b',
  'be/',
  ' be',
  'be ',
  'be\u0000',
  'be\u001f',
  '',
  '.',
  '..',
  'a'.repeat(33),
  'b\u00e9',
  '\u0431\u0435',
  'be\u200b',
  '%62%65',
  'default?x=1',
  'default#x',
];

beforeAll(async () => {
  table = await createLocalTable('accounts-hostile');
  useHandlerEnvironment(table, { ACCOUNTS_FILE: writeAccountsFile(twoAccountsDocument()) });
  reference = uniqueReference('hostile');
  expect((await registerIn('default', reference)).statusCode).toBe(201);
  expect((await registerIn('be', reference)).statusCode).toBe(201);
});

describe.each(HOSTILE_SEGMENTS)('the account segment %j', (segment) => {
  it('is 404 on the feedback route, whichever account’s keys signed it, nothing written', async () => {
    const before = await scanAll(table);
    for (const keys of [ACCOUNT_KEYS.default, ACCOUNT_KEYS.be]) {
      for (const method of ['GET', 'POST']) {
        const form = signedFeedback(reference, '9', keys.out, keys.algorithm);
        const response = await callHandler(
          feedback,
          httpApiEvent(method, `/payment/ogone/${encodeURIComponent(segment)}/return`, {
            ...(method === 'GET' ? { rawQueryString: form } : { body: form }),
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
            pathParameters: { account: segment },
          }),
        );
        expect(response.statusCode).toBe(404);
        // Arbitrary path text is never echoed back.
        if (segment.length > 2) expect(response.body ?? '').not.toContain(segment);
      }
    }
    expect(await scanAll(table)).toBe(before);
  });

  it('is 404 on the read route', async () => {
    const response = await callHandler(
      getTransaction,
      httpApiEvent('GET', `/payment/transactions/${encodeURIComponent(segment)}/${reference}`, {
        pathParameters: { account: segment, reference },
      }),
    );
    expect(response.statusCode).toBe(404);
  });

  it('is 400 naming account when a registration names it, nothing written', async () => {
    const before = await scanAll(table);
    const response = await registerIn(segment, uniqueReference('reg'));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('account');
    expect(await scanAll(table)).toBe(before);
  });
});

describe('a registration whose account is not a string', () => {
  it.each([1, true, ['be'], { id: 'be' }, '', null])(
    '%j is 400 naming account',
    async (account) => {
      const before = await scanAll(table);
      const response = await callHandler(
        register,
        httpApiEvent('POST', '/payment/transactions', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            reference: uniqueReference('typ'),
            amount: '1',
            currency: 'EUR',
            account,
          }),
        }),
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('account');
      expect(await scanAll(table)).toBe(before);
    },
  );
});

/** Registers on the default account's alias from before accounts, POST /payment/ogone/transactions. */
const registerOnAlias = (reference: string, account: unknown) =>
  callHandler(
    register,
    httpApiEvent('POST', '/payment/ogone/transactions', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, amount: '1', currency: 'EUR', account }),
    }),
  );

describe('the default account alias POST /payment/ogone/transactions', () => {
  it('refuses a body naming another account, 400 naming account, nothing written', async () => {
    const before = await scanAll(table);
    const response = await registerOnAlias(uniqueReference('alias'), 'be');
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({
      error: { fields: { account: expect.stringContaining('POST /payment/transactions') } },
    });
    expect(await scanAll(table)).toBe(before);
  });

  it('registers with the default account when the body names it', async () => {
    const aliasReference = uniqueReference('alias');
    const response = await registerOnAlias(aliasReference, 'default');
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({
      account: 'default',
      reference: aliasReference,
    });
  });
});

describe('a read whose reference spells out another account’s storage key', () => {
  // be's record of `reference` is stored under `be` U+001F `reference`: as a bare default key,
  // that text must not reach it.
  it.each([
    ['the path', (ref: string) => ({ pathParameters: { reference: ref } })],
    ['the query', (ref: string) => ({ rawQueryString: `reference=${encodeURIComponent(ref)}` })],
  ])('is 404 by %s of the default account’s read route', async (_, where) => {
    const key = `be\u001f${reference}`;
    // Without the guard this very key reads be's record (the bare default key space).
    expect(await transactionIn('be', reference)).toMatchObject({ account: 'be' });
    const response = await callHandler(
      getTransaction,
      httpApiEvent('GET', `/payment/ogone/transactions/${encodeURIComponent(key)}`, where(key)),
    );
    expect(response.statusCode).toBe(404);
    expect(response.body ?? '').not.toContain('"account":"be"');
  });

  it('is 404 on the account route of default too', async () => {
    const key = `be\u001f${reference}`;
    const response = await callHandler(
      getTransaction,
      httpApiEvent('GET', `/payment/transactions/default/${encodeURIComponent(key)}`, {
        pathParameters: { account: 'default', reference: key },
      }),
    );
    expect(response.statusCode).toBe(404);
  });
});
