import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { gcsSignature, parseGcsAuthorization } from '../../lib/worldline/gcs-signature.js';

/** One merchant's API key as Worldline knows it. */
export interface FakeMerchant {
  readonly merchantId: string;
  readonly apiKeyId: string;
  readonly apiSecret: string;
}

const MAX_BODY = 64 * 1024;

export const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Pairs of the raw headers, as Worldline sees them (names in the client's own case). */
const headerPairs = (request: IncomingMessage): [string, string][] => {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    pairs.push([request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string]);
  }
  return pairs;
};

/** The merchant whose key signed this request, or why not (Worldline's error id and status). */
export const authenticate = (
  request: IncomingMessage,
  merchants: readonly FakeMerchant[],
  merchantId: string,
) => {
  const refused = { status: 401, id: 'MISSING_OR_INVALID_AUTHORIZATION', code: '9002' } as const;
  const auth = parseGcsAuthorization(request.headers.authorization ?? '');
  const date = request.headers.date;
  const key = merchants.find((merchant) => merchant.apiKeyId === auth?.apiKeyId);
  if (auth === undefined || date === undefined || key === undefined) return refused;
  const expected = gcsSignature(key.apiSecret, {
    method: request.method ?? '',
    contentType: request.headers['content-type'] ?? '',
    date,
    headers: headerPairs(request),
    path: request.url ?? '',
  });
  if (!sameText(expected, auth.signature)) return refused;
  if (key.merchantId !== merchantId) {
    return { status: 403, id: 'ACCESS_TO_MERCHANT_NOT_ALLOWED', code: '9007' } as const;
  }
  return undefined;
};
