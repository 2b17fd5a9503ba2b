import { describe, expect, it } from 'vitest';
import type { FeedbackRequest } from '../../../lib/ogone/read-notification.js';
import { readVerifiedNotification } from '../../../lib/ogone/read-notification.js';
import { EMPTY, formBytes } from '../../support/form.js';
import { independentSign } from '../../support/independent-signer.js';

const CURRENT = 'Id-test-current-passphrase';
const PREVIOUS = 'Id-test-previous-passphrase';
const KEYS = { passphrases: [CURRENT, PREVIOUS], algorithm: 'sha512' as const };

const SIGNED = {
  orderID: 'R-1',
  STATUS: '9',
  amount: '15.1',
  currency: 'EUR',
  PAYID: '3000001',
  NCERROR: '0',
  PM: 'CreditCard',
  BRAND: 'VISA',
  CARDNO: 'XXXXXXXXXXXX1111',
  CN: 'Jane Doe',
  ACCEPTANCE: 'test123',
  TRXDATE: '11/27/26',
  ED: '1230',
};

const idOf = (request: FeedbackRequest): string => readVerifiedNotification(request, KEYS).id;

const signedRequest = (
  params: Record<string, string>,
  passphrase = CURRENT,
  where: 'query' | 'body' = 'query',
): FeedbackRequest => {
  const bytes = formBytes({ ...params, SHASIGN: independentSign(params, passphrase, 'sha512') });
  return where === 'query' ? { query: bytes, body: EMPTY } : { query: EMPTY, body: bytes };
};

describe('notification id', () => {
  const reference = idOf(signedRequest(SIGNED));

  // Ids are stored: one computed differently after a deploy would let a redelivery of an
  // already recorded notification be recorded again. These are the ids earlier versions stored.
  it('is the id earlier versions computed and stored, for ASCII and non-ASCII values', () => {
    expect(reference).toBe('af22e05fe1fc152d72f9b9ccd9024942');
    expect(idOf(signedRequest({ ...SIGNED, CN: 'Zoë Ærø' }))).toBe(
      '9a871e664cef36582541b53c8f37f7d3',
    );
  });

  it('is a non-empty hex string', () => {
    expect(reference).toMatch(/^[0-9a-f]{32,}$/);
  });

  it('is the same for the same parameters sent in the query or in the body', () => {
    expect(idOf(signedRequest(SIGNED, CURRENT, 'body'))).toBe(reference);
  });

  it('is the same with + or %20 for spaces', () => {
    const shasign = independentSign(SIGNED, CURRENT, 'sha512');
    const body = formBytes({ ...SIGNED, SHASIGN: shasign }, 'plus');
    expect(body.toString('latin1')).toContain('CN=Jane+Doe');
    expect(idOf({ query: EMPTY, body })).toBe(reference);
  });

  it('is the same whatever the parameter order and name case', () => {
    const reordered = Object.fromEntries(
      Object.entries(SIGNED)
        .reverse()
        .map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect(idOf(signedRequest(reordered))).toBe(reference);
  });

  it('is the same when signed with the previous passphrase, or with a lowercase SHASIGN', () => {
    expect(idOf(signedRequest(SIGNED, PREVIOUS))).toBe(reference);
    const lower = independentSign(SIGNED, CURRENT, 'sha512').toLowerCase();
    expect(idOf({ query: formBytes({ ...SIGNED, SHASIGN: lower }), body: EMPTY })).toBe(reference);
  });

  it('ignores unsigned parameters and empty signed ones', () => {
    const shasign = independentSign(SIGNED, CURRENT, 'sha512');
    const query = formBytes({
      ...SIGNED,
      NCERRORPLUS: '!',
      sessionId: 'x',
      COMPLUS: '',
      SHASIGN: shasign,
    });
    expect(idOf({ query, body: EMPTY })).toBe(reference);
  });

  it.each(Object.keys(SIGNED))('changes when the signed value of %s changes', (name) => {
    const changed = { ...SIGNED, [name]: `${SIGNED[name as keyof typeof SIGNED]}0` };
    expect(idOf(signedRequest(changed))).not.toBe(reference);
  });

  it('changes when a signed parameter is added', () => {
    expect(idOf(signedRequest({ ...SIGNED, COMPLUS: 'x' }))).not.toBe(reference);
  });

  it('changes when a value moves from one signed name to another', () => {
    const a = idOf(signedRequest({ orderID: 'R-1', STATUS: '9', COMPLUS: 'ab', ALIAS: 'c' }));
    const b = idOf(signedRequest({ orderID: 'R-1', STATUS: '9', COMPLUS: 'a', ALIAS: 'bc' }));
    const c = idOf(signedRequest({ orderID: 'R-1', STATUS: '9', COMPLUS: 'c', ALIAS: 'ab' }));
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('cannot be forged by a value that spells out the next name (name/value boundaries count)', () => {
    // Sorted, {ALIAS: 'y', COMPLUS: 'x'} and {ALIAS: 'yCOMPLUSx'} concatenate to the same text.
    const two = idOf(signedRequest({ orderID: 'R-1', STATUS: '9', ALIAS: 'y', COMPLUS: 'x' }));
    const one = idOf(signedRequest({ orderID: 'R-1', STATUS: '9', ALIAS: 'yCOMPLUSx' }));
    expect(one).not.toBe(two);
  });

  it('tells an ISO-8859-1 value from its UTF-8 form (the signed bytes differ)', () => {
    const latin1 = { ...SIGNED, CN: Buffer.from('Jérôme', 'latin1') };
    const utf8 = { ...SIGNED, CN: Buffer.from('Jérôme', 'utf8') };
    const request = (params: Record<string, string | Buffer>) => ({
      query: formBytes({ ...params, SHASIGN: independentSign(params, CURRENT, 'sha512') }),
      body: EMPTY,
    });
    expect(idOf(request(latin1))).not.toBe(idOf(request(utf8)));
  });
});
