import { describe, expect, it } from 'vitest';
import { returnLocation } from '../../../scripts/lib/fake-worldline-bodies.js';

/** Where Worldline (and the fake) sends the browser back: the returnUrl, two parameters more. */
describe('returnLocation', () => {
  it('appends hostedCheckoutId and RETURNMAC to the returnUrl’s query, keeping it byte for byte', () => {
    expect(
      returnLocation(
        'http://127.0.0.1:3000/payment/worldline/nl/return?reference=A%20B%2BC%27',
        '4000000100',
        'f0e1d2c3-b4a5',
      ),
    ).toBe(
      'http://127.0.0.1:3000/payment/worldline/nl/return?reference=A%20B%2BC%27&hostedCheckoutId=4000000100&RETURNMAC=f0e1d2c3-b4a5',
    );
  });

  it('starts a query when there is none, and adds no empty parameter after ? or &', () => {
    expect(returnLocation('https://shop.example/r', '1', 'm')).toBe(
      'https://shop.example/r?hostedCheckoutId=1&RETURNMAC=m',
    );
    expect(returnLocation('https://shop.example/r?', '1', 'm')).toBe(
      'https://shop.example/r?hostedCheckoutId=1&RETURNMAC=m',
    );
    expect(returnLocation('https://shop.example/r?a=1&', '1', 'm')).toBe(
      'https://shop.example/r?a=1&hostedCheckoutId=1&RETURNMAC=m',
    );
  });

  it('encodes what it appends, and leaves a fragment out (a browser never sends one)', () => {
    expect(returnLocation('https://shop.example/r?x=1#top', 'a&b', 'm=/+')).toBe(
      'https://shop.example/r?x=1&hostedCheckoutId=a%26b&RETURNMAC=m%3D%2F%2B',
    );
  });
});
