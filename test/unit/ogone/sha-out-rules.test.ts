import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureVerificationError } from '../../../lib/ogone/errors.js';
import type { HashAlgorithm } from '../../../lib/ogone/hash-algorithm.js';
import { readVerifiedNotification } from '../../../lib/ogone/read-notification.js';
import { verifySignature } from '../../../lib/ogone/verify.js';
import { EMPTY, type FormValue, formBytes } from '../../support/form.js';
import { independentSign } from '../../support/independent-signer.js';

const PASSPHRASE = 'Current-SHA-OUT-passphrase-1';
const PREVIOUS = 'Previous-SHA-OUT-passphrase-0';

const BASE = {
  orderID: 'R-1',
  amount: '15.1',
  currency: 'EUR',
  STATUS: '9',
  PAYID: '3000001',
  NCERROR: '0',
  PM: 'CreditCard',
} as const;

const read = (
  params: Readonly<Record<string, FormValue>>,
  passphrases: readonly string[] = [PASSPHRASE],
  algorithm: HashAlgorithm = 'sha512',
) =>
  readVerifiedNotification({ query: formBytes(params), body: EMPTY }, { passphrases, algorithm });

const failure = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof SignatureVerificationError) return error.failure;
    throw error;
  }
  return undefined;
};

/** Ogone's construction written out with plain crypto: `pairs` already uppercased and sorted. */
const digestOf = (pre: string, algorithm: HashAlgorithm = 'sha512'): string =>
  createHash(algorithm).update(pre, 'utf8').digest('hex').toUpperCase();

describe('SHA-OUT: names', () => {
  it('uppercases names before signing: any letter case verifies', () => {
    const params = {
      orderid: 'R-1',
      Amount: '15.1',
      cUrReNcY: 'EUR',
      status: '9',
      payId: '3000001',
      ncerror: '0',
    };
    const shasign = independentSign(params, PASSPHRASE, 'sha512');
    const notification = read({ ...params, shasign });
    expect(notification).toMatchObject({
      orderId: 'R-1',
      amount: '15.1',
      currency: 'EUR',
      status: '9',
      payId: '3000001',
    });
  });

  it.each([
    ['a PARAMPLUS content parameter', 'sessionId', 'abc123'],
    ['another PARAMPLUS content parameter', 'returnTo', '/cart'],
    ['PARAMPLUS itself', 'PARAMPLUS', 'sessionId=abc123'],
    ['NCERRORPLUS', 'NCERRORPLUS', '!'],
    ['NCSTATUS', 'NCSTATUS', '5'],
    ['a parameter added by a proxy', 'utm_source', 'newsletter'],
    ['a SHASIGN-like name', 'SHASIGN2', 'ABC'],
  ])('ignores %s (%s)', (_label, name, value) => {
    const shasign = independentSign(BASE, PASSPHRASE, 'sha512');
    expect(read({ ...BASE, [name]: value, SHASIGN: shasign }).orderId).toBe('R-1');
    // A signer that wrongly included the extra produces a signature the service must refuse.
    const withExtra = independentSign({ ...BASE, [name]: value }, PASSPHRASE, 'sha512');
    expect(failure(() => read({ ...BASE, [name]: value, SHASIGN: withExtra }))).toBe('mismatch');
  });
});

describe('SHA-OUT: values', () => {
  it('drops empty values from the signature', () => {
    const shasign = independentSign(BASE, PASSPHRASE, 'sha512');
    expect(read({ ...BASE, COMPLUS: '', ALIAS: '', SHASIGN: shasign }).alias).toBeUndefined();
  });

  it('an empty value signed as NAME= would be a different signature', () => {
    const pre = [
      'AMOUNT=15.1',
      'COMPLUS=',
      'CURRENCY=EUR',
      'NCERROR=0',
      'ORDERID=R-1',
      'PAYID=3000001',
      'PM=CreditCard',
      'STATUS=9',
    ]
      .map((pair) => pair + PASSPHRASE)
      .join('');
    expect(failure(() => read({ ...BASE, COMPLUS: '', SHASIGN: digestOf(pre) }))).toBe('mismatch');
  });

  it('keeps NCERROR=0 in the signature, and dropping it would change the digest', () => {
    const withZero = independentSign(BASE, PASSPHRASE, 'sha512');
    const { NCERROR: _dropped, ...withoutNcError } = BASE;
    const withoutZero = independentSign(withoutNcError, PASSPHRASE, 'sha512');
    expect(withoutZero).not.toBe(withZero);
    expect(read({ ...BASE, SHASIGN: withZero }).ncError).toBe('0');
    expect(failure(() => read({ ...BASE, SHASIGN: withoutZero }))).toBe('mismatch');
  });

  it('does not trim values or change their case', () => {
    const params = { ...BASE, CN: ' Jane Doe ', COMPLUS: 'MixedCase' };
    const shasign = independentSign(params, PASSPHRASE, 'sha512');
    expect(read({ ...params, SHASIGN: shasign }).cardHolder).toBe(' Jane Doe ');
    const trimmed = independentSign({ ...params, CN: 'Jane Doe' }, PASSPHRASE, 'sha512');
    expect(failure(() => read({ ...params, SHASIGN: trimmed }))).toBe('mismatch');
    const lower = independentSign({ ...params, COMPLUS: 'mixedcase' }, PASSPHRASE, 'sha512');
    expect(failure(() => read({ ...params, SHASIGN: lower }))).toBe('mismatch');
  });
});

describe('SHA-OUT: pre-image layout', () => {
  const params = { orderID: 'R-1', STATUS: '9' };
  const pairs = ['ORDERID=R-1', 'STATUS=9'];

  it('puts the passphrase after every pair, including the last', () => {
    const shasign = digestOf(pairs.map((pair) => pair + PASSPHRASE).join(''));
    expect(read({ ...params, SHASIGN: shasign }).status).toBe('9');
  });

  // The pre-image is laid out by byte counts (lib/ogone/sign.ts): a passphrase or value whose
  // UTF-8 takes more bytes than characters must still land whole, every time it is repeated.
  it.each([
    ['a passphrase of two-, three- and four-byte characters', 'Clé-€-𝄞-passphrase', 'Jane Doe'],
    ['values of two-, three- and four-byte characters', PASSPHRASE, 'Zoë Ærø € 𝄞'],
  ])('verifies with %s', (_label, passphrase, holder) => {
    const signed = { ...params, CN: holder };
    const pre = [...pairs, `CN=${holder}`]
      .sort()
      .map((pair) => pair + passphrase)
      .join('');
    const shasign = digestOf(pre);
    expect(shasign).toBe(independentSign(signed, passphrase, 'sha512'));
    expect(read({ ...signed, SHASIGN: shasign }, [passphrase]).cardHolder).toBe(holder);
    expect(failure(() => read({ ...signed, SHASIGN: shasign }, [`${passphrase}x`]))).toBe(
      'mismatch',
    );
  });

  it.each([
    ['no passphrase after the last pair', pairs.join(PASSPHRASE)],
    ['the passphrase only once, at the end', `${pairs.join('')}${PASSPHRASE}`],
    ['a separator between pairs', pairs.map((pair) => pair + PASSPHRASE).join('&')],
    ['the passphrase before each pair', pairs.map((pair) => PASSPHRASE + pair).join('')],
  ])('refuses a signature built with %s', (_label, pre) => {
    expect(failure(() => read({ ...params, SHASIGN: digestOf(pre) }))).toBe('mismatch');
  });

  /*
   * Ogone's published list prints SCO_CATEGORY before SCORING, but plain code-point order puts
   * SCORING first ('R' is 0x52, '_' is 0x5F). Every known integration uses code-point order, and
   * so does this project (docs/protocol.md §3, "Sorting"). A locale-aware sort, which
   * puts '_' before letters, would get this wrong.
   */
  it('sorts names in code-point order: SCORING before SCO_CATEGORY (documented choice)', () => {
    const fraud = { orderID: 'R1', SCO_CATEGORY: 'G', SCORING: '12', STATUS: '9' };
    const p = 'Order-Passphrase-2026';
    // node -e "console.log(require('node:crypto').createHash('sha256').update(
    //   'ORDERID=R1'+p+'SCORING=12'+p+'SCO_CATEGORY=G'+p+'STATUS=9'+p).digest('hex').toUpperCase())"
    // with p='Order-Passphrase-2026'
    const codePointOrder = '28332BB86C89A3320B5DA8F50C2AEB326222AE10D7BEC267D4FBB0C0E3F1BA57';
    expect(digestOf(`ORDERID=R1${p}SCORING=12${p}SCO_CATEGORY=G${p}STATUS=9${p}`, 'sha256')).toBe(
      codePointOrder,
    );
    const publishedOrder = digestOf(
      `ORDERID=R1${p}SCO_CATEGORY=G${p}SCORING=12${p}STATUS=9${p}`,
      'sha256',
    );
    expect(['SCO_CATEGORY', 'SCORING'].sort()).toEqual(['SCORING', 'SCO_CATEGORY']);
    expect(read({ ...fraud, SHASIGN: codePointOrder }, [p], 'sha256').orderId).toBe('R1');
    expect(failure(() => read({ ...fraud, SHASIGN: publishedOrder }, [p], 'sha256'))).toBe(
      'mismatch',
    );
  });

  it('sorts a name before any longer name it prefixes (PAYID, PAYIDSUB)', () => {
    const p = PASSPHRASE;
    const pre = `ORDERID=R-1${p}PAYID=1${p}PAYIDSUB=2${p}STATUS=9${p}`;
    const shasign = digestOf(pre);
    expect(
      read({ PAYIDSUB: '2', STATUS: '9', PAYID: '1', orderID: 'R-1', SHASIGN: shasign }).payId,
    ).toBe('1');
  });
});

describe('SHA-OUT: the received SHASIGN', () => {
  const shasign = independentSign(BASE, PASSPHRASE, 'sha512');

  it('accepts it in uppercase, as Ogone sends it', () => {
    expect(read({ ...BASE, SHASIGN: shasign }).orderId).toBe('R-1');
  });

  it('accepts it in lowercase, as older integrations send it', () => {
    expect(read({ ...BASE, SHASIGN: shasign.toLowerCase() }).orderId).toBe('R-1');
  });

  it('accepts it in mixed case', () => {
    const mixed = [...shasign].map((c, i) => (i % 2 === 0 ? c.toLowerCase() : c)).join('');
    expect(read({ ...BASE, SHASIGN: mixed }).orderId).toBe('R-1');
  });

  it('accepts the parameter name SHASIGN in any case', () => {
    expect(read({ ...BASE, shaSign: shasign }).orderId).toBe('R-1');
  });

  it.each([
    ['one digit short', shasign.slice(0, -1)],
    ['one digit too many', `${shasign}0`],
    ['a SHA-1 length', shasign.slice(0, 40)],
    ['a SHA-256 length', shasign.slice(0, 64)],
    ['a non-hex digit', `${shasign.slice(0, -1)}G`],
    ['surrounding spaces', ` ${shasign} `],
    ['a trailing newline', `${shasign}\n`],
    ['a 0x prefix', `0x${shasign.slice(2)}`],
  ])('refuses %s', (_label, received) => {
    expect(failure(() => read({ ...BASE, SHASIGN: received }))).toBe('mismatch');
    const parameters = Object.entries(BASE).map(([name, value]) => ({
      name: name.toUpperCase(),
      value: Buffer.from(value),
    }));
    expect(verifySignature(parameters, received, [PASSPHRASE], 'sha512')).toBe(false);
    expect(verifySignature(parameters, shasign, [PASSPHRASE], 'sha512')).toBe(true);
  });
});

describe('SHA-OUT: algorithms', () => {
  it.each(['sha1', 'sha256', 'sha512'] as const)('verifies %s and only %s', (algorithm) => {
    const shasign = independentSign(BASE, PASSPHRASE, algorithm);
    expect(read({ ...BASE, SHASIGN: shasign }, [PASSPHRASE], algorithm).orderId).toBe('R-1');
    for (const other of (['sha1', 'sha256', 'sha512'] as const).filter((a) => a !== algorithm)) {
      expect(failure(() => read({ ...BASE, SHASIGN: shasign }, [PASSPHRASE], other))).toBe(
        'mismatch',
      );
    }
  });
});

describe('SHA-OUT: passphrase rotation', () => {
  const keys = [PASSPHRASE, PREVIOUS];

  it('accepts the current passphrase', () => {
    const shasign = independentSign(BASE, PASSPHRASE, 'sha512');
    expect(read({ ...BASE, SHASIGN: shasign }, keys).orderId).toBe('R-1');
  });

  it('accepts the previous passphrase while it is listed', () => {
    const shasign = independentSign(BASE, PREVIOUS, 'sha512');
    expect(read({ ...BASE, SHASIGN: shasign }, keys).orderId).toBe('R-1');
  });

  it('refuses the previous passphrase once it is no longer listed', () => {
    const shasign = independentSign(BASE, PREVIOUS, 'sha512');
    expect(failure(() => read({ ...BASE, SHASIGN: shasign }, [PASSPHRASE]))).toBe('mismatch');
  });

  it('refuses a third, unknown passphrase', () => {
    const shasign = independentSign(BASE, 'Some-other-passphrase-2', 'sha512');
    expect(failure(() => read({ ...BASE, SHASIGN: shasign }, keys))).toBe('mismatch');
  });

  it('refuses everything when no passphrase is configured', () => {
    const shasign = independentSign(BASE, PASSPHRASE, 'sha512');
    expect(failure(() => read({ ...BASE, SHASIGN: shasign }, []))).toBe('mismatch');
  });
});
