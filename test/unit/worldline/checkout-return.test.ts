import { describe, expect, it } from 'vitest';
import type { HostedCheckout, Transaction } from '../../../lib/transactions/transaction.js';
import {
  CheckoutReturnError,
  RETURN_FAILURES,
  type ReturnFailure,
  readCheckoutReturn,
  verifyCheckoutReturn,
} from '../../../lib/worldline/checkout-return.js';

/** The return's query reading and its check against the stored checkout, without storage. */
const MAC = '1f6c1b4a-5e0d-4b79-9a55-1d2e3f405162';
const QUERY = `reference=ORDER-1&hostedCheckoutId=4000000100&RETURNMAC=${MAC}`;

const failureOf = (act: () => unknown): { failure: ReturnFailure; message: string } => {
  try {
    act();
  } catch (error) {
    if (error instanceof CheckoutReturnError)
      return { failure: error.failure, message: error.message };
    throw error;
  }
  throw new Error('expected a CheckoutReturnError');
};

describe('readCheckoutReturn', () => {
  it('reads the three parameters, decoded, in any order, ignoring others', () => {
    expect(readCheckoutReturn(QUERY)).toEqual({
      reference: 'ORDER-1',
      hostedCheckoutId: '4000000100',
      returnMac: MAC,
    });
    const reordered = `RETURNMAC=${MAC}&x=1&hostedCheckoutId=4000000100&&reference=A%26B%3DC+D%2B`;
    expect(readCheckoutReturn(reordered).reference).toBe('A&B=C D+');
  });

  it.each<[string, string, ReturnFailure, string]>([
    ['no reference', `hostedCheckoutId=1&RETURNMAC=${MAC}`, 'missing', 'reference'],
    ['an empty RETURNMAC', 'reference=R&hostedCheckoutId=1&RETURNMAC=', 'missing', 'RETURNMAC'],
    [
      'a name without a value',
      'reference=R&hostedCheckoutId&RETURNMAC=m',
      'missing',
      'hostedCheckoutId',
    ],
    ['RETURNMAC twice', `${QUERY}&RETURNMAC=${MAC}`, 'repeated', 'RETURNMAC'],
    ['an encoded name twice', `${QUERY}&%52ETURNMAC=x`, 'repeated', 'RETURNMAC'],
    [
      'a broken encoding',
      'reference=R&hostedCheckoutId=1&RETURNMAC=%E0%A4%A',
      'malformed',
      'RETURNMAC',
    ],
    [
      'a space in RETURNMAC',
      'reference=R&hostedCheckoutId=1&RETURNMAC=a+b',
      'malformed',
      'RETURNMAC',
    ],
    [
      'a RETURNMAC of 129 characters',
      `reference=R&hostedCheckoutId=1&RETURNMAC=${'m'.repeat(129)}`,
      'malformed',
      'RETURNMAC',
    ],
    [
      'a control character in the id',
      'reference=R&hostedCheckoutId=1%0A&RETURNMAC=m',
      'malformed',
      'hostedCheckoutId',
    ],
    [
      'a reference of spaces',
      'reference=+++&hostedCheckoutId=1&RETURNMAC=m',
      'malformed',
      'reference',
    ],
    [
      'a non-ASCII reference',
      'reference=%C3%89&hostedCheckoutId=1&RETURNMAC=m',
      'malformed',
      'reference',
    ],
  ])('refuses %s, naming the parameter and no value', (_case, query, failure, parameter) => {
    const refused = failureOf(() => readCheckoutReturn(query));
    expect(refused.failure).toBe(failure);
    expect(refused.message).toContain(parameter);
    expect(refused.message).not.toContain(MAC);
  });

  it('refuses a query over 2 KiB as a whole', () => {
    const refused = failureOf(() => readCheckoutReturn(`${QUERY}&pad=${'x'.repeat(2048)}`));
    expect(refused.failure).toBe(RETURN_FAILURES.malformed);
  });
});

const checkout: HostedCheckout = {
  id: '4000000100',
  redirectUrl: 'https://payment.example/checkout/4000000100',
  returnMac: MAC,
};
const transaction = (hostedCheckout: HostedCheckout | null) =>
  ({ reference: 'ORDER-1', hostedCheckout }) as unknown as Transaction;

describe('verifyCheckoutReturn', () => {
  const returned = readCheckoutReturn(QUERY);

  it('answers the stored checkout for the same id and RETURNMAC', () => {
    const stored = transaction(checkout);
    expect(verifyCheckoutReturn(returned, stored)).toEqual({ transaction: stored, checkout });
  });

  it.each<[string, Transaction | undefined, Partial<typeof returned>]>([
    ['no transaction', undefined, {}],
    ['a transaction without a checkout', transaction(null), {}],
    ['another checkout id', transaction(checkout), { hostedCheckoutId: '4000000101' }],
    [
      'a RETURNMAC differing in its last character',
      transaction(checkout),
      { returnMac: `${MAC.slice(0, -1)}3` },
    ],
    ['a RETURNMAC one character longer', transaction(checkout), { returnMac: `${MAC}2` }],
    ['a prefix of the RETURNMAC', transaction(checkout), { returnMac: MAC.slice(0, 8) }],
    ['the RETURNMAC in other letter case', transaction(checkout), { returnMac: MAC.toUpperCase() }],
  ])('refuses %s with the one mismatch message', (_case, stored, change) => {
    const refused = failureOf(() => verifyCheckoutReturn({ ...returned, ...change }, stored));
    expect(refused).toEqual({
      failure: RETURN_FAILURES.mismatch,
      message: 'The return does not match a hosted checkout of this account',
    });
  });
});
