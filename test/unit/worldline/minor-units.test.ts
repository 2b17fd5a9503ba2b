import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalDecimal } from '../../../lib/transactions/decimal.js';
import { ISO_4217_CURRENCIES } from '../../../lib/transactions/iso-codes.js';
import {
  currencyExponent,
  decimalToMinor,
  minorToDecimal,
} from '../../../lib/worldline/minor-units.js';

/** ISO 4217's minor units, written out here independently of the module's lists. */
const EXPONENTS: [string, number][] = [
  ['EUR', 2],
  ['USD', 2],
  ['GBP', 2],
  ['CHF', 2],
  ['MGA', 2],
  ['JPY', 0],
  ['KRW', 0],
  ['ISK', 0],
  ['CLP', 0],
  ['VND', 0],
  ['XOF', 0],
  ['XPF', 0],
  ['UGX', 0],
  ['KWD', 3],
  ['BHD', 3],
  ['JOD', 3],
  ['OMR', 3],
  ['TND', 3],
  ['LYD', 3],
  ['IQD', 3],
];

describe('currency exponents', () => {
  it.each(EXPONENTS)('%s has %i decimals', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it.each(['XDR', 'XXX', 'eur', 'EURO', '', 'constructor', '__proto__'])(
    '%j has no known minor unit',
    (currency) => {
      expect(currencyExponent(currency)).toBeUndefined();
    },
  );

  it('every listed currency has 0, 2 or 3 decimals, except XDR', () => {
    for (const currency of ISO_4217_CURRENCIES) {
      if (currency === 'XDR') continue;
      expect([0, 2, 3], currency).toContain(currencyExponent(currency));
    }
  });
});

describe('minor units to decimals', () => {
  it.each([
    [4250, 'EUR', '42.5'],
    [1000, 'EUR', '10'],
    [58680, 'EUR', '586.8'],
    [5, 'EUR', '0.05'],
    [0, 'EUR', '0'],
    [1000, 'JPY', '1000'],
    [1500, 'KWD', '1.5'],
    [1, 'KWD', '0.001'],
    [9007199254740991, 'EUR', '90071992547409.91'],
  ] as const)('%i %s is %s', (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });

  it.each([
    [-1, 'EUR'],
    [1.5, 'EUR'],
    [Number.NaN, 'EUR'],
    [2 ** 53, 'EUR'],
    [100, 'XDR'],
    [100, 'ABC'],
  ])('%s %s cannot be read', (minor, currency) => {
    expect(minorToDecimal(minor, currency)).toBeUndefined();
  });

  it.each([
    ['42.50', 'EUR', 4250],
    ['15', 'EUR', 1500],
    ['1000', 'JPY', 1000],
    ['1.5', 'KWD', 1500],
    ['0.05', 'EUR', 5],
  ] as const)('%s %s is %i minor units', (decimal, currency, minor) => {
    expect(decimalToMinor(decimal, currency)).toBe(minor);
  });

  it.each([
    ['1.5', 'JPY'],
    ['0.001', 'EUR'],
    ['-1', 'EUR'],
    ['1e3', 'EUR'],
    ['90071992547409.92', 'EUR'],
    ['1', 'XDR'],
  ])('%s %s has no exact minor amount', (decimal, currency) => {
    expect(decimalToMinor(decimal, currency)).toBeUndefined();
  });

  it('converts back and forth exactly, in canonical form', () => {
    const currency = fc.constantFrom(...EXPONENTS.map(([code]) => code));
    fc.assert(
      fc.property(fc.maxSafeNat(), currency, (minor, code) => {
        const decimal = minorToDecimal(minor, code);
        expect(decimal).toBeDefined();
        expect(canonicalDecimal(decimal as string)).toBe(decimal);
        expect(decimalToMinor(decimal as string, code)).toBe(minor);
      }),
      { numRuns: 500 },
    );
  });
});
