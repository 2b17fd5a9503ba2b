import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { paymentNotification } from '../../lib/worldline/payment-notification.js';
import type { FakeWorldline } from '../../scripts/lib/fake-worldline.js';
import { readIn, scanAll, transactionIn } from '../support/account-calls.js';
import { captureOutput } from '../support/capture-output.js';
import { createLocalTable, type LocalTable, storedItem } from '../support/local-table.js';
import { writeAccountsFile } from '../support/two-accounts.js';
import {
  type CheckoutWorld,
  checkoutAccountsDocument,
  onlyCheckout,
  registerCheckout,
  registeredCheckout,
  settledCalls,
  startCheckoutWorld,
  WORLDLINE_ACCOUNTS,
} from '../support/worldline-checkout.js';
import { uniqueReference } from './fixtures.js';

/**
 * Registration for a worldline account (docs/api.md §3) through the handler, against DynamoDB
 * Local and the local fake of the Payments API over HTTP: one Hosted Checkout per transaction,
 * however often and however concurrently it is registered, and a registration the API failed
 * stays stored and is completed by the same request sent again.
 */
let table: LocalTable;
let world: CheckoutWorld;
let fake: FakeWorldline;
const NL = WORLDLINE_ACCOUNTS.nl;

beforeAll(async () => {
  table = await createLocalTable('wl-register');
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

const nlKey = (reference: string) => `nl${KEY_SEPARATOR}${reference}`;
const creates = () =>
  fake.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/hostedcheckouts'));

describe('registering with a worldline account', () => {
  it('creates one hosted checkout and answers its redirect URL and id', async () => {
    const reference = uniqueReference('wl-new');
    const { status, body } = await registeredCheckout('nl', reference, { language: 'nl_NL' });
    expect(status).toBe(201);
    const checkout = onlyCheckout(fake, 'nl', reference);
    expect(body).toMatchObject({
      account: 'nl',
      provider: 'worldline',
      reference,
      state: 'created',
      amount: '15.1',
      currency: 'EUR',
      hostedCheckoutId: checkout.hostedCheckoutId,
      registration: { operation: 'SAL', saveCard: false, language: 'nl_NL' },
      paymentRequest: {
        url: `${fake.url}/hostedcheckout/PaymentMethods/Selection/${checkout.hostedCheckoutId}`,
        hostedCheckoutId: checkout.hostedCheckoutId,
      },
    });
    // Worldline got the amount in minor units and the account's return route with the reference.
    expect(checkout).toMatchObject({
      amount: 1510,
      currencyCode: 'EUR',
      merchantId: NL.merchantId,
    });
    const returnUrl = new URL(checkout.returnUrl ?? '');
    expect(`${returnUrl.origin}${returnUrl.pathname}`).toBe(
      'https://example.execute-api.eu-west-1.amazonaws.com/payment/worldline/nl/return',
    );
    expect([...returnUrl.searchParams]).toEqual([['reference', reference]]);
    // Stored with what the return needs, RETURNMAC included; answered without it.
    const item = await storedItem(table, nlKey(reference));
    expect(JSON.stringify(item)).toContain(checkout.returnMac);
    expect(JSON.stringify(body)).not.toContain(checkout.returnMac);
    const read = await readIn('nl', reference);
    expect(JSON.parse(read.body ?? '{}')).toMatchObject({
      hostedCheckoutId: checkout.hostedCheckoutId,
    });
    expect(read.body).not.toContain(checkout.returnMac);
  });

  it('puts a reference that needs encoding into the return URL encoded, and back whole', async () => {
    const reference = `A&B=C?D #${uniqueReference('x').slice(0, 20)}+%`;
    await registeredCheckout('nl', reference);
    const checkout = onlyCheckout(fake, 'nl', reference);
    const returnUrl = checkout.returnUrl ?? '';
    expect(returnUrl).toContain(`?reference=${encodeURIComponent(reference)}`);
    expect(new URL(returnUrl).searchParams.get('reference')).toBe(reference);
  });

  it('answers a repeated registration 200 with the same body, and asks Worldline nothing', async () => {
    const reference = uniqueReference('wl-again');
    const first = await registeredCheckout('nl', reference);
    const calls = fake.calls.length;
    const again = await registeredCheckout('nl', reference);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(fake.calls.length).toBe(calls);
    onlyCheckout(fake, 'nl', reference);
  });

  it('creates exactly one checkout for concurrent registrations of one reference', async () => {
    const reference = uniqueReference('wl-race');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => registeredCheckout('nl', reference)),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    const checkout = onlyCheckout(fake, 'nl', reference);
    for (const answer of answers) {
      expect(answer.body.paymentRequest.hostedCheckoutId).toBe(checkout.hostedCheckoutId);
      expect(answer.body.hostedCheckoutId).toBe(checkout.hostedCheckoutId);
    }
    expect(await transactionIn('nl', reference)).toMatchObject({ state: 'created' });
  });

  it('keeps one reference in two worldline accounts apart: two merchants, two checkouts', async () => {
    const reference = uniqueReference('wl-two');
    const nl = await registeredCheckout('nl', reference);
    const de = await registeredCheckout('de', reference, { amount: '20' });
    const nlCheckout = onlyCheckout(fake, 'nl', reference);
    const deCheckout = onlyCheckout(fake, 'de', reference);
    expect(nl.body.paymentRequest.hostedCheckoutId).toBe(nlCheckout.hostedCheckoutId);
    expect(de.body.paymentRequest.hostedCheckoutId).toBe(deCheckout.hostedCheckoutId);
    expect(deCheckout).toMatchObject({ merchantId: 'ShopDE', amount: 2000 });
    expect(new URL(deCheckout.returnUrl ?? '').pathname).toBe('/payment/worldline/de/return');
  });
});

describe('conflicts are those of any registration', () => {
  it('409 for another amount or other details, the stored checkout untouched, Worldline not asked', async () => {
    const reference = uniqueReference('wl-409');
    await registeredCheckout('nl', reference);
    const before = await scanAll(table);
    const calls = fake.calls.length;
    for (const fields of [{ amount: '15.11' }, { currency: 'USD' }, { language: 'fr_FR' }]) {
      const response = await registerCheckout('nl', reference, fields);
      expect(response.statusCode, JSON.stringify(fields)).toBe(409);
    }
    expect(await scanAll(table)).toBe(before);
    expect(fake.calls.length).toBe(calls);
  });

  it('409 for a reference Worldline reported before it was registered (unmatched)', async () => {
    const reference = uniqueReference('wl-unmatched');
    const repository = new DynamoDbTransactionRepository(table.client, table.tableName, {
      id: 'nl',
      provider: 'worldline',
    });
    const payment = {
      id: '4000000001_0',
      statusCode: 9,
      status: 'CAPTURED',
      amount: '15.1',
      currency: 'EUR',
      reference,
    };
    await processNotification(repository, paymentNotification(payment, reference), {
      nowIso: new Date().toISOString(),
      source: 'webhook',
    });
    const before = await scanAll(table);
    const calls = fake.calls.length;
    expect((await registerCheckout('nl', reference)).statusCode).toBe(409);
    expect(await scanAll(table)).toBe(before);
    expect(fake.calls.length).toBe(calls);
  });
});

describe('fields a hosted checkout cannot honour', () => {
  it.each([
    ['saveCard', { saveCard: true }],
    ['operation', { operation: 'RES' }],
    ['name', { name: 'Jane Doe' }],
    ['email', { email: 'jane@example.com' }],
    ['address', { address: '1 Main Street' }],
    ['zip', { zip: '1000' }],
    ['town', { town: 'Brussels' }],
    ['phone', { phone: '+32 2 555 01 00' }],
    ['country', { country: 'BE' }],
    ['amount', { amount: '10.5', currency: 'JPY' }],
    ['amount', { amount: '1', currency: 'XDR' }],
  ])('400 naming %s, nothing stored, Worldline not asked', async (field, fields) => {
    const reference = uniqueReference('wl-400');
    const before = await scanAll(table);
    const calls = fake.calls.length;
    const response = await registerCheckout('nl', reference, fields);
    expect(response.statusCode).toBe(400);
    const { error } = JSON.parse(response.body ?? '{}');
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields)).toEqual([field]);
    expect(await scanAll(table)).toBe(before);
    expect(fake.calls.length).toBe(calls);
  });

  it('names every refused field at once, with the rules every registration follows', async () => {
    const response = await registerCheckout('nl', '', {
      saveCard: true,
      name: 'Jane',
      operation: 'XX',
    });
    const { error } = JSON.parse(response.body ?? '{}');
    expect(Object.keys(error.fields).sort()).toEqual([
      'name',
      'operation',
      'reference',
      'saveCard',
    ]);
    // The general rule's message for a value no account takes.
    expect(error.fields.operation).toMatch(/"SAL" \(sale\) or "RES"/);
  });

  it('takes the same fields empty, SAL, saveCard false, and a whole amount of yen', async () => {
    const reference = uniqueReference('wl-ok');
    const { status } = await registeredCheckout('nl', reference, {
      name: '',
      phone: '',
      operation: 'SAL',
      saveCard: false,
      amount: '1500',
      currency: 'JPY',
    });
    expect(status).toBe(201);
    expect(onlyCheckout(fake, 'nl', reference)).toMatchObject({
      amount: 1500,
      currencyCode: 'JPY',
    });
  });

  it('still takes every field for an ogone account', async () => {
    const response = await registerCheckout('be', uniqueReference('og'), {
      saveCard: true,
      operation: 'RES',
      name: 'Jane Doe',
      country: 'BE',
    });
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({
      provider: 'ogone',
      hostedCheckoutId: null,
    });
  });
});

describe('when the Payments API fails', () => {
  const storedCheckoutId = async (reference: string) =>
    JSON.parse((await readIn('nl', reference)).body ?? '{}').hostedCheckoutId;

  it('503 when Worldline answers 5xx; stored without a checkout; the same request completes it', async () => {
    const reference = uniqueReference('wl-503');
    fake.failNext({ httpStatus: 503 });
    const failed = await registerCheckout('nl', reference);
    expect(failed.statusCode).toBe(503);
    expect(failed.headers?.['retry-after']).toBe('5');
    const { error } = JSON.parse(failed.body ?? '{}');
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toMatch(/createHostedCheckout.*Send the same request again/);
    expect(await transactionIn('nl', reference)).toMatchObject({ state: 'created' });
    expect(await storedCheckoutId(reference)).toBeNull();

    const retried = await registeredCheckout('nl', reference);
    expect(retried.status).toBe(200);
    const checkout = onlyCheckout(fake, 'nl', reference);
    expect(retried.body.paymentRequest.hostedCheckoutId).toBe(checkout.hostedCheckoutId);
    expect(await storedCheckoutId(reference)).toBe(checkout.hostedCheckoutId);
  });

  it('503 when Worldline is too slow; the checkout it made anyway is the one the retry gets', async () => {
    const reference = uniqueReference('wl-slow');
    world.configure({ WORLDLINE_TIMEOUT_MS: '300' });
    const calls = fake.calls.length;
    fake.failNext({ delayMs: 2500 });
    const output = captureOutput();
    const failed = await registerCheckout('nl', reference);
    expect(failed.statusCode).toBe(503);
    expect(JSON.parse(failed.body ?? '{}').error.message).toMatch(
      /no answer to createHostedCheckout/,
    );
    expect(output.join('')).toContain('"WorldlineApiFailure"');
    expect(await storedCheckoutId(reference)).toBeNull();
    // Worldline finishes the create the client gave up on: one checkout, under the key.
    await settledCalls(fake, calls + 1);
    const made = onlyCheckout(fake, 'nl', reference);

    world.configure();
    const retried = await registeredCheckout('nl', reference);
    expect(retried.body.paymentRequest.hostedCheckoutId).toBe(made.hostedCheckoutId);
    onlyCheckout(fake, 'nl', reference);
    expect(
      creates()
        .slice(-2)
        .map((call) => call.status),
    ).toEqual([201, 201]);
  });

  it('502 when Worldline refuses the request; the same request completes once it accepts', async () => {
    const reference = uniqueReference('wl-502');
    fake.failNext({ httpStatus: 400 });
    const failed = await registerCheckout('nl', reference);
    expect(failed.statusCode).toBe(502);
    expect(JSON.parse(failed.body ?? '{}').error.code).toBe('provider_error');
    expect(await storedCheckoutId(reference)).toBeNull();
    expect((await registeredCheckout('nl', reference)).status).toBe(200);
    onlyCheckout(fake, 'nl', reference);
  });

  it('503 for a 409 (Worldline still creating under the same key)', async () => {
    fake.failNext({ httpStatus: 409 });
    const failed = await registerCheckout('nl', uniqueReference('wl-409k'));
    expect(failed.statusCode).toBe(503);
    expect(JSON.parse(failed.body ?? '{}').error.code).toBe('provider_unavailable');
  });

  it('502 for a wrong api-secret, which no answer, log line or error quotes', async () => {
    const reference = uniqueReference('wl-401');
    const wrongSecret = 'not-the-nl-api-secret-9f8e7d6c5b';
    const output = captureOutput();
    const failed = await withWrongSecret(wrongSecret, () => registerCheckout('nl', reference));
    expect(failed.statusCode).toBe(502);
    expect(JSON.parse(failed.body ?? '{}').error.message).toMatch(
      /HTTP 401 MISSING_OR_INVALID_AUTHORIZATION/,
    );
    const seen = [failed.body ?? '', ...output].join('\n');
    for (const secret of [wrongSecret, NL.apiSecret]) expect(seen).not.toContain(secret);
  });
});

/** The account file's nl api-secret replaced for one call. */
const withWrongSecret = async <T>(secret: string, call: () => Promise<T>): Promise<T> => {
  const document = checkoutAccountsDocument(fake.url);
  const nl = (document.accounts as Record<string, unknown>).nl as {
    secrets: Record<string, string>;
  };
  nl.secrets['api-secret'] = secret;
  world.configure({ ACCOUNTS_FILE: writeAccountsFile(document) });
  try {
    return await call();
  } finally {
    world.configure();
  }
};
