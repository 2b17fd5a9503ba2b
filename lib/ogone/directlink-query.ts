import { createHash } from 'node:crypto';
import { readNcResponse } from './directlink-xml.js';
import { ANSWER_PROBLEMS, DirectLinkAnswerError } from './errors.js';
import type { OgoneNotification } from './notification.js';

export interface DirectLinkCredentials {
  readonly pspId: string;
  readonly userId: string;
  readonly password: string;
}

/**
 * The status query's form (docs/protocol.md §6): PSPID, USERID, PSWD and ORDERID, no SHASIGN. The
 * password travels only in this body, over HTTPS, and is never part of an error or a log line.
 */
export const directLinkQueryBody = (credentials: DirectLinkCredentials, orderId: string): string =>
  new URLSearchParams({
    PSPID: credentials.pspId,
    USERID: credentials.userId,
    PSWD: credentials.password,
    ORDERID: orderId,
  }).toString();

export type DirectLinkAnswer =
  | { readonly kind: 'status'; readonly attributes: ReadonlyMap<string, string> }
  | { readonly kind: 'error'; readonly ncError: string; readonly ncErrorPlus: string };

/**
 * Far above any answer Ogone sends (under 1 KiB), and small enough that reading a hostile one
 * costs milliseconds. The client stops reading past it; the parser refuses a longer text.
 */
export const MAX_DIRECTLINK_ANSWER_BYTES = 16 * 1024;

/** Every answer carries these, STATUS empty when Ogone refused the query itself. */
const REQUIRED = ['ORDERID', 'STATUS', 'NCERROR'] as const;

/**
 * Ogone answers with one `<ncresponse …/>` element whose attributes carry the result, in mixed
 * case (`orderID`, `PAYID`, `amount`). Anything that is not unambiguously that element with
 * ORDERID, STATUS and NCERROR is not Ogone's answer and is refused (directlink-xml.ts).
 */
export const parseDirectLinkAnswer = (xml: string): DirectLinkAnswer => {
  // Characters never outnumber the UTF-8 bytes they were decoded from.
  if (xml.length > MAX_DIRECTLINK_ANSWER_BYTES) {
    throw new DirectLinkAnswerError(ANSWER_PROBLEMS.tooLarge, 'DirectLink answered too much', {
      characters: xml.length,
    });
  }
  const attributes = readNcResponse(xml);
  const missing = REQUIRED.filter((name) => !attributes.has(name));
  if (missing.length > 0) {
    throw new DirectLinkAnswerError(
      ANSWER_PROBLEMS.missingAttribute,
      `DirectLink answered without ${missing.join(', ')}`,
      { attributes: missing.join(',') },
    );
  }
  const ncError = attributes.get('NCERROR') ?? '';
  if (attributes.get('STATUS') === '') {
    // No status: Ogone refused the query itself (unknown order, wrong API user, …).
    return { kind: 'error', ncError, ncErrorPlus: attributes.get('NCERRORPLUS') ?? '' };
  }
  return { kind: 'status', attributes };
};

const optional = (attributes: ReadonlyMap<string, string>, name: string): string | undefined => {
  const value = attributes.get(name);
  return value === undefined || value === '' ? undefined : value;
};

/**
 * A DirectLink status as a notification for the state machine. Its id digests what the answer
 * says (prefixed, so it never equals a feedback's), so asking again and getting the same answer
 * is a duplicate, recorded once.
 */
export const notificationFromDirectLink = (
  reference: string,
  attributes: ReadonlyMap<string, string>,
): OgoneNotification => {
  const answeredFor = attributes.get('ORDERID');
  if (answeredFor !== reference) {
    throw new DirectLinkAnswerError(
      ANSWER_PROBLEMS.otherOrder,
      'DirectLink answered for another order',
    );
  }
  const status = attributes.get('STATUS') ?? '';
  const fields = ['STATUS', 'PAYID', 'PAYIDSUB', 'NCERROR', 'AMOUNT', 'CURRENCY', 'ALIAS'];
  const hash = createHash('sha256').update('directlink');
  for (const name of fields) hash.update(`\n${name}=${attributes.get(name) ?? ''}`);
  return {
    id: `dl-${hash.digest('hex').slice(0, 29)}`,
    orderId: reference,
    status,
    amount: optional(attributes, 'AMOUNT'),
    currency: optional(attributes, 'CURRENCY'),
    payId: optional(attributes, 'PAYID'),
    ncError: optional(attributes, 'NCERROR'),
    brand: optional(attributes, 'BRAND'),
    paymentMethod: optional(attributes, 'PM'),
    cardNumber: optional(attributes, 'CARDNO'),
    cardHolder: optional(attributes, 'CN'),
    alias: optional(attributes, 'ALIAS'),
    expiry: optional(attributes, 'ED'),
    acceptance: optional(attributes, 'ACCEPTANCE'),
    transactionDate: optional(attributes, 'TRXDATE'),
  };
};
