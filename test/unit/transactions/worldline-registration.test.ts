import { describe, expect, it } from 'vitest';
import type { Provider } from '../../../lib/accounts/account.js';
import { ValidationError } from '../../../lib/transactions/errors.js';
import { checkoutIdempotenceKey } from '../../../lib/transactions/hosted-checkout.js';
import { validateRegistration } from '../../../lib/transactions/validate-registration.js';

/** What a worldline account's registration takes and refuses (docs/api.md §3). */
const ACCOUNTS = {
  defaultId: 'main',
  providerOf: (id: string): Provider | undefined =>
    (({ main: 'ogone', nl: 'worldline' }) as Record<string, Provider>)[id],
};
const BASE = { account: 'nl', reference: 'ORDER-1', amount: '15.10', currency: 'EUR' };

const fieldsOf = (body: Record<string, unknown>): Record<string, string> => {
  try {
    validateRegistration(body, ACCOUNTS);
  } catch (error) {
    if (error instanceof ValidationError) return { ...error.fields };
    throw error;
  }
  return {};
};

describe('a worldline registration', () => {
  it('keeps the amount, the currency and the language as the checkout locale', () => {
    expect(validateRegistration({ ...BASE, language: 'nl_NL' }, ACCOUNTS)).toEqual({
      account: 'nl',
      reference: 'ORDER-1',
      amount: '15.1',
      currency: 'EUR',
      registration: { language: 'nl_NL', operation: 'SAL', saveCard: false },
    });
  });

  it.each([
    ['1000', 'JPY'],
    ['1.234', 'KWD'],
  ])('takes %s %s, which the currency carries exactly', (amount, currency) => {
    // 1.234 has three decimals, which no registration takes (two at most), whatever the account.
    const expected = amount === '1.234' ? ['amount'] : [];
    expect(Object.keys(fieldsOf({ ...BASE, amount, currency }))).toEqual(expected);
  });

  it.each([
    ['10.5', 'JPY'],
    ['0.01', 'ISK'],
    ['5', 'XDR'],
  ])('refuses %s %s, which the currency cannot carry', (amount, currency) => {
    expect(fieldsOf({ ...BASE, amount, currency })).toEqual({
      amount: `must be a whole number of ${currency}'s minor unit for a worldline account`,
    });
  });

  it('refuses what the checkout does not honour, each field named, all at once', () => {
    const fields = fieldsOf({
      ...BASE,
      name: 'Jane',
      email: 'jane@example.com',
      address: 'x',
      zip: '1',
      town: 't',
      phone: '1',
      country: 'BE',
      operation: 'RES',
      saveCard: true,
    });
    expect(Object.keys(fields).sort()).toEqual([
      'address',
      'country',
      'email',
      'name',
      'operation',
      'phone',
      'saveCard',
      'town',
      'zip',
    ]);
    expect(fields.name).toMatch(/not sent to Worldline Hosted Checkout/);
    expect(fields.operation).toMatch(/must be "SAL" for a worldline account/);
  });

  it('gives the general message for a field every account refuses', () => {
    expect(fieldsOf({ ...BASE, country: 'ZZ', email: 'nope', saveCard: 'yes' })).toEqual({
      country: 'must be an ISO 3166-1 alpha-2 country code, e.g. "BE"',
      email: 'must be an e-mail address',
      saveCard: 'must be true or false',
    });
  });

  it('an ogone account still takes every field', () => {
    const body = {
      ...BASE,
      account: 'main',
      name: 'Jane',
      saveCard: true,
      operation: 'RES',
      amount: '10.5',
      currency: 'JPY',
    };
    expect(fieldsOf(body)).toEqual({});
  });

  it('an account that providerOf does not know is refused as before', () => {
    expect(fieldsOf({ ...BASE, account: 'fr' })).toEqual({
      account: 'must name an account of this deployment',
    });
  });
});

describe('checkoutIdempotenceKey', () => {
  it('is at most 40 characters of ASCII letters, digits, - and _, and stable', () => {
    const key = checkoutIdempotenceKey('table-prod', 'nl', 'ORDER-1');
    expect(key).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(key).toHaveLength(40);
    expect(checkoutIdempotenceKey('table-prod', 'nl', 'ORDER-1')).toBe(key);
  });

  it('differs for another deployment, account or reference, however the parts are split', () => {
    const keys = [
      checkoutIdempotenceKey('t', 'nl', 'ORDER-1'),
      checkoutIdempotenceKey('u', 'nl', 'ORDER-1'),
      checkoutIdempotenceKey('t', 'de', 'ORDER-1'),
      checkoutIdempotenceKey('t', 'nl', 'ORDER-2'),
      checkoutIdempotenceKey('t', 'n', 'lORDER-1'),
      checkoutIdempotenceKey('t', 'nl', 'ORDER-1 '),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('says nothing of the reference it is made from', () => {
    expect(checkoutIdempotenceKey('t', 'nl', 'ORDER-1')).not.toMatch(/ORDER|nl/);
  });
});
