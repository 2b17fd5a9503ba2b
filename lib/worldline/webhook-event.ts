import { KEY_SEPARATOR } from '../accounts/account.js';
import { EVENT_PROBLEMS, MerchantMismatchError, WebhookEventError } from './errors.js';
import { isJsonObject, type JsonObject, readEventObject } from './event-json.js';
import { minorToDecimal } from './minor-units.js';
import type { VerifiedWebhookBody } from './webhook-signature.js';

export const EVENT_KINDS = { payment: 'payment', refund: 'refund', other: 'other' } as const;

export type EventKind = (typeof EVENT_KINDS)[keyof typeof EVENT_KINDS];

interface EventHeader {
  /** The notification id: a redelivery carries the same one, so it is the duplicate key. */
  readonly id: string;
  readonly type: string;
  readonly created: string | undefined;
  readonly merchantId: string | undefined;
}

/** A payment.* or refund.* event, with what the state machine needs (docs/worldline.md). */
export interface PaymentEvent extends EventHeader {
  readonly kind: typeof EVENT_KINDS.payment | typeof EVENT_KINDS.refund;
  /** `references.merchantReference`: the registered reference; absent when the shop sent none. */
  readonly reference: string | undefined;
  /** Major units, canonical (lib/transactions/decimal.ts); undefined when not convertible. */
  readonly amount: string | undefined;
  /** `amountOfMoney.amount` exactly as sent, in the currency's minor unit. */
  readonly minorAmount: number | undefined;
  readonly currency: string | undefined;
  /** `payment.id` or `refund.id` as sent: `<payment>_<operation>` (docs/worldline.md). */
  readonly paymentId: string | undefined;
  /**
   * `paymentId` without its operation suffix: the same for the authorisation (`…_0`) and the
   * capture (`…_1`) of one payment, so it plays PAYID's part in the double-payment check, where
   * the full id would take every capture for a second payment.
   */
  readonly payId: string | undefined;
  /** `statusOutput.statusCode` as text, the legacy Ogone STATUS (status-mapping.ts). */
  readonly statusCode: string | undefined;
  readonly status: string | undefined;
}

/** Any other event (payout.*, token.*, …): verified, but about no payment of ours. */
export interface OtherEvent extends EventHeader {
  readonly kind: typeof EVENT_KINDS.other;
}

export type WorldlineEvent = PaymentEvent | OtherEvent;

/** Bounds that keep every text a readable, storable key; real values are far shorter. */
const ID = /^[\x21-\x7e]{1,128}$/;
const TYPE = /^[a-z][a-z0-9_]{0,63}(?:\.[a-z0-9_]{1,64}){1,3}$/;
const PRINTABLE = /^[\x20-\x7e]{1,64}$/;
const STATUS = /^[A-Z][A-Z_]{0,63}$/;
const CURRENCY = /^[A-Z]{3}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL = /[\x00-\x1f\x7f]/;
const MAX_REFERENCE_LENGTH = 256;
/** `_<operation>` at the end of a payment id; an id without one is its own payment. */
const OPERATION_SUFFIX = /_[0-9]+$/;

/**
 * A payment id without its operation suffix: the same for the authorisation (`…_0`) and the
 * capture (`…_1`) of one payment, so it plays PAYID's part in the double-payment check.
 */
export const payIdOf = (paymentId: string): string => paymentId.replace(OPERATION_SUFFIX, '');

const invalid = (field: string): WebhookEventError =>
  new WebhookEventError(EVENT_PROBLEMS.invalidField, `The event's ${field} is not valid`, field);

/** The object at `name`: undefined when absent or null, refused when another type. */
const child = (
  parent: JsonObject | undefined,
  name: string,
  path: string,
): JsonObject | undefined => {
  const value = parent?.[name];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw invalid(path);
  return value;
};

const text = (
  parent: JsonObject | undefined,
  name: string,
  path: string,
  pattern: RegExp,
): string | undefined => {
  const value = parent?.[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid(path);
  return value;
};

const count = (parent: JsonObject | undefined, name: string, path: string): number | undefined => {
  const value = parent?.[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid(path);
  return value;
};

/**
 * Storage keys keep accounts apart with a control character (lib/accounts/account.ts), so a
 * reference holding one could land on another account's key: refused, as for Ogone's ORDERID.
 */
const reference = (references: JsonObject | undefined, path: string): string | undefined => {
  const value = references?.merchantReference;
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_REFERENCE_LENGTH ||
    value.includes(KEY_SEPARATOR) ||
    CONTROL.test(value)
  ) {
    throw invalid(path);
  }
  return value;
};

const required = (value: string | undefined, field: string): string => {
  if (value === undefined) {
    throw new WebhookEventError(EVENT_PROBLEMS.missingField, `The event has no ${field}`, field);
  }
  return value;
};

/** payment.* events carry `payment` with `paymentOutput`, refund.* ones `refund`/`refundOutput`. */
const paymentFields = (
  root: JsonObject,
  kind: PaymentEvent['kind'],
): Omit<PaymentEvent, keyof EventHeader | 'kind'> => {
  const name = kind === EVENT_KINDS.payment ? 'payment' : 'refund';
  const output = kind === EVENT_KINDS.payment ? 'paymentOutput' : 'refundOutput';
  const resource = child(root, name, name);
  if (resource === undefined) {
    throw new WebhookEventError(EVENT_PROBLEMS.missingField, `The event has no ${name}`, name);
  }
  const out = child(resource, output, `${name}.${output}`);
  const money = child(out, 'amountOfMoney', `${name}.${output}.amountOfMoney`);
  const references = child(out, 'references', `${name}.${output}.references`);
  const statusOutput = child(resource, 'statusOutput', `${name}.statusOutput`);
  const minorAmount = count(money, 'amount', `${name}.${output}.amountOfMoney.amount`);
  const currency = text(
    money,
    'currencyCode',
    `${name}.${output}.amountOfMoney.currencyCode`,
    CURRENCY,
  );
  const statusCode = count(statusOutput, 'statusCode', `${name}.statusOutput.statusCode`);
  const paymentId = text(resource, 'id', `${name}.id`, ID);
  return {
    reference: reference(references, `${name}.${output}.references.merchantReference`),
    amount:
      minorAmount === undefined || currency === undefined
        ? undefined
        : minorToDecimal(minorAmount, currency),
    minorAmount,
    currency,
    paymentId,
    payId: paymentId === undefined ? undefined : payIdOf(paymentId),
    statusCode: statusCode === undefined ? undefined : String(statusCode),
    status: text(resource, 'status', `${name}.status`, STATUS),
  };
};

const kindOf = (type: string): EventKind => {
  if (type.startsWith('payment.')) return EVENT_KINDS.payment;
  if (type.startsWith('refund.')) return EVENT_KINDS.refund;
  return EVENT_KINDS.other;
};

/**
 * A verified body to a typed event, or WebhookBodyTooLargeError (413) / WebhookEventError (400),
 * and never anything else. Absent optional fields are undefined; present ones of the wrong shape
 * are refused, since a misread amount or status would be recorded as if Worldline had said it.
 */
export const parseWebhookEvent = (body: VerifiedWebhookBody): WorldlineEvent => {
  const root = readEventObject(body);
  const header: EventHeader = {
    id: required(text(root, 'id', 'id', ID), 'id'),
    type: required(text(root, 'type', 'type', TYPE), 'type'),
    created: text(root, 'created', 'created', PRINTABLE),
    merchantId: text(root, 'merchantId', 'merchantId', PRINTABLE),
  };
  const kind = kindOf(header.type);
  if (kind === EVENT_KINDS.other) return { ...header, kind };
  return { ...header, kind, ...paymentFields(root, kind) };
};

/**
 * The route names the account, the event names the merchant: an event without a merchantId
 * cannot be shown to be this account's, so it is refused like one naming another (403).
 */
export const assertEventMerchant = (event: WorldlineEvent, merchantId: string): void => {
  if (event.merchantId !== merchantId) throw new MerchantMismatchError();
};
