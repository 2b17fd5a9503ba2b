import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ResultSigning, signedResultParameters } from '../result-redirect/sign.js';
import { RESULT_PARAMETERS } from '../result-redirect/verify.js';

const SIGNED_NAMES: ReadonlySet<string> = new Set(RESULT_PARAMETERS);

/** A query pair's name as a page's parser reads it (`+` a space, percent-decoded). */
const nameOf = (pair: string): string => {
  const raw = (pair.split('=', 1)[0] ?? '').replaceAll('+', ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

/**
 * RESULT_URL's own query, byte for byte (URLSearchParams would rewrite it: `flag` as `flag=`,
 * `/` as `%2F`, `;` as `%3B`), less any pair under a signed name, so that each is there once.
 */
const ownQuery = (url: URL): string[] =>
  url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !SIGNED_NAMES.has(nameOf(pair)));

const acceptsHtml = (event: APIGatewayProxyEventV2): boolean => {
  const accept = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'accept',
  );
  return accept?.[1]?.toLowerCase().includes('text/html') ?? false;
};

/** Where browsers are sent, and how the redirect is signed (docs/result-redirect.md). */
export interface ResultRedirectTarget extends ResultSigning {
  readonly url: URL;
}

/**
 * A browser sent on to the account's result URL, and only there: the reference, state, expiry
 * and signature are set as query parameters of that fixed URL, never taken from the request as
 * a destination. The signature lets the shop's result page trust the state, which anyone could
 * otherwise type.
 */
export const resultRedirect = (
  target: ResultRedirectTarget,
  reference: string,
  state: string,
  nowMs: number,
): APIGatewayProxyStructuredResultV2 => {
  const location = new URL(target.url);
  const signed = new URLSearchParams(signedResultParameters(reference, state, nowMs, target));
  location.search = [...ownQuery(target.url), signed.toString()].join('&');
  return {
    statusCode: 303,
    headers: { location: location.toString(), 'cache-control': 'no-store' },
    body: '',
  };
};

/**
 * The answer to a verified notification, whatever it did (docs/api.md §2): a browser gets the
 * result redirect; Ogone's server gets a plain `OK`, which it shows as a line on its own result
 * page.
 */
export const feedbackResponse = (
  event: APIGatewayProxyEventV2,
  target: ResultRedirectTarget,
  reference: string,
  state: string,
  nowMs: number,
): APIGatewayProxyStructuredResultV2 => {
  if (!acceptsHtml(event)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: 'OK',
    };
  }
  return resultRedirect(target, reference, state, nowMs);
};
