import { describe, expect, it } from 'vitest';
import {
  feedbackResponse,
  type ResultRedirectTarget,
} from '../../../lib/http/feedback-response.js';
import { verifyResultRedirect } from '../../../lib/result-redirect/verify.js';
import { feedbackEvent } from '../../support/api-events.js';

const RESULT_URL = new URL('https://shop.example/payment/result');
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const SECRET = 'feedback-response-test-result-secret-0123';
const NOW = Date.UTC(2026, 11, 1, 8, 0, 0);
const SIGNED = ['expires', 'reference', 'signature', 'state'];

const toBrowser = (reference: string, state: string, url: URL = RESULT_URL) =>
  feedbackResponse(
    feedbackEvent({ headers: { accept: BROWSER } }),
    { url, secret: SECRET, ttlSeconds: 600 } satisfies ResultRedirectTarget,
    reference,
    state,
    NOW,
  );

const locationOf = (response: ReturnType<typeof feedbackResponse>): URL => {
  expect(response.statusCode).toBe(303);
  const location = response.headers?.location;
  expect(typeof location).toBe('string');
  return new URL(String(location));
};

const verified = (location: URL) =>
  verifyResultRedirect(location.searchParams, { secrets: [SECRET], now: () => NOW });

describe('feedbackResponse: browsers', () => {
  it('redirects with 303 to RESULT_URL with the reference, state, expiry and signature', () => {
    const location = locationOf(toBrowser('R-1', 'paid'));
    expect(`${location.origin}${location.pathname}`).toBe('https://shop.example/payment/result');
    expect(location.searchParams.get('reference')).toBe('R-1');
    expect(location.searchParams.get('state')).toBe('paid');
    expect(location.searchParams.get('expires')).toBe(String(NOW / 1000 + 600));
    expect(location.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
    expect([...location.searchParams.keys()].sort()).toEqual(SIGNED);
    expect(verified(location)).toEqual({
      ok: true,
      reference: 'R-1',
      state: 'paid',
      expires: NOW / 1000 + 600,
    });
  });

  it('signs the state it was given: another state does not verify', () => {
    const location = locationOf(toBrowser('R-1', 'declined'));
    location.searchParams.set('state', 'paid');
    expect(verified(location)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('never puts the secret in the answer', () => {
    const response = toBrowser('R-1', 'paid');
    expect(JSON.stringify(response)).not.toContain(SECRET);
  });

  it('encodes a reference with spaces, &, = and a line break so that it stays one parameter', () => {
    const reference = 'Order 12 & co=ok?#\nstate=paid';
    const response = toBrowser(reference, 'declined');
    const raw = String(response.headers?.location);
    expect(raw).not.toContain(' ');
    expect(raw).not.toContain('& co');
    expect(raw).not.toContain('#');
    expect(raw).not.toContain('\n');
    const location = locationOf(response);
    expect(location.searchParams.get('reference')).toBe(reference);
    expect(location.searchParams.get('state')).toBe('declined');
    expect(location.searchParams.getAll('reference')).toHaveLength(1);
    expect(location.searchParams.getAll('state')).toHaveLength(1);
    expect(location.hash).toBe('');
    expect(verified(location)).toMatchObject({ ok: true, reference, state: 'declined' });
  });

  it('encodes a non-ASCII reference', () => {
    const response = toBrowser('Commande-é', 'paid');
    expect(String(response.headers?.location)).toMatch(/^[\x21-\x7e]+$/);
    const location = locationOf(response);
    expect(location.searchParams.get('reference')).toBe('Commande-é');
    expect(verified(location)).toMatchObject({ ok: true, reference: 'Commande-é' });
  });

  it('keeps a query RESULT_URL already has', () => {
    const withQuery = new URL('https://shop.example/result?shop=eu&lang=fr');
    const response = toBrowser('R-1', 'paid', withQuery);
    const raw = String(response.headers?.location);
    expect(raw.startsWith('https://shop.example/result?shop=eu&lang=fr&')).toBe(true);
    const location = locationOf(response);
    expect(location.searchParams.get('shop')).toBe('eu');
    expect(location.searchParams.get('lang')).toBe('fr');
    expect(location.searchParams.get('reference')).toBe('R-1');
    expect(location.searchParams.get('state')).toBe('paid');
    expect(verified(location).ok).toBe(true);
  });

  it('replaces, never repeats, a signed name that RESULT_URL already carries', () => {
    const clashing = new URL('https://shop.example/result?state=paid&signature=x');
    const location = locationOf(toBrowser('R-1', 'declined', clashing));
    expect(location.searchParams.getAll('state')).toEqual(['declined']);
    expect(location.searchParams.getAll('signature')).toHaveLength(1);
    expect(verified(location)).toMatchObject({ ok: true, state: 'declined' });
  });

  it('keeps RESULT_URL’s own query byte for byte and its fragment, each signed name once', () => {
    const own = 'https://shop.example/result?flag&next=/a/b~c&x=a;b&%72eference=old&State=x';
    const response = toBrowser('R-1', 'declined', new URL(`${own}#top`));
    const raw = String(response.headers?.location);
    expect(raw.startsWith('https://shop.example/result?flag&next=/a/b~c&x=a;b&State=x&')).toBe(
      true,
    );
    expect(raw.endsWith('#top')).toBe(true);
    const location = locationOf(response);
    expect(location.searchParams.getAll('reference')).toEqual(['R-1']);
    expect(verified(location)).toMatchObject({ ok: true, reference: 'R-1', state: 'declined' });
  });

  it('never redirects anywhere but RESULT_URL, whatever the reference says', () => {
    for (const reference of [
      'https://evil.example/',
      '//evil.example',
      '@evil.example',
      '../../x',
    ]) {
      const location = locationOf(toBrowser(reference, 'paid'));
      expect(location.origin).toBe('https://shop.example');
      expect(location.pathname).toBe('/payment/result');
      expect(location.searchParams.get('reference')).toBe(reference);
    }
  });

  it('does not modify the configured RESULT_URL object', () => {
    const url = new URL('https://shop.example/result?x=1');
    toBrowser('R-1', 'paid', url);
    expect(url.href).toBe('https://shop.example/result?x=1');
  });

  it.each([
    ['accept', 'text/html'],
    ['Accept', 'text/html'],
    ['ACCEPT', 'text/html'],
    ['accept', 'TEXT/HTML'],
    ['accept', 'application/xhtml+xml, text/html;q=0.9'],
  ])('header %s: %s is a browser', (name, value) => {
    const response = feedbackResponse(
      feedbackEvent({ headers: { [name]: value } }),
      { url: RESULT_URL, secret: SECRET, ttlSeconds: 600 },
      'R-1',
      'paid',
      NOW,
    );
    expect(response.statusCode).toBe(303);
  });
});

describe('feedbackResponse: Ogone’s server', () => {
  it.each<[string, Record<string, string>]>([
    ['no Accept header', {}],
    ['Accept: */*', { accept: '*/*' }],
    ['Accept: text/plain', { Accept: 'text/plain' }],
    ['Accept: application/json', { ACCEPT: 'application/json' }],
    ['a text/html content type but no Accept', { 'content-type': 'text/html' }],
  ])('%s → 200 text/plain OK', (_label, headers) => {
    const response = feedbackResponse(
      feedbackEvent({ headers }),
      { url: RESULT_URL, secret: SECRET, ttlSeconds: 600 },
      'R-1',
      'paid',
      NOW,
    );
    expect(response.statusCode).toBe(200);
    expect(String(response.headers?.['content-type'])).toMatch(/^text\/plain/);
    expect(response.body).toBe('OK');
    expect(response.headers?.location).toBeUndefined();
  });
});
