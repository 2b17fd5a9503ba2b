import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskCardNumber } from '../../lib/transactions/card.js';

/**
 * Issue 9, point 8: a card number written in any of the ways people write one (digit groups
 * split by spaces of every kind, dashes, dots, slashes; ASCII or full-width or other digits)
 * never survives masking, wherever it sits in a holder name. Only its last four digits remain.
 */
/** The zero of each digit set the generator writes numbers in. */
const ZEROS = [0x30, 0xff10, 0x660, 0x966] as const;
const SEPARATORS = [
  ' ',
  '\u00a0', // no-break space
  '\u202f', // narrow no-break space
  '\u2007', // figure space
  '\u3000', // ideographic space
  '\t',
  '-',
  '\u2013', // en dash
  '\uff0d', // full-width hyphen-minus
  '.',
  '\uff0e', // full-width full stop
  '/',
  '\uff0f', // full-width solidus
  '\u00ad', // soft hyphen
  '\u200b', // zero-width space
] as const;
/** Holder-name text around the number: letters, apostrophes, commas; never a digit. */
const NAME = fc.string({
  unit: fc.constantFrom(..."ABCDEFGHIJ abcdefghij ÉéøØß’',&()".split('')),
  maxLength: 20,
});

const cardNumber = fc.record({
  digits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 19 }),
  zero: fc.constantFrom(...ZEROS),
  // Before each digit but the first: how many separators, and which.
  gaps: fc.array(fc.array(fc.constantFrom(...SEPARATORS), { maxLength: 3 }), {
    minLength: 18,
    maxLength: 18,
  }),
  before: NAME,
  after: NAME,
});

const DIGIT = /\p{Nd}/gu;

describe('card number masking', () => {
  it('never lets more than the last four digits of a written card number through', () => {
    fc.assert(
      fc.property(cardNumber, ({ digits, zero, gaps, before, after }) => {
        const written = digits
          .map(
            (digit, i) =>
              `${i === 0 ? '' : (gaps[i - 1] ?? []).join('')}${String.fromCodePoint(zero + digit)}`,
          )
          .join('');
        const stored = maskCardNumber(`${before}${written}${after}`);
        const kept = (stored.match(DIGIT) ?? []).map((char) => (char.codePointAt(0) ?? 0) - zero);
        expect(kept).toEqual(digits.slice(-4));
        expect(stored.startsWith(before)).toBe(true);
        expect(stored.endsWith(after)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('changes nothing in text without digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        fc.pre(!/\p{Nd}/u.test(text));
        expect(maskCardNumber(text)).toBe(text);
      }),
    );
  });

  it('is idempotent: masking what was stored changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const once = maskCardNumber(text);
        expect(maskCardNumber(once)).toBe(once);
      }),
    );
  });
});
