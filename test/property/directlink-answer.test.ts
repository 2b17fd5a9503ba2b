import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDirectLinkAnswer } from '../../lib/ogone/directlink-query.js';
import { DirectLinkAnswerError } from '../../lib/ogone/errors.js';

/**
 * The DirectLink answer reader is total: whatever the server sends, it gives an answer or a
 * DirectLinkAnswerError, never another exception; and an answer it accepts has exactly one value
 * for each name, whatever the letter case it was written in.
 */
const NAMES = ['orderID', 'ORDERID', 'OrderId', 'STATUS', 'status', 'NCERROR', 'PAYID', 'amount'];
const VALUE = fc.string({ unit: fc.constantFrom(...'AZaz09 -_.!'.split('')), maxLength: 6 });
const element = fc.array(fc.tuple(fc.constantFrom(...NAMES), VALUE), { maxLength: 6 });

const readOrRefuse = (xml: string) => {
  try {
    return parseDirectLinkAnswer(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(DirectLinkAnswerError);
    return undefined;
  }
};

describe('DirectLink answer reader', () => {
  it('answers or refuses with DirectLinkAnswerError, for any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (xml) => void readOrRefuse(xml)));
  });

  it('accepts an element only when no name repeats in any case and the required three are there', () => {
    fc.assert(
      fc.property(element, (attributes) => {
        const xml = `<ncresponse ${attributes.map(([name, value]) => `${name}="${value}"`).join(' ')}/>`;
        const names = attributes.map(([name]) => name.toUpperCase());
        const repeated = new Set(names).size !== names.length;
        const complete = ['ORDERID', 'STATUS', 'NCERROR'].every((name) => names.includes(name));
        const answer = readOrRefuse(xml);
        expect(answer !== undefined).toBe(!repeated && complete);
        if (answer?.kind === 'status') {
          expect([...answer.attributes.keys()].sort()).toEqual([...names].sort());
        }
      }),
      { numRuns: 3000 },
    );
  });
});
