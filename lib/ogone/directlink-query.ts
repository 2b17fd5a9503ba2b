import { createHash } from 'node:crypto';
import { DirectLinkAnswerError } from './errors.js';
import type { OgoneNotification } from './notification.js';

export interface DirectLinkCredentials {
  readonly pspId: string;
  readonly userId: string;
  readonly password: string;
}

/**
 * The status query's form body (protocol §6): PSPID, USERID, PSWD and ORDERID, no SHASIGN. The
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

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const codePoint = (value: number): string => {
  // Outside Unicode, or a lone surrogate: not text Ogone could have meant.
  if (!(value <= 0x10ffff) || (value >= 0xd800 && value <= 0xdfff)) {
    throw new DirectLinkAnswerError('DirectLink answered with an invalid character reference');
  }
  return String.fromCodePoint(value);
};

const decodeXml = (text: string): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (entity, body: string) => {
    if (body.startsWith('#x')) return codePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return codePoint(Number.parseInt(body.slice(1), 10));
    return ENTITIES[body] ?? entity;
  });

const ELEMENT = /<ncresponse\b([^>]*?)\/?>/i;
const ATTRIBUTE = /([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*"([^"]*)"/g;

/**
 * Ogone answers with one `<ncresponse …/>` element whose attributes carry the result, in mixed
 * case (`orderID`, `PAYID`, `amount`). Names are uppercased; an answer without that element, or
 * without STATUS and NCERROR, is not Ogone's and is refused.
 */
export const parseDirectLinkAnswer = (xml: string): DirectLinkAnswer => {
  const element = ELEMENT.exec(xml);
  if (element === null) throw new DirectLinkAnswerError('DirectLink answered without <ncresponse>');
  const attributes = new Map<string, string>();
  for (const match of (element[1] ?? '').matchAll(ATTRIBUTE)) {
    attributes.set((match[1] as string).toUpperCase(), decodeXml(match[2] as string));
  }
  const status = attributes.get('STATUS') ?? '';
  const ncError = attributes.get('NCERROR');
  if (ncError === undefined) throw new DirectLinkAnswerError('DirectLink answered without NCERROR');
  if (status === '') {
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
  if (answeredFor !== undefined && answeredFor !== reference) {
    throw new DirectLinkAnswerError('DirectLink answered for another order');
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
