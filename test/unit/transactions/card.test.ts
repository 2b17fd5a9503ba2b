import { describe, expect, it } from 'vitest';
import { maskCardData, maskCardNumber } from '../../../lib/transactions/card.js';

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

  it.each([
    ['dots', '4111.1111.1111.1111', 'XXXXXXXXXXXX1111'],
    ['slashes', '4111/1111/1111/1111', 'XXXXXXXXXXXX1111'],
    ['non-breaking spaces', '4111\u00a01111\u00a01111\u00a01111', 'XXXXXXXXXXXX1111'],
    ['narrow no-break spaces', '4111\u202f1111\u202f1111\u202f1111', 'XXXXXXXXXXXX1111'],
    ['spaced dashes', '4111 - 1111 - 1111 - 1111', 'XXXXXXXXXXXX1111'],
    ['en dashes', '4111–1111–1111–1111', 'XXXXXXXXXXXX1111'],
    ['a soft hyphen and a zero-width space', '4111\u00ad1111\u200b1111 1111', 'XXXXXXXXXXXX1111'],
    ['full-width digits', '４１１１１１１１１１１１１１１１', 'XXXXXXXXXXXX１１１１'],
    [
      'full-width digits and separators',
      '４１１１－１１１１．１１１１／１１１１',
      'XXXXXXXXXXXX１１１１',
    ],
    [
      'ideographic spaces',
      '４１１１\u3000１１１１\u3000１１１１\u3000１１１１',
      'XXXXXXXXXXXX１１１１',
    ],
    ['Arabic-Indic digits', '٤١١١١١١١١١١١١١١١', 'XXXXXXXXXXXX١١١١'],
    ['mixed separators', '4111.1111/1111\u00a01111', 'XXXXXXXXXXXX1111'],
    ['a number inside a name', 'Jane 4111-1111-1111-1111 Doe', 'Jane XXXXXXXXXXXX1111 Doe'],
  ])('masks a number written with %s', (_case, input, stored) => {
    expect(maskCardNumber(input)).toBe(stored);
  });

  it.each(['Jane Doe', 'Zoë Ørsted-Smith', 'J. R. R. Tolkien', 'Apt. 12/3', '12.50'])(
    'leaves %j as written',
    (name) => {
      expect(maskCardNumber(name)).toBe(name);
    },
  );
});

describe('maskCardData', () => {
  it('masks a present value and keeps an absent one absent', () => {
    expect(maskCardData('4111.1111.1111.1111')).toBe('XXXXXXXXXXXX1111');
    expect(maskCardData(undefined)).toBeUndefined();
  });
});
