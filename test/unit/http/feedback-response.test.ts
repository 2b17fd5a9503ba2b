import { describe, expect, it } from 'vitest';
import { feedbackResponse } from '../../../lib/http/feedback-response.js';
import { apiEvent } from '../support/api-event.js';

const RESULT_URL = new URL('https://shop.example/payment/result');
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const locationOf = (response: ReturnType<typeof feedbackResponse>): URL => {
  expect(response.statusCode).toBe(303);
  const location = response.headers?.location;
  expect(typeof location).toBe('string');
  return new URL(String(location));
};

describe('feedbackResponse: browsers', () => {
  it('redirects with 303 to RESULT_URL with the reference and state', () => {
    const response = feedbackResponse(
      apiEvent({ headers: { accept: BROWSER } }),
      RESULT_URL,
      'R-1',
      'paid',
    );
    const location = locationOf(response);
    expect(`${location.origin}${location.pathname}`).toBe('https://shop.example/payment/result');
    expect(location.searchParams.get('reference')).toBe('R-1');
    expect(location.searchParams.get('state')).toBe('paid');
    expect([...location.searchParams.keys()].sort()).toEqual(['reference', 'state']);
  });

  it('encodes a reference with spaces, & and = so that it stays one parameter', () => {
    const reference = 'Order 12 & co=ok?#';
    const response = feedbackResponse(
      apiEvent({ headers: { accept: BROWSER } }),
      RESULT_URL,
      reference,
      'declined',
    );
    const raw = String(response.headers?.location);
    expect(raw).not.toContain(' ');
    expect(raw).not.toContain('& co');
    expect(raw).not.toContain('#');
    const location = locationOf(response);
    expect(location.searchParams.get('reference')).toBe(reference);
    expect(location.searchParams.get('state')).toBe('declined');
    expect(location.searchParams.getAll('reference')).toHaveLength(1);
    expect(location.hash).toBe('');
  });

  it('encodes a non-ASCII reference', () => {
    const response = feedbackResponse(
      apiEvent({ headers: { accept: BROWSER } }),
      RESULT_URL,
      'Commande-é',
      'paid',
    );
    expect(String(response.headers?.location)).toMatch(/^[\x21-\x7e]+$/);
    expect(locationOf(response).searchParams.get('reference')).toBe('Commande-é');
  });

  it('keeps a query RESULT_URL already has', () => {
    const withQuery = new URL('https://shop.example/result?shop=eu&lang=fr');
    const response = feedbackResponse(
      apiEvent({ headers: { accept: BROWSER } }),
      withQuery,
      'R-1',
      'paid',
    );
    const raw = String(response.headers?.location);
    expect(raw.startsWith('https://shop.example/result?shop=eu&lang=fr&')).toBe(true);
    const location = locationOf(response);
    expect(location.searchParams.get('shop')).toBe('eu');
    expect(location.searchParams.get('lang')).toBe('fr');
    expect(location.searchParams.get('reference')).toBe('R-1');
    expect(location.searchParams.get('state')).toBe('paid');
  });

  it('never redirects anywhere but RESULT_URL, whatever the reference says', () => {
    for (const reference of [
      'https://evil.example/',
      '//evil.example',
      '@evil.example',
      '../../x',
    ]) {
      const location = locationOf(
        feedbackResponse(apiEvent({ headers: { accept: BROWSER } }), RESULT_URL, reference, 'paid'),
      );
      expect(location.origin).toBe('https://shop.example');
      expect(location.pathname).toBe('/payment/result');
      expect(location.searchParams.get('reference')).toBe(reference);
    }
  });

  it('does not modify the configured RESULT_URL object', () => {
    const url = new URL('https://shop.example/result?x=1');
    feedbackResponse(apiEvent({ headers: { accept: BROWSER } }), url, 'R-1', 'paid');
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
      apiEvent({ headers: { [name]: value } }),
      RESULT_URL,
      'R-1',
      'paid',
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
    const response = feedbackResponse(apiEvent({ headers }), RESULT_URL, 'R-1', 'paid');
    expect(response.statusCode).toBe(200);
    expect(String(response.headers?.['content-type'])).toMatch(/^text\/plain/);
    expect(response.body).toBe('OK');
    expect(response.headers?.location).toBeUndefined();
  });
});
