import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as worldlineReturn } from '../../handlers/worldline-return.js';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import type { FakeWorldline } from '../../scripts/lib/fake-worldline.js';
import type { FakeCheckout } from '../../scripts/lib/fake-worldline-bodies.js';
import { scanAll, transactionIn } from '../support/account-calls.js';
import { httpApiEvent, lambdaContext } from '../support/api-events.js';
import { captureOutput } from '../support/capture-output.js';
import { createLocalTable, type LocalTable, padItem, storedItem } from '../support/local-table.js';
import {
  type CheckoutWorld,
  onlyCheckout,
  registerCheckout,
  registeredCheckout,
  resultOf,
  returnQuery,
  returnTo,
  settledCalls,
  shopperReturns,
  startCheckoutWorld,
} from '../support/worldline-checkout.js';
import { uniqueReference } from './fixtures.js';

/**
 * The shopper's browser back from Hosted Checkout (GET /payment/worldline/{account}/return)
 * through the handler, against DynamoDB Local and the fake Payments API: a return that proves
 * its checkout has the Payments API's answer recorded once and is sent on, 303, to the account's
 * result URL; one that proves nothing is a 403 with nothing written and nothing asked; a slow or
 * failing API or storage never keeps the shopper from the redirect.
 */
let table: LocalTable;
let world: CheckoutWorld;
let fake: FakeWorldline;

beforeAll(async () => {
  table = await createLocalTable('wl-return');
  world = await startCheckoutWorld(table);
  fake = world.fake;
});
afterAll(async () => {
  await fake.stop();
  table.client.destroy();
});
afterEach(() => {
  vi.restoreAllMocks();
  world.configure();
});

const keyOf = (account: string, reference: string) => `${account}${KEY_SEPARATOR}${reference}`;

/** A registered nl transaction and the checkout the fake holds for it. */
const registered = async (prefix: string, account: 'nl' | 'de' = 'nl') => {
  const reference = uniqueReference(prefix);
  await registeredCheckout(account, reference);
  return { reference, checkout: onlyCheckout(fake, account, reference) };
};

/** Nothing stored changed and the fake was asked nothing while `act` ran. */
const expectUntouched = async (act: () => Promise<void>) => {
  const before = await scanAll(table);
  const calls = fake.calls.length;
  await act();
  expect(await scanAll(table)).toBe(before);
  expect(fake.calls.length).toBe(calls);
};

describe('a verified return', () => {
  it.each([
    [9, 'paid'],
    [5, 'authorized'],
    [2, 'declined'],
    [1, 'cancelled'],
    [46, 'pending'],
  ] as const)(
    'records a payment with status %i as %s and sends the shopper on, signed',
    async (code, state) => {
      const { reference, checkout } = await registered(`ret${code}`);
      fake.pay(checkout.hostedCheckoutId, code);
      const response = await shopperReturns('nl', checkout);
      expect(resultOf(response, 'nl')).toEqual({ reference, state });
      expect(response.headers?.['cache-control']).toBe('no-store');
      const transaction = await transactionIn('nl', reference);
      expect(transaction.state).toBe(state);
      expect(transaction.notifications).toEqual([
        expect.objectContaining({
          source: 'checkout_return',
          payId: checkout.hostedCheckoutId,
          outcome: 'applied',
        }),
      ]);
    },
  );

  it('asks the API once per return, and records a repeated return once (a duplicate)', async () => {
    const { reference, checkout } = await registered('twice');
    fake.pay(checkout.hostedCheckoutId, 9);
    const calls = fake.calls.length;
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('paid');
    const before = await storedItem(table, keyOf('nl', reference));
    const output = captureOutput();
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('paid');
    expect(await storedItem(table, keyOf('nl', reference))).toEqual(before);
    expect((await transactionIn('nl', reference)).notifications).toHaveLength(1);
    expect(output.join('')).toContain('"outcome":"duplicate"');
    expect(fake.calls.slice(calls).map((call) => `${call.method} ${call.status}`)).toEqual([
      'GET 200',
      'GET 200',
    ]);
  });

  it('records a later answer after an earlier one: pending, then paid', async () => {
    const { reference, checkout } = await registered('later');
    fake.pay(checkout.hostedCheckoutId, 46);
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('pending');
    fake.pay(checkout.hostedCheckoutId, 9);
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('paid');
    expect((await transactionIn('nl', reference)).notifications).toHaveLength(2);
  });

  it.each([
    ['still in progress', (_checkout: FakeCheckout) => undefined],
    [
      'cancelled by the shopper on the hosted page',
      (checkout: FakeCheckout) => {
        fake.cancel(checkout.hostedCheckoutId);
      },
    ],
  ])('records nothing for a checkout %s, and shows the state as recorded', async (_case, act) => {
    const { reference, checkout } = await registered('nopay');
    act(checkout);
    const before = await scanAll(table);
    const response = await shopperReturns('nl', checkout);
    expect(resultOf(response, 'nl')).toEqual({ reference, state: 'created' });
    expect(await scanAll(table)).toBe(before);
  });

  it('keeps the result URL’s own query, and the reference whole when it needs encoding', async () => {
    const reference = `A&B=C?D #${uniqueReference('x').slice(0, 16)}+%`;
    await registeredCheckout('nl', reference);
    const checkout = onlyCheckout(fake, 'nl', reference);
    fake.pay(checkout.hostedCheckoutId, 9);
    const response = await shopperReturns('nl', checkout);
    expect(resultOf(response, 'nl')).toEqual({ reference, state: 'paid' });
    expect(new URL(String(response.headers?.location)).searchParams.get('shop')).toBe('nl');
  });

  it('ignores parameters besides the three it reads', async () => {
    const { checkout } = await registered('extra');
    fake.pay(checkout.hostedCheckoutId, 9);
    const query = `utm_source=mail&${returnQuery(checkout)}&paymentId=${checkout.hostedCheckoutId}_0`;
    expect(resultOf(await returnTo('nl', query), 'nl').state).toBe('paid');
  });
});

describe('a return that proves nothing: 403, nothing written, Worldline not asked', () => {
  const forgedMac = (checkout: FakeCheckout) =>
    `${checkout.returnMac.slice(0, -1)}${checkout.returnMac.endsWith('0') ? '1' : '0'}`;

  it.each([
    [
      'a forged RETURNMAC of the same length',
      (c: FakeCheckout) => returnQuery(c, { RETURNMAC: forgedMac(c) }),
    ],
    [
      'a RETURNMAC of another length',
      (c: FakeCheckout) => returnQuery(c, { RETURNMAC: `${c.returnMac}0` }),
    ],
    ['no RETURNMAC', (c: FakeCheckout) => returnQuery(c, { RETURNMAC: undefined })],
    ['an empty RETURNMAC', (c: FakeCheckout) => returnQuery(c, { RETURNMAC: '' })],
    [
      'RETURNMAC twice',
      (c: FakeCheckout) => `${returnQuery(c)}&RETURNMAC=${encodeURIComponent(c.returnMac)}`,
    ],
    [
      'a broken percent-encoding',
      (c: FakeCheckout) => `${returnQuery(c, { RETURNMAC: undefined })}&RETURNMAC=%E0%A4%A`,
    ],
    [
      'another checkout id',
      (c: FakeCheckout) =>
        returnQuery(c, { hostedCheckoutId: String(Number(c.hostedCheckoutId) + 1) }),
    ],
    ['no hostedCheckoutId', (c: FakeCheckout) => returnQuery(c, { hostedCheckoutId: undefined })],
    ['no reference', (c: FakeCheckout) => returnQuery(c, { reference: undefined })],
    ['an unknown reference', (c: FakeCheckout) => returnQuery(c, { reference: 'NO-SUCH-ORDER' })],
    [
      'a reference of 41 characters',
      (c: FakeCheckout) => returnQuery(c, { reference: 'x'.repeat(41) }),
    ],
    ['a query of 3 KiB', (c: FakeCheckout) => `${returnQuery(c)}&pad=${'x'.repeat(3072)}`],
    ['nothing at all', () => ''],
  ])('%s', async (_case, queryOf) => {
    const { checkout } = await registered('forged');
    fake.pay(checkout.hostedCheckoutId, 9);
    const query = queryOf(checkout);
    await expectUntouched(async () => {
      const response = await returnTo('nl', query);
      expect(response.statusCode).toBe(403);
      expect(response.headers?.['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.body).toMatch(/^The return\b/);
      expect(response.body).not.toContain(checkout.returnMac.slice(0, 8));
    });
  });

  it('another checkout’s id and RETURNMAC, with this reference', async () => {
    const mine = await registered('mine');
    const theirs = await registered('theirs');
    fake.pay(theirs.checkout.hostedCheckoutId, 9);
    const query = returnQuery(theirs.checkout, { reference: mine.reference });
    await expectUntouched(async () => {
      expect((await returnTo('nl', query)).statusCode).toBe(403);
    });
  });

  it('a registration whose checkout was never created', async () => {
    const reference = uniqueReference('nocheckout');
    fake.failNext({ httpStatus: 500 });
    expect((await registerCheckout('nl', reference)).statusCode).toBe(503);
    const query = `reference=${reference}&hostedCheckoutId=1&RETURNMAC=guess`;
    await expectUntouched(async () => {
      expect((await returnTo('nl', query)).statusCode).toBe(403);
    });
  });

  it('names the mismatch alike, whatever differed, so it tells no reference apart', async () => {
    const { checkout } = await registered('alike');
    const answers = await Promise.all(
      [
        returnQuery(checkout, { RETURNMAC: forgedMac(checkout) }),
        returnQuery(checkout, { hostedCheckoutId: '1' }),
        returnQuery(checkout, { reference: 'NO-SUCH-ORDER' }),
      ].map((query) => returnTo('nl', query)),
    );
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
  });
});

describe('accounts', () => {
  it('a return for reference R of account nl cannot touch R in account de', async () => {
    const reference = uniqueReference('cross');
    await registeredCheckout('nl', reference);
    await registeredCheckout('de', reference);
    const nl = onlyCheckout(fake, 'nl', reference);
    fake.pay(nl.hostedCheckoutId, 9);
    await expectUntouched(async () => {
      expect((await returnTo('de', returnQuery(nl))).statusCode).toBe(403);
    });
    const de = JSON.stringify(await storedItem(table, keyOf('de', reference)));
    expect(resultOf(await shopperReturns('nl', nl), 'nl').state).toBe('paid');
    expect(JSON.stringify(await storedItem(table, keyOf('de', reference)))).toBe(de);
    expect((await transactionIn('de', reference)).state).toBe('created');
  });

  it('a reference only account nl has is a 403 on de’s route', async () => {
    const { checkout } = await registered('only-nl');
    await expectUntouched(async () => {
      expect((await returnTo('de', returnQuery(checkout))).statusCode).toBe(403);
    });
  });

  it.each([
    ['an ogone account', 'be'],
    ['the default ogone account', 'default'],
    ['an unknown account', 'fr'],
    ['an id no account may have', 'NL'],
  ])('404 for %s in the path, before the query is read', async (_case, account) => {
    const { checkout } = await registered('404');
    await expectUntouched(async () => {
      const response = await returnTo(account, returnQuery(checkout));
      expect(response.statusCode).toBe(404);
    });
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'])(
    '405 with Allow: GET for %s',
    async (method) => {
      const { checkout } = await registered('405');
      fake.pay(checkout.hostedCheckoutId, 9);
      await expectUntouched(async () => {
        const response = await returnTo('nl', returnQuery(checkout), method);
        expect(response.statusCode).toBe(405);
        expect(response.headers?.allow).toBe('GET');
      });
    },
  );
});

describe('a slow or failing API, or storage, after the return is verified', () => {
  it('the API timing out: 303 with the state as recorded, logged and counted; a later return records it', async () => {
    const { reference, checkout } = await registered('timeout');
    fake.pay(checkout.hostedCheckoutId, 9);
    world.configure({ WORLDLINE_TIMEOUT_MS: '300' });
    const calls = fake.calls.length;
    fake.failNext({ delayMs: 2500 });
    const before = await scanAll(table);
    const output = captureOutput();
    const response = await shopperReturns('nl', checkout);
    expect(resultOf(response, 'nl')).toEqual({ reference, state: 'created' });
    expect(await scanAll(table)).toBe(before);
    const logged = output.join('');
    expect(logged).toContain('Hosted checkout status unavailable');
    expect(logged).toContain('"WorldlineApiFailure"');
    await settledCalls(fake, calls + 1);

    world.configure();
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('paid');
  });

  it('the function’s time running out before the API answers: 303 with the state as recorded, never 503', async () => {
    const { reference, checkout } = await registered('deadline');
    fake.pay(checkout.hostedCheckoutId, 9);
    // The API would be waited for (its own timeout is longer), but the function has 1.5 s left.
    world.configure({ WORLDLINE_TIMEOUT_MS: '5000' });
    const calls = fake.calls.length;
    fake.failNext({ delayMs: 2500 });
    const output = captureOutput();
    const response = (await worldlineReturn(
      httpApiEvent('GET', '/payment/worldline/nl/return', {
        rawQueryString: returnQuery(checkout),
        headers: { accept: 'text/html' },
        pathParameters: { account: 'nl' },
      }),
      { ...lambdaContext(), getRemainingTimeInMillis: () => 1500 },
    )) as Parameters<typeof resultOf>[0];
    expect(resultOf(response, 'nl')).toEqual({ reference, state: 'created' });
    expect(output.join('')).toContain('Hosted checkout status not recorded in time');
    await settledCalls(fake, calls + 1);
    world.configure();
  });

  it('the API answering 5xx: 303 with the state as recorded', async () => {
    const { reference, checkout } = await registered('api5xx');
    fake.pay(checkout.hostedCheckoutId, 2);
    fake.failNext({ httpStatus: 502 });
    const before = await scanAll(table);
    expect(resultOf(await shopperReturns('nl', checkout), 'nl')).toEqual({
      reference,
      state: 'created',
    });
    expect(await scanAll(table)).toBe(before);
  });

  it('the API not knowing the checkout: 303 with the state as recorded', async () => {
    const { checkout } = await registered('api404');
    fake.failNext({ httpStatus: 404 });
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('created');
  });

  it('an earlier state stays what the redirect shows when the API fails later', async () => {
    const { checkout } = await registered('kept');
    fake.pay(checkout.hostedCheckoutId, 5);
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('authorized');
    fake.pay(checkout.hostedCheckoutId, 9);
    fake.failNext({ httpStatus: 503 });
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('authorized');
  });

  it('storage refusing the write (item at its size limit): 303 with the state as recorded', async () => {
    const { reference, checkout } = await registered('toolarge');
    fake.pay(checkout.hostedCheckoutId, 9);
    let padding = 400 * 1024;
    for (;;) {
      try {
        await padItem(table, keyOf('nl', reference), padding);
        break;
      } catch {
        padding -= 64;
      }
    }
    const output = captureOutput();
    expect(resultOf(await shopperReturns('nl', checkout), 'nl')).toEqual({
      reference,
      state: 'created',
    });
    const logged = output.join('');
    expect(logged).toContain('Hosted checkout status not recorded');
    expect(logged).toContain('"TransactionItemTooLarge"');
    expect((await transactionIn('nl', reference)).notifications).toEqual([]);
  });

  it('storage unreachable before the return is verified: 503, nothing asked of Worldline', async () => {
    const { checkout } = await registered('closed');
    fake.pay(checkout.hostedCheckoutId, 9);
    world.configure({}, { endpoint: `http://127.0.0.1:${await freePort()}`, tableName: 'none' });
    const calls = fake.calls.length;
    const response = await shopperReturns('nl', checkout);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
    expect(fake.calls.length).toBe(calls);
  });
});

describe('RETURNMAC stays secret', () => {
  it('never reaches an answer or a log line, through registration, return, forgery and read', async () => {
    const output = captureOutput();
    const reference = uniqueReference('secret');
    const registration = await registerCheckout('nl', reference);
    const checkout = onlyCheckout(fake, 'nl', reference);
    fake.pay(checkout.hostedCheckoutId, 9);
    const answers = [
      registration,
      await shopperReturns('nl', checkout),
      await returnTo('nl', returnQuery(checkout, { hostedCheckoutId: '1' })),
      await returnTo('de', returnQuery(checkout)),
      await returnTo('nl', `${returnQuery(checkout)}&RETURNMAC=x`),
    ];
    const read = JSON.stringify(await transactionIn('nl', reference));
    const seen = [...answers.map((answer) => JSON.stringify(answer)), read, ...output].join('\n');
    expect(seen).toContain(checkout.hostedCheckoutId);
    expect(seen).not.toContain(checkout.returnMac);
  });
});
