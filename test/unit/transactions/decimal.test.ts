import { describe, expect, it } from 'vitest';
import { canonicalDecimal, sameDecimal, toMinorUnits } from '../../../lib/transactions/decimal.js';

const NOT_DECIMALS = [
  '-1',
  '1e3',
  ' 1',
  '1 ',
  '01',
  '00',
  '+1',
  '1.',
  '.5',
  '1,5',
  '',
  'NaN',
  'Infinity',
  '0x10',
  '١',
];

describe('canonicalDecimal', () => {
  it.each([
    ['15', '15'],
    ['15.0', '15'],
    ['15.00', '15'],
    ['15.10', '15.1'],
    ['15.1', '15.1'],
    ['0', '0'],
    ['0.0', '0'],
    ['0.50', '0.5'],
    ['100', '100'],
    ['586.80', '586.8'],
    ['1111.11', '1111.11'],
    ['12345678901234567890.123456789', '12345678901234567890.123456789'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalDecimal(text)).toBe(canonical);
  });

  it.each(NOT_DECIMALS)('%j is not a decimal', (text) => {
    expect(canonicalDecimal(text)).toBeUndefined();
  });
});

describe('sameDecimal', () => {
  it.each([
    ['15.10', '15.1'],
    ['15', '15.00'],
    ['0.5', '0.50'],
    ['586.8', '586.80'],
  ])('%s equals %s', (a, b) => {
    expect(sameDecimal(a, b)).toBe(true);
    expect(sameDecimal(b, a)).toBe(true);
  });

  it.each([
    ['15.1', '15.11'],
    ['15', '150'],
    ['1.5', '15'],
    ['0.3', '0.30000000000000004'],
    ['99999999999999999', '100000000000000000'],
    ['15.1', '-15.1'],
    ['1000', '1e3'],
  ])('%s differs from %s', (a, b) => {
    expect(sameDecimal(a, b)).toBe(false);
  });

  it('is false when either side is missing or not a decimal', () => {
    expect(sameDecimal(undefined, '1')).toBe(false);
    expect(sameDecimal('1', undefined)).toBe(false);
    expect(sameDecimal(undefined, undefined)).toBe(false);
    expect(sameDecimal('x', 'x')).toBe(false);
    expect(sameDecimal(' 1', ' 1')).toBe(false);
  });
});

describe('toMinorUnits', () => {
  it.each([
    ['586.80', '58680'],
    ['586.8', '58680'],
    ['1111.11', '111111'],
    ['0.5', '50'],
    ['0.05', '5'],
    ['0.01', '1'],
    ['15', '1500'],
    ['15.00', '1500'],
    ['1.230', '123'],
    ['0', '0'],
    ['19.99', '1999'],
    ['4.35', '435'],
    ['1.15', '115'],
    ['9007199254740993.01', '900719925474099301'],
  ])('%s → %s', (text, minor) => {
    expect(toMinorUnits(text)).toBe(minor);
  });

  it.each(['1.234', '0.001', ...NOT_DECIMALS])('%j → undefined', (text) => {
    expect(toMinorUnits(text)).toBeUndefined();
  });

  it('agrees with exact digit arithmetic where floats go wrong', () => {
    // Math.round(4.35 * 100) is 435 but 4.35 * 100 is 434.99999999999994; 586.80 * 100 is 58679.99...
    expect(Math.trunc(586.8 * 100)).toBe(58679);
    expect(toMinorUnits('586.80')).toBe('58680');
    for (let cents = 0; cents < 100_000; cents += 7) {
      const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      expect(toMinorUnits(text)).toBe(String(cents));
    }
  });
});
