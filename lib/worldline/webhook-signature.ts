import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  DuplicateWebhookHeaderError,
  WEBHOOK_HEADERS,
  WEBHOOK_SIGNATURE_FAILURES,
  type WebhookHeaderName,
  WebhookSignatureError,
} from './errors.js';

/** An account's `webhook-keys` secret: key id → secret, several at once while keys rotate. */
export type WebhookKeys = Readonly<Record<string, string>>;

/** The two headers' values as the HTTP API hands them over (a repeated header joined by commas). */
export interface WebhookSignatureHeaders {
  readonly signature: string | undefined;
  readonly keyId: string | undefined;
}

declare const VERIFIED: unique symbol;

/**
 * Body bytes whose signature was checked. Only verifyWebhookSignature makes one, and the event
 * parser takes nothing else, so no code path can read a body before it is authenticated.
 */
export type VerifiedWebhookBody = Buffer & { readonly [VERIFIED]: true };

export interface VerifiedWebhook {
  readonly body: VerifiedWebhookBody;
  /** Which key signed it: worth logging while an old key is being retired. */
  readonly keyId: string;
}

/** Canonical base64 with padding, as Worldline sends it; Buffer's decoder would skip junk. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The headers from an HTTP API event's header map. Names are matched without regard to case:
 * the HTTP API lowercases them, other front ends may not, and two spellings of one header in a
 * map are the same header given twice.
 */
export const webhookHeaders = (
  headers: Readonly<Record<string, string | undefined>>,
): WebhookSignatureHeaders => {
  const find = (name: WebhookHeaderName): string | undefined => {
    const wanted = name.toLowerCase();
    const values = Object.keys(headers)
      .filter((key) => key.toLowerCase() === wanted)
      .map((key) => headers[key])
      .filter((value) => value !== undefined);
    if (values.length > 1) throw new DuplicateWebhookHeaderError(name);
    return values[0];
  };
  return { signature: find(WEBHOOK_HEADERS.signature), keyId: find(WEBHOOK_HEADERS.keyId) };
};

/**
 * Neither a base64 signature nor Worldline's key ids contain a comma, so a comma can only be
 * the HTTP API joining a repeated header. Empty counts as absent.
 */
const singleValue = (value: string | undefined, name: WebhookHeaderName): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (value.includes(',')) throw new DuplicateWebhookHeaderError(name);
  return value;
};

const secretFor = (keys: WebhookKeys, keyId: string): string | undefined => {
  // Own keys only: a key id such as `constructor` must not find Object.prototype's members.
  const secret = Object.hasOwn(keys, keyId) ? keys[keyId] : undefined;
  // An empty secret would make anyone's HMAC valid for that id: treated as no key at all.
  return typeof secret === 'string' && secret !== '' ? secret : undefined;
};

/**
 * Checks X-GCS-Signature, the base64 HMAC-SHA256 of the raw body bytes keyed with the secret
 * that X-GCS-KeyId names (docs/worldline.md, "Webhooks"). Runs before any parsing. The base64
 * texts are compared, not the decoded bytes, so a non-canonical encoding of the right digest is
 * refused as Worldline's own SDK refuses it; the comparison runs in constant time over equal
 * lengths, and a length that differs fails without comparing. Errors name the failure only.
 */
export const verifyWebhookSignature = (
  body: Buffer,
  headers: WebhookSignatureHeaders,
  keys: WebhookKeys,
): VerifiedWebhook => {
  const signature = singleValue(headers.signature, WEBHOOK_HEADERS.signature);
  const keyId = singleValue(headers.keyId, WEBHOOK_HEADERS.keyId);
  if (signature === undefined) {
    throw new WebhookSignatureError(WEBHOOK_SIGNATURE_FAILURES.missingSignature);
  }
  if (keyId === undefined) throw new WebhookSignatureError(WEBHOOK_SIGNATURE_FAILURES.missingKeyId);
  const secret = secretFor(keys, keyId);
  if (secret === undefined) {
    throw new WebhookSignatureError(WEBHOOK_SIGNATURE_FAILURES.unknownKeyId);
  }
  if (!BASE64.test(signature)) {
    throw new WebhookSignatureError(WEBHOOK_SIGNATURE_FAILURES.malformedSignature);
  }
  const expected = Buffer.from(
    createHmac('sha256', secret).update(body).digest('base64'),
    'latin1',
  );
  const received = Buffer.from(signature, 'latin1');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    throw new WebhookSignatureError(WEBHOOK_SIGNATURE_FAILURES.mismatch);
  }
  return { body: body as VerifiedWebhookBody, keyId };
};
