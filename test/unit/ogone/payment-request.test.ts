import { describe, expect, it } from 'vitest';
import { signPaymentRequest } from '../../../lib/ogone/payment-request.js';
import { SHA_IN_NAMES } from '../../../lib/ogone/sha-in-names.js';
import { independentSign } from '../../support/independent-signer.js';
import { knownAnswers } from '../support/known-answers.js';

const URL_TEST = 'https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp';

describe('signPaymentRequest (SHA-IN)', () => {
  it.each(knownAnswers.shaIn.map((vector) => [vector.name, vector] as const))(
    'matches the known answer %s',
    (_name, vector) => {
      const request = signPaymentRequest(URL_TEST, vector.params, {
        passphrase: vector.passphrase,
        algorithm: vector.algorithm,
      });
      expect(request.fields.SHASIGN).toBe(vector.shasign);
      expect(request.url).toBe(URL_TEST);
    },
  );

  it('neither sends nor signs empty fields, and signs UTF-8 bytes', () => {
    const fields = {
      PSPID: 'MyPSPID',
      ORDERID: 'R-1',
      AMOUNT: '1510',
      CURRENCY: 'EUR',
      CN: 'Zoë Ørsted',
      EMAIL: '',
      OWNERTOWN: undefined,
    };
    const request = signPaymentRequest(URL_TEST, fields, {
      passphrase: 'sha-in-passphrase-0123',
      algorithm: 'sha512',
    });
    expect(Object.keys(request.fields).sort()).toEqual(
      ['AMOUNT', 'CN', 'CURRENCY', 'ORDERID', 'PSPID', 'SHASIGN'].sort(),
    );
    const { EMAIL: _e, OWNERTOWN: _t, ...sent } = fields;
    expect(request.fields.SHASIGN).toBe(
      independentSign(sent, 'sha-in-passphrase-0123', 'sha512', new Set(SHA_IN_NAMES)),
    );
    expect(request.fields.SHASIGN).toMatch(/^[0-9A-F]{128}$/);
  });

  it('refuses a field that is not on the SHA-IN list', () => {
    expect(() =>
      signPaymentRequest(
        URL_TEST,
        { PSPID: 'x', NOTSIGNED: 'y' } as unknown as Record<string, string>,
        { passphrase: 'p', algorithm: 'sha1' },
      ),
    ).toThrow(/NOTSIGNED is not a SHA-IN parameter/);
  });
});
