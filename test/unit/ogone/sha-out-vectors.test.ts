import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureVerificationError } from '../../../lib/ogone/errors.js';
import { parseParameters } from '../../../lib/ogone/parse-parameters.js';
import { readVerifiedNotification } from '../../../lib/ogone/read-notification.js';
import { computeSignature } from '../../../lib/ogone/sign.js';
import { collectSignedParameters } from '../../../lib/ogone/signed-parameters.js';
import { verifySignature } from '../../../lib/ogone/verify.js';
import { EMPTY, formBytes } from '../../support/form.js';
import { independentSign } from '../../support/independent-signer.js';
import { type KnownAnswer, knownAnswers } from '../support/known-answers.js';

const HEX_LENGTH = { sha1: 40, sha256: 64, sha512: 128 } as const;

const paramValue = (
  params: Readonly<Record<string, string>>,
  upperName: string,
): string | undefined =>
  Object.entries(params).find(([name]) => name.toUpperCase() === upperName)?.[1];

const keysFor = (vector: KnownAnswer, passphrase = vector.passphrase) => ({
  passphrases: [passphrase],
  algorithm: vector.algorithm,
});

describe('known answers: SHA-OUT', () => {
  it('the vectors file holds SHA-OUT vectors for more than one algorithm', () => {
    expect(knownAnswers.shaOut.length).toBeGreaterThanOrEqual(4);
    const algorithms = new Set(knownAnswers.shaOut.map((vector) => vector.algorithm));
    expect(algorithms.size).toBeGreaterThanOrEqual(2);
  });

  it.each(knownAnswers.shaOut)(
    '$name: verifies from the query string, names as received',
    (vector) => {
      const query = formBytes({ ...vector.params, SHASIGN: vector.shasign });
      const notification = readVerifiedNotification({ query, body: EMPTY }, keysFor(vector));
      expect(notification.orderId).toBe(paramValue(vector.params, 'ORDERID'));
      expect(notification.status).toBe(paramValue(vector.params, 'STATUS'));
      expect(notification.amount).toBe(paramValue(vector.params, 'AMOUNT'));
      expect(notification.currency).toBe(paramValue(vector.params, 'CURRENCY'));
    },
  );

  it.each(knownAnswers.shaOut)('$name: verifies from a form body with + for spaces', (vector) => {
    const body = formBytes({ ...vector.params, SHASIGN: vector.shasign }, 'plus');
    const notification = readVerifiedNotification({ query: EMPTY, body }, keysFor(vector));
    expect(notification.cardHolder).toBe(paramValue(vector.params, 'CN'));
  });

  it.each(knownAnswers.shaOut)('$name: verifies with the signature in lowercase', (vector) => {
    const query = formBytes({ ...vector.params, SHASIGN: vector.shasign.toLowerCase() });
    expect(readVerifiedNotification({ query, body: EMPTY }, keysFor(vector)).orderId).toBeDefined();
  });

  it.each(knownAnswers.shaOut)('$name: verifySignature over the collected parameters', (vector) => {
    const signed = collectSignedParameters([parseParameters(formBytes(vector.params))]);
    expect(
      verifySignature(signed.parameters, vector.shasign, [vector.passphrase], vector.algorithm),
    ).toBe(true);
    expect(
      verifySignature(
        signed.parameters,
        vector.shasign,
        [`${vector.passphrase}x`],
        vector.algorithm,
      ),
    ).toBe(false);
  });

  it.each(knownAnswers.shaOut)('$name: rejected under a wrong passphrase', (vector) => {
    const query = formBytes({ ...vector.params, SHASIGN: vector.shasign });
    expect(() =>
      readVerifiedNotification({ query, body: EMPTY }, keysFor(vector, `${vector.passphrase} `)),
    ).toThrow(SignatureVerificationError);
  });

  it.each(knownAnswers.shaOut)('$name: rejected when any one signed value changes', (vector) => {
    for (const name of Object.keys(vector.params)) {
      const params = {
        ...vector.params,
        [name]: `${vector.params[name]}1`,
        SHASIGN: vector.shasign,
      };
      expect(
        () => readVerifiedNotification({ query: formBytes(params), body: EMPTY }, keysFor(vector)),
        name,
      ).toThrow(SignatureVerificationError);
    }
  });

  it.each(knownAnswers.shaOut)('$name: the independent test signer agrees', (vector) => {
    expect(independentSign(vector.params, vector.passphrase, vector.algorithm)).toBe(
      vector.shasign.toUpperCase(),
    );
  });
});

describe('known answers: SHA-IN', () => {
  it('the vectors file holds SHA-IN vectors', () => {
    expect(knownAnswers.shaIn.length).toBeGreaterThanOrEqual(1);
  });

  it.each(knownAnswers.shaIn)('$name: computeSignature over uppercased names', (vector) => {
    const parameters = Object.entries(vector.params).map(([name, value]) => ({
      name: name.toUpperCase(),
      value: Buffer.from(value, 'utf8'),
    }));
    expect(computeSignature(parameters, vector.passphrase, vector.algorithm)).toBe(vector.shasign);
    // Input order must not matter: the construction sorts.
    expect(computeSignature([...parameters].reverse(), vector.passphrase, vector.algorithm)).toBe(
      vector.shasign,
    );
    expect(computeSignature(parameters, `${vector.passphrase}!`, vector.algorithm)).not.toBe(
      vector.shasign,
    );
  });
});

/** A full feedback as Ogone sends it, mixed-case names, a UTF-8 card holder and unsigned extras. */
const OWN_SIGNED: Record<string, string | Buffer> = {
  orderID: 'ORD-2026-0042',
  amount: '125.5',
  currency: 'EUR',
  PM: 'CreditCard',
  ACCEPTANCE: 'test123',
  STATUS: '9',
  CARDNO: 'XXXXXXXXXXXX1111',
  PAYID: '3014567890',
  NCERROR: '0',
  BRAND: 'VISA',
  ED: '1230',
  TRXDATE: '11/27/26',
  CN: 'Jérôme Dupont',
  IP: '192.0.2.10',
  COMPLUS: '',
};
const OWN_UNSIGNED = { NCERRORPLUS: '!', sessionId: 'abc', NCSTATUS: '0' };
const OWN_PASSPHRASE = 'Out-Passphrase_2026!';

describe('own vectors, signed by the independent signer', () => {
  it.each(['sha1', 'sha256', 'sha512'] as const)('%s', (algorithm) => {
    const shasign = independentSign(OWN_SIGNED, OWN_PASSPHRASE, algorithm);
    expect(shasign).toMatch(new RegExp(`^[0-9A-F]{${HEX_LENGTH[algorithm]}}$`));
    const query = formBytes({ ...OWN_SIGNED, ...OWN_UNSIGNED, SHASIGN: shasign });
    const keys = { passphrases: [OWN_PASSPHRASE], algorithm };
    const notification = readVerifiedNotification({ query, body: EMPTY }, keys);
    expect(notification).toMatchObject({
      orderId: 'ORD-2026-0042',
      status: '9',
      amount: '125.5',
      cardHolder: 'Jérôme Dupont',
      ncError: '0',
    });
    const other = algorithm === 'sha1' ? 'sha256' : 'sha1';
    expect(() =>
      readVerifiedNotification({ query, body: EMPTY }, { ...keys, algorithm: other }),
    ).toThrow(SignatureVerificationError);
  });
});

/*
 * Literal digests, computed once with plain node:crypto over a pre-image written out by hand
 * (names uppercased and sorted by hand, passphrase after every pair):
 *
 *   node -e "const {createHash}=require('node:crypto'); const p='Out-Passphrase_2026!';
 *     const pre=['ACCEPTANCE=test123','AMOUNT=125.5','BRAND=VISA','CARDNO=XXXXXXXXXXXX1111',
 *     'CN=Jérôme Dupont','CURRENCY=EUR','ED=1230','IP=192.0.2.10','NCERROR=0',
 *     'ORDERID=ORD-2026-0042','PAYID=3014567890','PM=CreditCard','STATUS=9',
 *     'TRXDATE=11/27/26'].map(x=>x+p).join('');
 *     for (const a of ['sha1','sha256','sha512'])
 *       console.log(a, createHash(a).update(pre,'utf8').digest('hex').toUpperCase())"
 *
 * The ISO-8859-1 digest is the same pre-image with the CN value as the bytes
 * 4A E9 72 F4 6D 65 20 44 75 70 6F 6E 74 ("Jérôme Dupont" in ISO-8859-1), hashed with sha512.
 */
const LITERAL_DIGESTS = [
  { algorithm: 'sha1', shasign: 'C470793849A051E9D35E15E47ADD2AB57C2DEDE3' },
  {
    algorithm: 'sha256',
    shasign: '8518631BEC44AD7C3013419ED2D3087C3A167A7569D055FA10816291C70115FB',
  },
  {
    algorithm: 'sha512',
    shasign:
      'C4274F1CB17D87BBA9111C99AB455C1B633B4033FB23EA1DB6A7487A45DAEAAE40F6566B17E91C4DD726DBCDFABBDFC80D8D8E46C18D3B9D9E6278F49C6571E2',
  },
] as const;

const LATIN1_SHA512 =
  'E90F5446A30BF895ACCE1BB3B17637BCE23099E03C2CBC60770CBA83394BED4CCEBF9A39E969AF4D71E68C6843C1523ACC0D8B30FC16622853CF8667D911DED7';

describe('own literal vectors', () => {
  it.each(LITERAL_DIGESTS)('$algorithm: the request verifies', ({ algorithm, shasign }) => {
    const query = formBytes({ ...OWN_SIGNED, ...OWN_UNSIGNED, SHASIGN: shasign });
    const notification = readVerifiedNotification(
      { query, body: EMPTY },
      { passphrases: [OWN_PASSPHRASE], algorithm },
    );
    expect(notification.payId).toBe('3014567890');
  });

  it.each(LITERAL_DIGESTS)(
    '$algorithm: computeSignature reproduces it',
    ({ algorithm, shasign }) => {
      const parameters = Object.entries(OWN_SIGNED).map(([name, value]) => ({
        name: name.toUpperCase(),
        value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
      }));
      expect(computeSignature(parameters, OWN_PASSPHRASE, algorithm)).toBe(shasign);
    },
  );

  it('the independent signer reproduces the literals (it is a sound reference)', () => {
    for (const { algorithm, shasign } of LITERAL_DIGESTS) {
      expect(independentSign(OWN_SIGNED, OWN_PASSPHRASE, algorithm)).toBe(shasign);
    }
  });

  it('sha512 over an ISO-8859-1 card holder verifies over the bytes received', () => {
    const latin1Name = Buffer.from('Jérôme Dupont', 'latin1');
    expect([...latin1Name.subarray(0, 4)]).toEqual([0x4a, 0xe9, 0x72, 0xf4]);
    const query = formBytes({ ...OWN_SIGNED, CN: latin1Name, SHASIGN: LATIN1_SHA512 });
    expect(query.toString('latin1')).toContain('CN=J%E9r%F4me%20Dupont');
    const notification = readVerifiedNotification(
      { query, body: EMPTY },
      { passphrases: [OWN_PASSPHRASE], algorithm: 'sha512' },
    );
    expect(notification.cardHolder).toBe('Jérôme Dupont');
  });

  it('the literals themselves are what plain crypto gives for the written-out pre-image', () => {
    // Guards the comment above against a copy-paste slip in the literals.
    const pre = [
      'ACCEPTANCE=test123',
      'AMOUNT=125.5',
      'BRAND=VISA',
      'CARDNO=XXXXXXXXXXXX1111',
      'CN=Jérôme Dupont',
      'CURRENCY=EUR',
      'ED=1230',
      'IP=192.0.2.10',
      'NCERROR=0',
      'ORDERID=ORD-2026-0042',
      'PAYID=3014567890',
      'PM=CreditCard',
      'STATUS=9',
      'TRXDATE=11/27/26',
    ]
      .map((pair) => pair + OWN_PASSPHRASE)
      .join('');
    for (const { algorithm, shasign } of LITERAL_DIGESTS) {
      expect(createHash(algorithm).update(pre, 'utf8').digest('hex').toUpperCase()).toBe(shasign);
    }
  });
});
