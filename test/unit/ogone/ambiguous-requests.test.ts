import { describe, expect, it } from 'vitest';
import { MalformedParametersError, SignatureVerificationError } from '../../../lib/ogone/errors.js';
import {
  type FeedbackRequest,
  readVerifiedNotification,
} from '../../../lib/ogone/read-notification.js';
import { collectSignedParameters } from '../../../lib/ogone/signed-parameters.js';
import { EMPTY, type FormPairs, formBytes } from '../../support/form.js';
import { independentSign } from '../../support/independent-signer.js';

const PASSPHRASE = 'Ambiguity-test-passphrase-1';
const KEYS = { passphrases: [PASSPHRASE], algorithm: 'sha512' as const };
const BASE = { orderID: 'R-1', STATUS: '9', amount: '15.1', currency: 'EUR', PAYID: '3000001' };
const SHASIGN = independentSign(BASE, PASSPHRASE, 'sha512');

type Outcome =
  | { kind: 'ok'; orderId: string; status: string }
  | { kind: 'malformed'; reason: string }
  | { kind: 'signature'; failure: string };

const outcome = (request: FeedbackRequest): Outcome => {
  try {
    const notification = readVerifiedNotification(request, KEYS);
    return { kind: 'ok', orderId: notification.orderId, status: notification.status };
  } catch (error) {
    if (error instanceof MalformedParametersError)
      return { kind: 'malformed', reason: error.reason };
    if (error instanceof SignatureVerificationError)
      return { kind: 'signature', failure: error.failure };
    throw error;
  }
};

const inQuery = (pairs: FormPairs): FeedbackRequest => ({ query: formBytes(pairs), body: EMPTY });
const basePairs: FormPairs = Object.entries(BASE);

describe('duplicate signed names', () => {
  it('the control request, without duplicates, verifies', () => {
    expect(outcome(inQuery([...basePairs, ['SHASIGN', SHASIGN]]))).toMatchObject({ kind: 'ok' });
  });

  it.each<[string, FeedbackRequest]>([
    ['the same name twice', inQuery([...basePairs, ['STATUS', '9'], ['SHASIGN', SHASIGN]])],
    [
      'the same name twice with different values',
      inQuery([...basePairs, ['STATUS', '5'], ['SHASIGN', SHASIGN]]),
    ],
    [
      'the same name in another letter case',
      inQuery([...basePairs, ['status', '9'], ['SHASIGN', SHASIGN]]),
    ],
    [
      'one in the query and one in the body',
      {
        query: formBytes([...basePairs, ['SHASIGN', SHASIGN]]),
        body: formBytes([['Status', '9']]),
      },
    ],
    [
      'an empty value and a non-empty one',
      inQuery([...basePairs, ['COMPLUS', ''], ['COMPLUS', 'x'], ['SHASIGN', SHASIGN]]),
    ],
    ['SHASIGN twice', inQuery([...basePairs, ['SHASIGN', SHASIGN], ['SHASIGN', SHASIGN]])],
    [
      'SHASIGN in the query and in the body',
      {
        query: formBytes([...basePairs, ['SHASIGN', SHASIGN]]),
        body: formBytes([['shasign', SHASIGN]]),
      },
    ],
  ])('refuses %s as duplicate_parameter', (_label, request) => {
    expect(outcome(request)).toEqual({ kind: 'malformed', reason: 'duplicate_parameter' });
  });

  it('names the duplicated parameter in the error, not its values', () => {
    try {
      readVerifiedNotification(
        inQuery([...basePairs, ['payid', 'SECRET-VALUE-2'], ['SHASIGN', SHASIGN]]),
        KEYS,
      );
      expect.unreachable('a duplicate must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedParametersError);
      const malformed = error as MalformedParametersError;
      expect(malformed.context.parameter).toBe('PAYID');
      expect(`${malformed.message} ${JSON.stringify(malformed.context)}`).not.toMatch(
        /SECRET-VALUE|3000001/,
      );
    }
  });

  it('allows repeated names that are not signed', () => {
    const pairs: FormPairs = [
      ...basePairs,
      ['sessionId', 'a'],
      ['sessionId', 'b'],
      ['SHASIGN', SHASIGN],
    ];
    expect(outcome(inQuery(pairs))).toMatchObject({ kind: 'ok', orderId: 'R-1' });
  });

  it('reads signed parameters split between query and body', () => {
    const request = {
      query: formBytes({ orderID: 'R-1', STATUS: '9' }),
      body: formBytes({ amount: '15.1', currency: 'EUR', PAYID: '3000001', SHASIGN }),
    };
    expect(outcome(request)).toEqual({ kind: 'ok', orderId: 'R-1', status: '9' });
  });
});

describe('missing signature and fields', () => {
  it('refuses a request without SHASIGN as missing', () => {
    expect(outcome(inQuery(basePairs))).toEqual({ kind: 'signature', failure: 'missing' });
  });

  it('refuses an empty SHASIGN as missing', () => {
    expect(outcome(inQuery([...basePairs, ['SHASIGN', '']]))).toEqual({
      kind: 'signature',
      failure: 'missing',
    });
  });

  it('refuses a wrong SHASIGN as mismatch', () => {
    const wrong = independentSign({ ...BASE, STATUS: '5' }, PASSPHRASE, 'sha512');
    expect(outcome(inQuery([...basePairs, ['SHASIGN', wrong]]))).toEqual({
      kind: 'signature',
      failure: 'mismatch',
    });
  });

  it.each([
    ['ORDERID', { STATUS: '9', amount: '15.1' }],
    ['STATUS', { orderID: 'R-1', amount: '15.1' }],
    ['ORDERID and STATUS', { amount: '15.1', PAYID: '1' }],
    ['STATUS (given empty)', { orderID: 'R-1', STATUS: '' }],
  ])('a signed request without %s is missing_field', (_label, params) => {
    const shasign = independentSign(params, PASSPHRASE, 'sha512');
    expect(outcome(inQuery([...Object.entries(params), ['SHASIGN', shasign]]))).toEqual({
      kind: 'malformed',
      reason: 'missing_field',
    });
  });

  it('checks the signature before the fields: unsigned and without ORDERID is a 403 case', () => {
    const params = { STATUS: '9' };
    expect(outcome(inQuery([...Object.entries(params), ['SHASIGN', SHASIGN]]))).toEqual({
      kind: 'signature',
      failure: 'mismatch',
    });
    expect(outcome(inQuery(Object.entries(params)))).toEqual({
      kind: 'signature',
      failure: 'missing',
    });
  });
});

describe('non-ASCII lookalike names are not signed names', () => {
  // 'ſ' (U+017F) uppercases to 'S', 'ß' to 'SS', 'ı' (U+0131) to 'I' with String#toUpperCase.
  it.each([
    ['ſtatus', 'STATUS'],
    ['AAVADDREß', 'AAVADDRESS'],
    ['orderıd', 'ORDERID'],
    ['ſhaſign', 'SHASIGN'],
  ])('%s is not read as %s', (lookalike, real) => {
    expect(lookalike.toUpperCase()).toBe(real);
    const signed = collectSignedParameters([[{ name: lookalike, value: Buffer.from('x') }]]);
    expect(signed.parameters).toEqual([]);
    expect(signed.shasign).toBeUndefined();
  });

  it('a request with ſtatus but no STATUS is missing STATUS, not status 9', () => {
    const params = { orderID: 'R-1', amount: '15.1' };
    const shasign = independentSign(params, PASSPHRASE, 'sha512');
    expect(
      outcome(inQuery([...Object.entries(params), ['ſtatus', '9'], ['SHASIGN', shasign]])),
    ).toEqual({
      kind: 'malformed',
      reason: 'missing_field',
    });
  });

  it('ſtatus beside STATUS is neither a duplicate nor signed', () => {
    expect(outcome(inQuery([...basePairs, ['ſtatus', '5'], ['SHASIGN', SHASIGN]]))).toEqual({
      kind: 'ok',
      orderId: 'R-1',
      status: '9',
    });
  });

  it('AAVADDREß is left out of the signature (a signer that uppercases it would not verify)', () => {
    const withLookalike = { ...BASE, AAVADDREß: 'NO' };
    expect(
      outcome(inQuery([...Object.entries(withLookalike), ['SHASIGN', SHASIGN]])),
    ).toMatchObject({
      kind: 'ok',
    });
    // independentSign uppercases with toUpperCase, so it signs AAVADDRESS=NO: not what we verify.
    const naive = independentSign(withLookalike, PASSPHRASE, 'sha512');
    expect(naive).not.toBe(SHASIGN);
    expect(outcome(inQuery([...Object.entries(withLookalike), ['SHASIGN', naive]]))).toEqual({
      kind: 'signature',
      failure: 'mismatch',
    });
  });

  it('AAVADDRE%DF (ß as one ISO-8859-1 byte in the name) is not AAVADDRESS either', () => {
    const query = Buffer.concat([
      formBytes([...basePairs, ['SHASIGN', SHASIGN]]),
      Buffer.from('&AAVADDRE%DF=NO', 'latin1'),
    ]);
    expect(outcome({ query, body: EMPTY })).toMatchObject({ kind: 'ok' });
    const naive = independentSign({ ...BASE, AAVADDRESS: 'NO' }, PASSPHRASE, 'sha512');
    const forged = Buffer.concat([
      formBytes([...basePairs, ['SHASIGN', naive]]),
      Buffer.from('&AAVADDRE%DF=NO', 'latin1'),
    ]);
    expect(outcome({ query: forged, body: EMPTY })).toEqual({
      kind: 'signature',
      failure: 'mismatch',
    });
  });
});
