import { randomInt } from 'node:crypto';
import type { HashAlgorithm } from '../../../lib/ogone/hash-algorithm.js';
import { isShaOutName } from '../../../lib/ogone/sha-out-names.js';
import { computeSignature } from '../../../lib/ogone/sign.js';
import {
  FEEDBACK_STATES,
  type FeedbackState,
  statusEffect,
  UNCERTAIN_STATUSES,
} from '../../../lib/ogone/status-table.js';
import { verifySignature } from '../../../lib/ogone/verify.js';
import { isPaymentState } from '../../../lib/transactions/states.js';

export interface PaymentRequestForm {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Ogone checks the SHA-IN signature of the form before it shows its payment page. */
export const checkPaymentRequest = (
  request: PaymentRequestForm,
  shaInPassphrase: string,
  algorithm: HashAlgorithm,
): boolean => {
  const { SHASIGN: shasign = '', ...fields } = request.fields;
  const signable = Object.entries(fields).map(([name, value]) => ({
    name,
    value: Buffer.from(value, 'utf8'),
  }));
  return verifySignature(signable, shasign, [shaInPassphrase], algorithm);
};

/** What the service's status table says a STATUS leads to: the local Ogone means the same. */
const stateOf = (status: string): FeedbackState | undefined => {
  const effect = statusEffect(status);
  return effect.kind === 'state' ? effect.state : undefined;
};

/** A refused payment: Ogone sends the shopper to DECLINEURL and gives its reason in NCERROR. */
const isRefused = (state: FeedbackState | undefined): boolean =>
  state === FEEDBACK_STATES.invalid || state === FEEDBACK_STATES.declined;

/** Where Ogone sends the browser for a status (docs/protocol.md §2). */
export const resultUrlFor = (fields: Readonly<Record<string, string>>, status: string): string => {
  const pick = (name: string) => fields[name] ?? fields.ACCEPTURL ?? '';
  const state = stateOf(status);
  if (state === FEEDBACK_STATES.cancelled) return pick('CANCELURL');
  if (isRefused(state)) return pick('DECLINEURL');
  if (UNCERTAIN_STATUSES.has(status)) return pick('EXCEPTIONURL');
  return pick('ACCEPTURL');
};

/** AMOUNT in minor units back to Ogone's feedback form: only the decimals needed (`15.1`). */
export const majorUnits = (minor: string): string => {
  const padded = minor.padStart(3, '0');
  const whole = padded.slice(0, -2).replace(/^0+(?=[0-9])/, '');
  const cents = padded.slice(-2).replace(/0+$/, '');
  return cents === '' ? whole : `${whole}.${cents}`;
};

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The feedback parameters Ogone would send after the hosted page, with Ogone's mixed-case names,
 * signed with SHA-OUT like Ogone does.
 */
export const signedFeedback = (
  request: PaymentRequestForm,
  status: string,
  shaOutPassphrase: string,
  algorithm: HashAlgorithm,
  payId = String(randomInt(3_000_000_000, 3_999_999_999)),
): URLSearchParams => {
  const now = new Date();
  const state = stateOf(status);
  const paying = state !== undefined && isPaymentState(state);
  const declined = isRefused(state);
  const params: Record<string, string> = {
    orderID: request.fields.ORDERID ?? '',
    amount: majorUnits(request.fields.AMOUNT ?? '0'),
    currency: request.fields.CURRENCY ?? '',
    PM: 'CreditCard',
    ACCEPTANCE: paying ? `test${randomInt(100, 999)}` : '',
    STATUS: status,
    CARDNO: 'XXXXXXXXXXXX1111',
    ED: `${two(now.getUTCMonth() + 1)}${two((now.getUTCFullYear() + 3) % 100)}`,
    CN: request.fields.CN ?? 'Local Shopper',
    TRXDATE: `${two(now.getUTCMonth() + 1)}/${two(now.getUTCDate())}/${two(now.getUTCFullYear() % 100)}`,
    PAYID: payId,
    NCERROR: declined ? '30001001' : '0',
    BRAND: 'VISA',
    IP: '127.0.0.1',
    ...(paying && request.fields.ALIAS !== undefined ? { ALIAS: request.fields.ALIAS } : {}),
  };
  const signable = Object.entries(params)
    .map(([name, value]) => ({ name: name.toUpperCase(), value: Buffer.from(value, 'utf8') }))
    .filter((parameter) => isShaOutName(parameter.name));
  const shasign = computeSignature(signable, shaOutPassphrase, algorithm);
  return new URLSearchParams({ ...params, SHASIGN: shasign });
};
