import { hash } from 'node:crypto';
import { KEY_SEPARATOR } from '../accounts/account.js';
import { decodeText } from './decode-text.js';
import { MALFORMED_REASONS, MalformedParametersError } from './errors.js';
import type { ShaOutName } from './sha-out-names.js';
import type { SignedParameters } from './signed-parameters.js';

/** A verified Ogone notification, as text, with only signed values in it. */
export interface OgoneNotification {
  /** Same signed parameters, same id: how duplicates and retries are recognised. */
  readonly id: string;
  readonly orderId: string;
  readonly status: string;
  readonly amount: string | undefined;
  readonly currency: string | undefined;
  readonly payId: string | undefined;
  readonly ncError: string | undefined;
  readonly brand: string | undefined;
  readonly paymentMethod: string | undefined;
  readonly cardNumber: string | undefined;
  readonly cardHolder: string | undefined;
  readonly alias: string | undefined;
  readonly expiry: string | undefined;
  readonly acceptance: string | undefined;
  readonly transactionDate: string | undefined;
}

/**
 * Ogone carries no event id (docs/protocol.md §2), so a notification is known by what it signs:
 * a length-prefixed digest of the sorted signed pairs, the same whichever route, method or
 * passphrase delivered it. 128 bits is far beyond any collision a set of retries could hit.
 */
const notificationId = (signed: SignedParameters): string => {
  // `NAME:length:` then the value's bytes, for each pair in name order, hashed in one call.
  const pairs = signed.parameters
    .filter((parameter) => parameter.value.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, value }) => ({ prefix: `${name}:${value.length}:`, value }));
  let length = 0;
  for (const { prefix, value } of pairs) length += prefix.length + value.length;
  const image = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const { prefix, value } of pairs) {
    // Names are on the SHA-OUT list: ASCII, one byte per character.
    offset += image.write(prefix, offset, 'latin1');
    image.set(value, offset);
    offset += value.length;
  }
  return hash('sha256', image, 'hex').slice(0, 32);
};

/**
 * Reads the fields the service uses from a request whose signature has been verified. ORDERID and
 * STATUS are what a notification is about; a signed request without them cannot be placed.
 */
export const toNotification = (signed: SignedParameters): OgoneNotification => {
  const values = new Map<ShaOutName, string>();
  for (const parameter of signed.parameters) {
    if (parameter.value.length > 0) values.set(parameter.name, decodeText(parameter.value));
  }
  const orderId = values.get('ORDERID');
  const status = values.get('STATUS');
  const missing = [orderId === undefined ? 'ORDERID' : '', status === undefined ? 'STATUS' : '']
    .filter((name) => name !== '')
    .join(', ');
  if (orderId === undefined || status === undefined) {
    throw new MalformedParametersError(
      MALFORMED_REASONS.missingField,
      `The notification has no ${missing}`,
      { missing },
    );
  }
  // Ogone's ORDERID never holds the unit separator, and storage keys keep accounts apart with
  // it (item-key.ts): refused, no reference of one account can land on another's key.
  if (orderId.includes(KEY_SEPARATOR)) {
    throw new MalformedParametersError(
      MALFORMED_REASONS.invalidField,
      'The notification ORDERID holds a control character',
      { field: 'ORDERID' },
    );
  }
  return {
    id: notificationId(signed),
    orderId,
    status,
    amount: values.get('AMOUNT'),
    currency: values.get('CURRENCY'),
    payId: values.get('PAYID'),
    ncError: values.get('NCERROR'),
    brand: values.get('BRAND'),
    paymentMethod: values.get('PM'),
    cardNumber: values.get('CARDNO'),
    cardHolder: values.get('CN'),
    alias: values.get('ALIAS'),
    expiry: values.get('ED'),
    acceptance: values.get('ACCEPTANCE'),
    transactionDate: values.get('TRXDATE'),
  };
};
