import { describe, expect, it } from 'vitest';
import {
  directLinkQueryBody,
  notificationFromDirectLink,
  parseDirectLinkAnswer,
} from '../../../lib/ogone/directlink-query.js';
import { DirectLinkAnswerError } from '../../../lib/ogone/errors.js';

/** Answers shaped as DirectLink sends them (docs/protocol.md §6): one element, mixed-case names. */
const PAID = `<?xml version="1.0"?>
<ncresponse
orderID="ORDER-7"
PAYID="3014728891"
PAYIDSUB="0"
NCSTATUS="0"
NCERROR="0"
NCERRORPLUS="!"
ACCEPTANCE="test123"
STATUS="9"
amount="125"
currency="EUR"
PM="CreditCard"
BRAND="VISA"
CARDNO="XXXXXXXXXXXX1111"
CN="Ren&#233; &amp; Zo&#xEB;">
</ncresponse>`;

const UNKNOWN_ORDER =
  '<?xml version="1.0"?><ncresponse orderID="ORDER-8" PAYID="0" NCSTATUS="5" NCERROR="50001130" NCERRORPLUS="unknown orderid 8 for merchant" STATUS="" amount="" currency=""/>';

describe('DirectLink status query', () => {
  it('sends PSPID, USERID, PSWD and ORDERID form-encoded, and nothing else', () => {
    const body = new URLSearchParams(
      directLinkQueryBody({ pspId: 'P', userId: 'U', password: 'p&ss w=rd' }, 'R 1'),
    );
    expect([...body.entries()]).toEqual([
      ['PSPID', 'P'],
      ['USERID', 'U'],
      ['PSWD', 'p&ss w=rd'],
      ['ORDERID', 'R 1'],
    ]);
  });

  it('reads a status answer: names uppercased, entities decoded', () => {
    const answer = parseDirectLinkAnswer(PAID);
    expect(answer.kind).toBe('status');
    if (answer.kind !== 'status') return;
    expect(answer.attributes.get('ORDERID')).toBe('ORDER-7');
    expect(answer.attributes.get('AMOUNT')).toBe('125');
    expect(answer.attributes.get('CN')).toBe('René & Zoë');
    const notification = notificationFromDirectLink('ORDER-7', answer.attributes);
    expect(notification).toMatchObject({
      orderId: 'ORDER-7',
      status: '9',
      amount: '125',
      currency: 'EUR',
      payId: '3014728891',
      brand: 'VISA',
      cardHolder: 'René & Zoë',
    });
    expect(notification.id).toMatch(/^dl-[0-9a-f]{29}$/);
  });

  it('reads a refusal (NCERROR without STATUS) as an Ogone error', () => {
    expect(parseDirectLinkAnswer(UNKNOWN_ORDER)).toEqual({
      kind: 'error',
      ncError: '50001130',
      ncErrorPlus: 'unknown orderid 8 for merchant',
    });
  });

  it.each([
    ['an HTML page', '<html><body>Service unavailable</body></html>'],
    ['an empty body', ''],
    ['an element without NCERROR', '<ncresponse orderID="X" STATUS="9"/>'],
    // Past U+10FFFF: String.fromCodePoint would throw a bare RangeError, not a typed refusal.
    [
      'an invalid character reference',
      '<ncresponse orderID="R1" STATUS="9" NCERROR="0" NCERRORPLUS="&#x110000;"/>',
    ],
  ])('refuses %s', (_case, xml) => {
    expect(() => parseDirectLinkAnswer(xml)).toThrow(DirectLinkAnswerError);
  });

  it('refuses an answer about another order', () => {
    const answer = parseDirectLinkAnswer(PAID);
    if (answer.kind !== 'status') throw new Error('expected a status');
    expect(() => notificationFromDirectLink('ORDER-OTHER', answer.attributes)).toThrow(
      DirectLinkAnswerError,
    );
  });

  it('gives the same answer the same id, and another status another id', () => {
    const answer = parseDirectLinkAnswer(PAID);
    if (answer.kind !== 'status') throw new Error('expected a status');
    const again = parseDirectLinkAnswer(PAID.replace('test123', 'other'));
    const pending = parseDirectLinkAnswer(PAID.replace('STATUS="9"', 'STATUS="91"'));
    if (again.kind !== 'status' || pending.kind !== 'status') throw new Error('expected status');
    const id = notificationFromDirectLink('ORDER-7', answer.attributes).id;
    expect(notificationFromDirectLink('ORDER-7', again.attributes).id).toBe(id);
    expect(notificationFromDirectLink('ORDER-7', pending.attributes).id).not.toBe(id);
  });
});
