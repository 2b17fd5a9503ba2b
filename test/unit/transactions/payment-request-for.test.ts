import { describe, expect, it } from 'vitest';
import { SHA_IN_NAMES } from '../../../lib/ogone/sha-in-names.js';
import { ALIAS_USAGE, paymentRequestFor } from '../../../lib/transactions/payment-request-for.js';
import { newAlias } from '../../../lib/transactions/register-transaction.js';
import { independentSign } from '../../support/independent-signer.js';
import { transactionWith } from '../support/transactions.js';

const settings = {
  pspId: 'MyPSPID',
  hostedPaymentPageUrl: 'https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp',
  returnUrl: 'https://pay.example/payment/ogone/return',
  shaInPassphrase: 'sha-in-passphrase-for-tests',
  algorithm: 'sha512' as const,
};

describe('paymentRequestFor', () => {
  it('builds every field of docs/protocol.md §7, signed as an independent signer would', () => {
    const transaction = transactionWith({
      reference: 'ORDER-42',
      amount: '1111.11',
      currency: 'EUR',
      registration: {
        name: 'René Müller',
        email: 'rene@example.com',
        address: 'Rue Neuve 1',
        zip: '1000',
        town: 'Bruxelles',
        country: 'BE',
        phone: '+3221234567',
        language: 'fr_BE',
        operation: 'RES',
        saveCard: true,
        alias: 'OF-2f1d3c4b-0000-4000-8000-000000000001',
      },
    });
    const request = paymentRequestFor(transaction, settings);
    const expected = {
      PSPID: 'MyPSPID',
      ORDERID: 'ORDER-42',
      AMOUNT: '111111',
      CURRENCY: 'EUR',
      LANGUAGE: 'fr_BE',
      CN: 'René Müller',
      EMAIL: 'rene@example.com',
      OWNERADDRESS: 'Rue Neuve 1',
      OWNERZIP: '1000',
      OWNERTOWN: 'Bruxelles',
      OWNERCTY: 'BE',
      OWNERTELNO: '+3221234567',
      OPERATION: 'RES',
      ACCEPTURL: settings.returnUrl,
      DECLINEURL: settings.returnUrl,
      EXCEPTIONURL: settings.returnUrl,
      CANCELURL: settings.returnUrl,
      ALIAS: 'OF-2f1d3c4b-0000-4000-8000-000000000001',
      ALIASUSAGE: ALIAS_USAGE,
    };
    const { SHASIGN, ...fields } = request.fields;
    expect(fields).toEqual(expected);
    expect(SHASIGN).toBe(
      independentSign(expected, settings.shaInPassphrase, 'sha512', new Set(SHA_IN_NAMES)),
    );
    expect(request.url).toBe(settings.hostedPaymentPageUrl);
  });

  it.each([
    ['586.8', '58680'],
    ['0.01', '1'],
    ['15', '1500'],
    ['1111.11', '111111'],
  ])('sends %s as AMOUNT %s, without floating point', (amount, minor) => {
    const request = paymentRequestFor(transactionWith({ amount }), settings);
    expect(request.fields.AMOUNT).toBe(minor);
  });

  it('sends a sale in en_US without alias when nothing optional was registered', () => {
    const request = paymentRequestFor(transactionWith(), settings);
    expect(request.fields.OPERATION).toBe('SAL');
    expect(request.fields.LANGUAGE).toBe('en_US');
    expect(request.fields).not.toHaveProperty('ALIAS');
    expect(request.fields).not.toHaveProperty('CN');
  });

  it('has nothing to offer for an unmatched transaction', () => {
    expect(() => paymentRequestFor(transactionWith({ registration: null }), settings)).toThrow(
      /registered/,
    );
  });
});

describe('newAlias', () => {
  it('is unique and fits Ogone’s ALIAS format', () => {
    const aliases = new Set(Array.from({ length: 200 }, newAlias));
    expect(aliases.size).toBe(200);
    for (const alias of aliases) expect(alias).toMatch(/^[A-Za-z0-9_-]{1,50}$/);
  });
});
