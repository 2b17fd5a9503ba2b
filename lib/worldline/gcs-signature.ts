import { createHmac } from 'node:crypto';

/**
 * Worldline's "GCS v1HMAC" request signature (docs/worldline.md, "The Payments API client"): the
 * official SDK signs with it, and the local fake verifies with this same function, so a fake
 * that accepted what Worldline would refuse is caught by the SDK's own known answers
 * (test/unit/worldline/gcs-signature.test.ts).
 */
export interface GcsRequestParts {
  readonly method: string;
  readonly contentType: string;
  /** The Date header as sent (RFC 1123). */
  readonly date: string;
  /** Every header of the request as [name, value]; only the X-GCS-* ones are signed. */
  readonly headers: readonly (readonly [string, string])[];
  /** The path and query exactly as sent. */
  readonly path: string;
}

/** Methods whose Content-Type is signed; for the others that line stays empty. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'DELETE']);

/** Folded lines become one space, then the value is trimmed, as the SDK canonicalizes. */
const canonicalValue = (value: string): string => value.replace(/\r?\n[^\S\r\n]*/g, ' ').trim();

export const gcsStringToSign = (parts: GcsRequestParts): string => {
  const contentType = BODY_METHODS.has(parts.method) ? parts.contentType : '';
  const gcsHeaders = parts.headers
    .map(([name, value]) => [name.toLowerCase(), canonicalValue(value)] as const)
    .filter(([name]) => name.startsWith('x-gcs'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  return `${parts.method}\n${contentType}\n${parts.date}\n${gcsHeaders}${parts.path}\n`;
};

export const gcsSignature = (secret: string, parts: GcsRequestParts): string =>
  createHmac('sha256', secret).update(gcsStringToSign(parts)).digest('base64');

export const gcsAuthorization = (apiKeyId: string, secret: string, parts: GcsRequestParts) =>
  `GCS v1HMAC:${apiKeyId}:${gcsSignature(secret, parts)}`;

const AUTHORIZATION = /^GCS v1HMAC:([^:]+):([A-Za-z0-9+/]+={0,2})$/;

/** The key id and signature of an Authorization header, or undefined when it is not v1HMAC. */
export const parseGcsAuthorization = (
  header: string,
): { readonly apiKeyId: string; readonly signature: string } | undefined => {
  const match = AUTHORIZATION.exec(header);
  return match === null ? undefined : { apiKeyId: match[1] ?? '', signature: match[2] ?? '' };
};
