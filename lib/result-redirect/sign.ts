import { ConfigurationError } from '../config.js';
import { type ResultParameter, resultSignature } from './verify.js';

/** How the service signs result redirects (configuration: RESULT_SIGNING_SECRET and its TTL). */
export interface ResultSigning {
  readonly secret: string;
  readonly ttlSeconds: number;
}

/**
 * The query parameters of a signed result redirect, valid for `ttlSeconds` from `nowMs`. Only the
 * signature leaves: the secret stays here (docs/result-redirect.md).
 */
export const signedResultParameters = (
  reference: string,
  state: string,
  nowMs: number,
  signing: ResultSigning,
): Readonly<Record<ResultParameter, string>> => {
  // The feedback function starts without a usable secret rather than refuse notifications
  // (lib/service.ts); an empty HMAC key would sign anything anyone can reproduce.
  if (signing.secret === '') {
    throw new ConfigurationError(['RESULT_SIGNING_SECRET is not usable: no redirect is signed']);
  }
  const expires = Math.floor(nowMs / 1000) + signing.ttlSeconds;
  return {
    reference,
    state,
    expires: String(expires),
    signature: resultSignature({ reference, state, expires }, signing.secret),
  };
};
