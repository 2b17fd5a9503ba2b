import { SHA_OUT_NAMES } from '../../lib/ogone/sha-out-names.js';
import { independentSign } from './independent-signer.js';

const SIGNED: ReadonlySet<string> = new Set(SHA_OUT_NAMES);

/** A typical Ogone feedback, with Ogone's mixed-case names (docs/protocol.md §2). */
export const feedbackParams = (
  orderId: string,
  status: string,
  overrides: Record<string, string> = {},
): Record<string, string> => ({
  orderID: orderId,
  amount: '15.1',
  currency: 'EUR',
  PM: 'CreditCard',
  ACCEPTANCE: 'test123',
  STATUS: status,
  CARDNO: 'XXXXXXXXXXXX1111',
  ED: '1230',
  CN: 'Jane Doe',
  TRXDATE: '11/27/26',
  PAYID: '3000001',
  NCERROR: '0',
  BRAND: 'VISA',
  ...overrides,
});

/** Form-encodes params and appends SHASIGN computed by the independent signer. */
export const signedForm = (
  params: Record<string, string>,
  passphrase: string,
  algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha512',
): string => {
  const shasign = independentSign(params, passphrase, algorithm, SIGNED);
  return new URLSearchParams({ ...params, SHASIGN: shasign }).toString();
};
