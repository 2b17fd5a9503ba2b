import { describe, expect, it } from 'vitest';
import { SignatureVerificationError } from '../../../lib/ogone/errors.js';
import { readVerifiedNotification } from '../../../lib/ogone/read-notification.js';
import { isShaOutName, SHA_OUT_NAMES } from '../../../lib/ogone/sha-out-names.js';
import { EMPTY, formBytes } from '../../support/form.js';
import { independentSign } from '../../support/independent-signer.js';

/** docs/protocol.md §3.1's 65 names, copied by hand: a stale copy of the list breaks production. */
const PROTOCOL_SHA_OUT_LIST = `
AAVADDRESS, AAVCHECK, AAVMAIL, AAVNAME, AAVPHONE, AAVZIP, ACCEPTANCE, ALIAS, AMOUNT, BIC, BIN,
BRAND, CARDNO, CCCTY, CN, COLLECTOR_BIC, COLLECTOR_IBAN, COMPLETIONID, COMPLUS, CREATION_STATUS,
CREDITDEBIT, CURRENCY, CVCCHECK, DCC_COMMPERCENTAGE, DCC_CONVAMOUNT, DCC_CONVCCY, DCC_EXCHRATE,
DCC_EXCHRATESOURCE, DCC_EXCHRATETS, DCC_INDICATOR, DCC_MARGINPERCENTAGE, DCC_VALIDHOURS,
DEVICEID, DIGESTCARDNO, ECI, ED, EMAIL, ENCCARDNO, FXAMOUNT, FXCURRENCY, IP, IPCTY, MANDATEID,
MOBILEMODE, NBREMAILUSAGE, NBRIPUSAGE, NBRIPUSAGE_ALLTX, NBRUSAGE, NCERROR, ORDERID, PAYID,
PAYIDSUB, PAYMENT_REFERENCE, PM, REQUESTCOMPLETIONID, SCO_CATEGORY, SCORING, SEQUENCETYPE,
SIGNDATE, STATUS, SUBBRAND, SUBSCRIPTION_ID, TICKET, TRXDATE, VC`
  .split(',')
  .map((name) => name.trim());

const PASSPHRASE = 'Names-test-passphrase-2026';
const BASE = { ORDERID: 'R-1', STATUS: '9' };

describe('SHA-OUT list', () => {
  it('has the 65 names of the protocol', () => {
    expect(PROTOCOL_SHA_OUT_LIST).toHaveLength(65);
    expect(new Set(PROTOCOL_SHA_OUT_LIST).size).toBe(65);
    expect([...SHA_OUT_NAMES].sort()).toEqual([...PROTOCOL_SHA_OUT_LIST].sort());
  });

  it.each(['PARAMPLUS', 'NCERRORPLUS', 'NCSTATUS', 'SHASIGN', 'orderid', 'Status', ''])(
    'does not list %j',
    (name) => {
      expect(isShaOutName(name)).toBe(false);
    },
  );

  it.each(PROTOCOL_SHA_OUT_LIST.filter((name) => !(name in BASE)))(
    '%s is covered by the signature',
    (name) => {
      const params = { ...BASE, [name.toLowerCase()]: 'v1' };
      const shasign = independentSign(params, PASSPHRASE, 'sha256');
      const keys = { passphrases: [PASSPHRASE], algorithm: 'sha256' as const };
      expect(
        readVerifiedNotification(
          { query: formBytes({ ...params, SHASIGN: shasign }), body: EMPTY },
          keys,
        ).orderId,
      ).toBe('R-1');
      // The same signature with the value changed, or left out of the signature, must fail.
      const tampered = formBytes({ ...params, [name.toLowerCase()]: 'v2', SHASIGN: shasign });
      expect(() => readVerifiedNotification({ query: tampered, body: EMPTY }, keys)).toThrow(
        SignatureVerificationError,
      );
      const unsigned = independentSign(BASE, PASSPHRASE, 'sha256');
      const extra = formBytes({ ...params, SHASIGN: unsigned });
      expect(() => readVerifiedNotification({ query: extra, body: EMPTY }, keys)).toThrow(
        SignatureVerificationError,
      );
    },
  );
});
