import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedFeedback } from '../support/account-calls.js';
import { ACCOUNT_KEYS, twoAccountsDocument, writeAccountsFile } from '../support/two-accounts.js';
import {
  pool,
  type RawResponse,
  type ServiceUnderTest,
  startService,
  warmUp,
} from './support/http-client.js';

/**
 * Two accounts (ACCOUNTS_FILE) against the running service over HTTP, where the account is a
 * path segment the HTTP layer parses and decodes: hostile segments are 404 and write nothing;
 * deliveries racing for one reference in both accounts each end in their own record, once.
 */
const IN_FLIGHT = 16;
const COPIES = 3;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let service: ServiceUnderTest;

beforeAll(async () => {
  process.env.ACCOUNTS_FILE = writeAccountsFile(twoAccountsDocument());
  service = await startService('https://shop.example/result', IN_FLIGHT);
  await warmUp(service, 8);
}, 300_000);

afterAll(async () => {
  await service?.stop();
  delete process.env.ACCOUNTS_FILE;
});

const register = (account: string, reference: string) =>
  service.send({
    method: 'POST',
    path: '/payment/transactions',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ reference, amount: '15.10', currency: 'EUR', account })),
  });

const read = async (account: string, reference: string) => {
  const response = await service.send({
    method: 'GET',
    path: `/payment/transactions/${account}/${reference}`,
  });
  expect(response.status, response.body).toBe(200);
  return JSON.parse(response.body) as {
    account: string;
    state: string;
    notifications: { id: string }[];
  };
};

/** Ogone sends a delivery again after a 503; any other answer is final. */
const deliver = async (path: string, form: string): Promise<RawResponse> => {
  for (let attempt = 1; ; attempt++) {
    const response = await service.send({
      method: 'POST',
      path,
      headers: FORM,
      body: Buffer.from(form),
    });
    if (response.status !== 503 || attempt === 10) return response;
  }
};

/** Raw paths as a client may send them; none names an account of this deployment. */
const HOSTILE_PATHS = [
  '/payment/ogone/..%2Fdefault/return',
  '/payment/ogone/..%2fbe/return',
  '/payment/ogone/DEFAULT/return',
  '/payment/ogone/Be/return',
  '/payment/ogone/a%2Fb/return',
  '/payment/ogone/be%2F/return',
  `/payment/ogone/${'a'.repeat(33)}/return`,
  '/payment/ogone//return',
  '/payment/ogone/%20be/return',
  '/payment/ogone/be%00/return',
  '/payment/ogone/be%1F/return',
  '/payment/ogone/b%C3%A9/return',
  '/payment/ogone/%D0%B1%D0%B5/return',
  '/payment/ogone/be%E2%80%8B/return',
  '/payment/ogone/nl/return',
];

describe('hostile account segments over HTTP', () => {
  it('are 404 whichever account’s keys signed the notification, and write nothing', async () => {
    const reference = 'ACCOUNTS-HOSTILE';
    expect((await register('default', reference)).status).toBe(201);
    expect((await register('be', reference)).status).toBe(201);
    const before = await service.scanTable();
    const forms = [ACCOUNT_KEYS.default, ACCOUNT_KEYS.be].map((keys) =>
      signedFeedback(reference, '9', keys.out, keys.algorithm),
    );
    const requests = HOSTILE_PATHS.flatMap((path) => forms.map((form) => ({ path, form })));
    const answers = await pool(requests, 8, ({ path, form }) =>
      service.send({ method: 'POST', path, headers: FORM, body: Buffer.from(form) }),
    );
    expect(answers.map((answer, index) => [requests[index]?.path, answer.status])).toEqual(
      requests.map(({ path }) => [path, 404]),
    );
    expect(await service.scanTable()).toBe(before);
    expect((await read('default', reference)).state).toBe('created');
    expect((await read('be', reference)).state).toBe('created');
  });
});

describe('concurrent deliveries for one reference in two accounts over HTTP', () => {
  it('end each account’s record paid, each notification recorded once in its account', async () => {
    const reference = 'ACCOUNTS-RACE';
    expect((await register('default', reference)).status).toBe(201);
    expect((await register('be', reference)).status).toBe(201);
    const events = [
      ['51', 'a'],
      ['5', 'b'],
      ['9', 'c'],
      ['9', 'd'],
    ] as const;
    const formsOf = (keys: { out: string; algorithm: 'sha1' | 'sha512' }) =>
      events.map(([status, acceptance]) =>
        signedFeedback(reference, status, keys.out, keys.algorithm, { ACCEPTANCE: acceptance }),
      );
    const deliveries = [
      ...formsOf(ACCOUNT_KEYS.default).map((form) => ({ path: '/payment/ogone/return', form })),
      ...formsOf(ACCOUNT_KEYS.be).map((form) => ({ path: '/payment/ogone/be/return', form })),
    ].flatMap((delivery) => Array.from({ length: COPIES }, () => delivery));
    // Interleaved: copies of both accounts' notifications in flight together.
    deliveries.sort((a, b) => (a.form < b.form ? -1 : 1));
    const answers = await pool(deliveries, IN_FLIGHT, ({ path, form }) => deliver(path, form));
    expect(answers.map((answer) => answer.status)).toEqual(deliveries.map(() => 200));
    for (const account of ['default', 'be']) {
      const record = await read(account, reference);
      expect(record.state).toBe('paid');
      const ids = record.notifications.map((notification) => notification.id);
      expect(ids).toHaveLength(events.length);
      expect(new Set(ids).size).toBe(events.length);
    }
  });
});
