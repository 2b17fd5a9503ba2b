import { beforeAll, describe, expect, it } from 'vitest';
import { handler as feedback } from '../../handlers/feedback.js';
import { handler as getTransaction } from '../../handlers/get-transaction.js';
import { handler as register } from '../../handlers/register-transaction.js';
import { registerIn, scanAll, signedFeedback } from '../support/account-calls.js';
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
  it.each([1, true, ['be'], { id: 'be' }, ''])('%j is 400 naming account', async (account) => {
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
  });
});
