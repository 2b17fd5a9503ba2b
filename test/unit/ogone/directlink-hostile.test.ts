import { describe, expect, it } from 'vitest';
import {
  MAX_DIRECTLINK_ANSWER_BYTES,
  parseDirectLinkAnswer,
} from '../../../lib/ogone/directlink-query.js';
import { ANSWER_PROBLEMS, type AnswerProblem } from '../../../lib/ogone/errors.js';

/**
 * DirectLink answers that are not unambiguously Ogone's (issue 9, point 2). Each is refused with
 * the problem named; the regex reader these replace took most of them (a repeated attribute's
 * last value, the first `<ncresponse` even inside a comment).
 */
const PAID = 'orderID="R1" PAYID="3000001" NCERROR="0" STATUS="9" amount="10" currency="EUR"';
const element = (attributes: string) => `<ncresponse ${attributes}/>`;

const problemOf = (xml: string): unknown => {
  try {
    parseDirectLinkAnswer(xml);
  } catch (error) {
    return error;
  }
  throw new Error('the answer was accepted');
};

const HOSTILE: [string, string, AnswerProblem][] = [
  [
    'an attribute repeated in another case',
    element(`orderID="R1" ORDERID="R2" NCERROR="0" STATUS="9"`),
    ANSWER_PROBLEMS.repeatedAttribute,
  ],
  [
    'STATUS repeated in another case',
    element(`orderID="R1" NCERROR="0" status="5" STATUS="9"`),
    ANSWER_PROBLEMS.repeatedAttribute,
  ],
  [
    'an attribute repeated in the same case',
    element(`orderID="R1" NCERROR="0" STATUS="5" STATUS="9"`),
    ANSWER_PROBLEMS.malformed,
  ],
  [
    'an <ncresponse> inside a comment, before another document',
    `<!-- ${element(PAID)} --><html><body>maintenance</body></html>`,
    ANSWER_PROBLEMS.elementCount,
  ],
  [
    'an <ncresponse> inside CDATA',
    `<page><![CDATA[${element(PAID)}]]></page>`,
    ANSWER_PROBLEMS.elementCount,
  ],
  ['two <ncresponse> elements', `${element(PAID)}${element(PAID)}`, ANSWER_PROBLEMS.elementCount],
  [
    'an <ncresponse> nested in another one',
    `<ncresponse ${PAID}>${element(PAID.replace('"9"', '"2"'))}</ncresponse>`,
    ANSWER_PROBLEMS.elementCount,
  ],
  [
    'an <ncresponse> that is not the root',
    `<html>${element(PAID)}</html>`,
    ANSWER_PROBLEMS.elementCount,
  ],
  ['no ORDERID', element('NCERROR="0" STATUS="9"'), ANSWER_PROBLEMS.missingAttribute],
  ['no STATUS', element('orderID="R1" NCERROR="0"'), ANSWER_PROBLEMS.missingAttribute],
  ['no NCERROR', element('orderID="R1" STATUS="9"'), ANSWER_PROBLEMS.missingAttribute],
  [
    'a DTD defining an entity',
    `<!DOCTYPE ncresponse [<!ENTITY id "R1">]>${element(PAID.replace('"R1"', '"&id;"'))}`,
    ANSWER_PROBLEMS.doctype,
  ],
  [
    'an entity no DTD defines',
    element(PAID.replace('"R1"', '"&id;"')),
    ANSWER_PROBLEMS.invalidReference,
  ],
  [
    'a bare ampersand in a value',
    element(PAID.replace('"R1"', '"R&1"')),
    ANSWER_PROBLEMS.invalidReference,
  ],
  ['a raw < in a value', element(PAID.replace('"R1"', '"<R1"')), ANSWER_PROBLEMS.invalidReference],
  [
    'a 20 KB unterminated answer',
    `<ncresponse orderID="${'x'.repeat(20_000)}>`,
    ANSWER_PROBLEMS.tooLarge,
  ],
  [
    'a 15 KB unterminated answer',
    `<ncresponse orderID="${'x'.repeat(15_000)}>`,
    ANSWER_PROBLEMS.malformed,
  ],
  [
    'a 15 KB attribute name without a value',
    `<ncresponse ${'a'.repeat(15_000)}/>`,
    ANSWER_PROBLEMS.malformed,
  ],
  [
    'a well-formed answer past the size limit',
    element(`${PAID} NCERRORPLUS="${'!'.repeat(MAX_DIRECTLINK_ANSWER_BYTES)}"`),
    ANSWER_PROBLEMS.tooLarge,
  ],
];

describe('hostile DirectLink answers', () => {
  it.each(HOSTILE)('refuses %s', (_case, xml, problem) => {
    const error = problemOf(xml);
    expect(error).toMatchObject({ name: 'DirectLinkAnswerError', problem });
  });

  it('names the problem but never quotes the answer', () => {
    const secret = 'Jane-Holder-4111111111111111';
    const error = problemOf(element(`orderID="R1" cn="${secret}" CN="${secret}" NCERROR="0"`));
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(String((error as Error).message)).not.toContain(secret);
  });

  it('still reads what Ogone sends: single quotes, whitespace, a declaration, a trailing comment', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ncresponse\n orderID='R1' PAYID="3000001"\n NCERROR="0" STATUS='9' CN="A &#x26; B &lt;C&gt;">\n</ncresponse>\n<!-- served by ncol -->\n`;
    const answer = parseDirectLinkAnswer(xml);
    expect(answer.kind).toBe('status');
    if (answer.kind !== 'status') return;
    expect(Object.fromEntries(answer.attributes)).toEqual({
      ORDERID: 'R1',
      PAYID: '3000001',
      NCERROR: '0',
      STATUS: '9',
      CN: 'A & B <C>',
    });
  });
});
