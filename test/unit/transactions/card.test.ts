import { describe, expect, it } from 'vitest';
import { maskCardNumber } from '../../../lib/transactions/card.js';

describe('maskCardNumber', () => {
  it.each([
    ['XXXXXXXXXXXX1111', 'XXXXXXXXXXXX1111'],
    ['4111XXXXXXXX1111', '4111XXXXXXXX1111'],
    ['4111111111111111', 'XXXXXXXXXXXX1111'],
    ['4111 1111 1111 1111', 'XXXXXXXXXXXX1111'],
    ['378282246310005', 'XXXXXXXXXXX0005'],
    ['', ''],
    ['1234567', '1234567'],
  ])('%j is stored as %j', (input, stored) => {
    expect(maskCardNumber(input)).toBe(stored);
  });
});
