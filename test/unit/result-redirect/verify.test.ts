import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../lib/config.js';
import { signedResultParameters } from '../../../lib/result-redirect/sign.js';
import {
  RESULT_PARAMETERS,
  type ResultParameter,
  resultMessage,
  resultSignature,
  verifyResultRedirect,
} from '../../../lib/result-redirect/verify.js';
import { ALL_STATES } from '../../../lib/transactions/states.js';

const SECRET = 'unit-result-signing-secret-0123456789abcdef';
const PREVIOUS = 'unit-result-signing-previous-9876543210zyx';
const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const TTL = 600;

const signed = (reference = 'ORDER-1', state = 'paid', secret = SECRET, now = NOW) =>
  new URLSearchParams(signedResultParameters(reference, state, now, { secret, ttlSeconds: TTL }));

const verify = (query: URLSearchParams | URL | string, now = NOW, secrets = [SECRET]) =>
  verifyResultRedirect(query, { secrets, now: () => now });

const altered = (name: ResultParameter, value: string): URLSearchParams => {
  const query = signed();
  query.set(name, value);
  return query;
};

describe('the signed message', () => {
  it('is the documented text, known answer computed with openssl (docs/result-redirect.md)', () => {
    // printf 'ogone-feedback-result-v1\n1764576600\npaid\nORDER-1 & co=1' \
    //   | openssl dgst -sha256 -hmac 'example-result-signing-secret-0123456789' -hex
    const result = { reference: 'ORDER-1 & co=1', state: 'paid', expires: 1764576600 };
    expect(resultMessage(result)).toBe(
      'ogone-feedback-result-v1\n1764576600\npaid\nORDER-1 & co=1',
    );
    expect(resultSignature(result, 'example-result-signing-secret-0123456789')).toBe(
      'b77fb44e8088fe908e8289c027c88bb9d2dd2f85e855c1037900fc6260c81152',
    );
  });

  it.each(['A\n1800000000\npaid', '\n', 'ogone-feedback-result-v1\n1\npaid\nX', 'A&state=paid'])(
    'gives back every field when split at its first three line breaks (%j)',
    (reference) => {
      const result = { reference, state: 'declined', expires: 1_800_000_000 };
      const [version, expires, state, ...rest] = resultMessage(result).split('\n');
      expect({ version, expires, state, reference: rest.join('\n') }).toEqual({
        version: 'ogone-feedback-result-v1',
        expires: '1800000000',
        state: 'declined',
        reference,
      });
    },
  );
});

describe('verifyResultRedirect: authentic redirects', () => {
  it('accepts what the service signed and returns the verified values', () => {
    expect(verify(signed())).toEqual({
      ok: true,
      reference: 'ORDER-1',
      state: 'paid',
      expires: NOW / 1000 + TTL,
    });
  });

  it.each(ALL_STATES)('round-trips the state %s', (state) => {
    expect(verify(signed('R-1', state))).toMatchObject({ ok: true, state });
  });

  it.each([
    ['& and =', 'A&state=paid=1'],
    ['+ and %', 'A+B%20C'],
    ['a line break', 'A\npaid\n1'],
    ['non-ASCII', 'Commande-é-注文-💳'],
    ['40 printable characters', `${'~'.repeat(20)}${' !"#$%&\'()*+,-./:;<'}`],
    ['a long unmatched reference', 'x'.repeat(4000)],
  ])('round-trips a reference with %s through a URL', (_label, reference) => {
    const url = new URL(`https://shop.example/result?lang=fr&${signed(reference)}`);
    expect(verify(url)).toMatchObject({ ok: true, reference });
    expect(verify(url.search)).toMatchObject({ ok: true, reference });
    expect(verify(url.search.slice(1))).toMatchObject({ ok: true, reference });
  });

  it('accepts a redirect up to and including its expiry second', () => {
    const expires = NOW / 1000 + TTL;
    expect(verify(signed(), expires * 1000 + 999).ok).toBe(true);
  });

  it('uses the real clock when none is given', () => {
    const fresh = signed('R-1', 'paid', SECRET, Date.now());
    expect(verifyResultRedirect(fresh, { secrets: [SECRET] }).ok).toBe(true);
    const stale = signed('R-1', 'paid', SECRET, Date.now() - (TTL + 5) * 1000);
    expect(verifyResultRedirect(stale, { secrets: [SECRET] })).toMatchObject({ reason: 'expired' });
  });
});

describe('verifyResultRedirect: rotation', () => {
  it('accepts the previous secret while it is listed, and only then', () => {
    const old = signed('R-1', 'paid', PREVIOUS);
    expect(verify(old, NOW, [SECRET, PREVIOUS])).toMatchObject({ ok: true, reference: 'R-1' });
    expect(verify(signed(), NOW, [SECRET, PREVIOUS]).ok).toBe(true);
    expect(verify(old, NOW, [SECRET])).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a configuration without a secret, or with an empty one', () => {
    expect(() => verify(signed(), NOW, [])).toThrow(TypeError);
    expect(() => verify(signed(), NOW, [SECRET, ''])).toThrow(/secret/);
  });
});

describe('verifyResultRedirect: refusals', () => {
  it.each<[string, URLSearchParams]>([
    ['another reference', altered('reference', 'ORDER-2')],
    ['a reference with a trailing space', altered('reference', 'ORDER-1 ')],
    ['another state', altered('state', 'declined')],
    ['a later expiry', altered('expires', String(NOW / 1000 + TTL + 3600))],
    ['an earlier expiry', altered('expires', String(NOW / 1000 + TTL - 1))],
    ['another signature', altered('signature', 'a'.repeat(64))],
  ])('refuses %s as bad_signature', (_label, query) => {
    expect(verify(query)).toEqual({
      ok: false,
      reason: 'bad_signature',
      parameter: 'signature',
      message: 'signature does not match',
    });
  });

  it('refuses a signature with one digit changed', () => {
    const query = signed();
    const signature = query.get('signature') ?? '';
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    query.set('signature', flipped);
    expect(verify(query)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an authentic redirect once its expiry second has passed', () => {
    const expires = NOW / 1000 + TTL;
    expect(verify(signed(), (expires + 1) * 1000)).toEqual({
      ok: false,
      reason: 'expired',
      parameter: 'expires',
      message: 'the redirect has expired',
    });
  });

  it('checks the signature before the expiry: an expired forgery is a forgery', () => {
    const forged = altered('state', 'declined');
    expect(verify(forged, NOW + 86_400_000)).toMatchObject({ reason: 'bad_signature' });
  });

  it.each(RESULT_PARAMETERS)('refuses a missing or empty %s, naming it', (name) => {
    const without = signed();
    without.delete(name);
    const empty = altered(name, '');
    for (const query of [without, empty]) {
      expect(verify(query)).toEqual({
        ok: false,
        reason: 'missing',
        parameter: name,
        message: `${name} is missing`,
      });
    }
  });

  it.each(RESULT_PARAMETERS)('refuses a repeated %s, whichever copy comes first', (name) => {
    const query = signed();
    const value = query.get(name) ?? '';
    for (const repeated of [
      `${query}&${name}=${encodeURIComponent(value)}`,
      `${name}=x&${query}`,
    ]) {
      expect(verify(repeated)).toMatchObject({ ok: false, reason: 'repeated', parameter: name });
    }
  });

  it.each<[ResultParameter, string]>([
    ['expires', '0123'],
    ['expires', '-1'],
    ['expires', '1e9'],
    ['expires', '1800000000.5'],
    ['expires', ' 1800000000'],
    ['expires', '1'.repeat(16)],
    ['state', 'Paid'],
    ['state', 'paid\n'],
    ['state', 'paid-now'],
    ['state', '_paid'],
    ['signature', 'A'.repeat(64)],
    ['signature', 'a'.repeat(63)],
    ['signature', 'a'.repeat(65)],
    ['signature', 'g'.repeat(64)],
  ])('refuses %s=%j as malformed, naming the rule', (name, value) => {
    const result = verify(altered(name, value));
    expect(result).toMatchObject({ ok: false, reason: 'malformed', parameter: name });
    expect(result.ok ? '' : result.message).toMatch(new RegExp(`^${name} must be `));
  });

  it('names parameters in its messages, never a value or a secret', () => {
    const queries = [altered('state', 'X-SECRET-STATE'), altered('reference', 'SECRET-REF')];
    for (const query of queries) {
      const text = JSON.stringify(verify(query));
      for (const value of ['X-SECRET-STATE', 'SECRET-REF', SECRET]) {
        expect(text).not.toContain(value);
      }
    }
  });
});

describe('signing without a secret', () => {
  it('refuses, naming the variable: an empty key would let anyone sign', () => {
    expect(() => signed('ORDER-1', 'paid', '')).toThrow(ConfigurationError);
    expect(() => signed('ORDER-1', 'paid', '')).toThrow(/RESULT_SIGNING_SECRET/);
  });
});
