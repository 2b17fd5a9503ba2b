import { describe, expect, it } from 'vitest';
import { resultUrlFor, signedFeedback } from '../../../scripts/lib/local-ogone/feedback.js';

/** The local Ogone reads the status table; written out here from docs/protocol.md §2, §4. */
const request = {
  url: 'https://ogone.test/orderstandard_utf8.asp',
  fields: {
    ORDERID: 'LOCAL-1',
    AMOUNT: '1510',
    CURRENCY: 'EUR',
    ALIAS: 'alias-1',
    ACCEPTURL: 'https://shop.test/accept',
    DECLINEURL: 'https://shop.test/decline',
    EXCEPTIONURL: 'https://shop.test/exception',
    CANCELURL: 'https://shop.test/cancel',
  },
};

describe('local Ogone', () => {
  it.each([
    ['1', 'cancel'],
    ['0', 'decline'],
    ['2', 'decline'],
    ['57', 'decline'],
    ['93', 'decline'],
    ['52', 'exception'],
    ['92', 'exception'],
    ['5', 'accept'],
    ['9', 'accept'],
    ['51', 'accept'],
    ['95', 'accept'],
  ])('sends the browser for STATUS %s to the %s URL', (status, page) => {
    expect(resultUrlFor(request.fields, status)).toBe(`https://shop.test/${page}`);
  });

  it.each([
    ['9', true, '0'],
    ['5', true, '0'],
    ['95', true, '0'],
    ['51', false, '0'],
    ['2', false, '30001001'],
    ['0', false, '30001001'],
  ])(
    'STATUS %s: an acceptance and the alias only when paid or authorized',
    (status, paying, ncerror) => {
      const feedback = signedFeedback(request, status, 'local-passphrase', 'sha512', '3000000001');
      expect(feedback.get('ACCEPTANCE') !== '').toBe(paying);
      expect(feedback.has('ALIAS')).toBe(paying);
      expect(feedback.get('NCERROR')).toBe(ncerror);
    },
  );
});
