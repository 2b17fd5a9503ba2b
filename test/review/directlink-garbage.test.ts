import { describe, expect, it } from 'vitest';
import { parseDirectLinkAnswer } from '../../lib/ogone/directlink-query.js';
import { DirectLinkAnswerError } from '../../lib/ogone/errors.js';

/**
 * README: garbage DirectLink answers are typed errors. An out-of-range numeric character
 * reference makes decodeXml's String.fromCodePoint throw a bare RangeError instead.
 */
describe('review: DirectLink answer parsing', () => {
  it('refuses an answer with an invalid character reference as DirectLinkAnswerError', () => {
    const xml = '<ncresponse orderID="R1" STATUS="9" NCERROR="0" NCERRORPLUS="&#x110000;"/>';
    expect(() => parseDirectLinkAnswer(xml)).toThrow(DirectLinkAnswerError);
  });
});
