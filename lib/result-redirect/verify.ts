import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signed result redirect (docs/result-redirect.md): after a verified browser notification the
 * service sends the shopper to `RESULT_URL?…&reference=…&state=…&expires=…&signature=…`. This
 * file is the whole contract and a shop's result page may copy it as it is: it needs nothing but
 * node:crypto. The service signs with the same functions (./sign.ts), so the two cannot drift.
 */

/** Domain separation: a signature made for anything else, or for a later version, never fits. */
export const RESULT_SIGNATURE_VERSION = 'ogone-feedback-result-v1';

export const RESULT_PARAMETERS = ['reference', 'state', 'expires', 'signature'] as const;
export type ResultParameter = (typeof RESULT_PARAMETERS)[number];

export interface SignedResult {
  /** The ORDERID Ogone signed: any text, `&`, `=` and line breaks included. */
  readonly reference: string;
  /** The transaction's state after the notification, e.g. `paid`, `declined`. */
  readonly state: string;
  /** Epoch seconds; the redirect is refused once the clock is past it. */
  readonly expires: number;
}

/**
 * The signed text. The two fields of fixed shape come first and cannot hold a line break (their
 * formats below), and the reference, the only free text, comes last, whole: splitting at the first
 * three line breaks gives back every field, so no two results share a message.
 */
export const resultMessage = (result: SignedResult): string =>
  `${RESULT_SIGNATURE_VERSION}\n${result.expires}\n${result.state}\n${result.reference}`;

/** HMAC-SHA256 of the message's UTF-8 bytes, keyed with the secret's UTF-8 bytes, lowercase hex. */
export const resultSignature = (result: SignedResult, secret: string): string =>
  createHmac('sha256', secret).update(resultMessage(result), 'utf8').digest('hex');

export const RESULT_FAILURES = {
  /** A parameter is absent or empty. */
  missing: 'missing',
  /** A parameter is given twice: pages and frameworks disagree on which one counts. */
  repeated: 'repeated',
  /** `expires`, `state` or `signature` is not in its format. */
  malformed: 'malformed',
  /** Not signed with any of the secrets: altered, forged, or another secret. */
  badSignature: 'bad_signature',
  /** Signed, but past `expires`: an old link, a reload, a copy from the history. */
  expired: 'expired',
} as const;
export type ResultFailure = (typeof RESULT_FAILURES)[keyof typeof RESULT_FAILURES];

export type ResultVerification =
  | ({ readonly ok: true } & SignedResult)
  | {
      readonly ok: false;
      readonly reason: ResultFailure;
      readonly parameter?: ResultParameter;
      /** Names the parameter and the rule, never a value or the secret. */
      readonly message: string;
    };

export interface ResultVerifierOptions {
  /** The current secret first, then the previous one while it is being rotated out. */
  readonly secrets: readonly string[];
  /** Epoch milliseconds, Date.now by default; a test passes its own clock. */
  readonly now?: () => number;
}

// Canonical forms only: one text per value, and none can hold a line break.
const FORMATS = {
  expires: /^[1-9][0-9]{0,14}$/,
  state: /^[a-z][a-z_]{0,31}$/,
  signature: /^[0-9a-f]{64}$/,
} as const;

const RULES = {
  expires: 'epoch seconds, digits without a leading zero',
  state: 'lowercase letters and underscores',
  signature: '64 lowercase hexadecimal digits',
} as const;

const failure = (
  reason: ResultFailure,
  message: string,
  parameter?: ResultParameter,
): ResultVerification =>
  parameter === undefined
    ? { ok: false, reason, message }
    : { ok: false, reason, parameter, message };

const queryOf = (query: URLSearchParams | URL | string): URLSearchParams => {
  if (query instanceof URLSearchParams) return query;
  if (query instanceof URL) return query.searchParams;
  return new URLSearchParams(query);
};

/**
 * Checks a result page's query: the four parameters each exactly once, in their formats, signed
 * with one of the secrets (compared in constant time), and not expired. Use the values it returns,
 * never the query's own: they are the ones that were verified.
 */
export const verifyResultRedirect = (
  query: URLSearchParams | URL | string,
  options: ResultVerifierOptions,
): ResultVerification => {
  if (options.secrets.length === 0 || options.secrets.some((secret) => secret === '')) {
    throw new TypeError('verifyResultRedirect needs at least one secret, none of them empty');
  }
  const params = queryOf(query);
  const values: Partial<Record<ResultParameter, string>> = {};
  for (const name of RESULT_PARAMETERS) {
    const all = params.getAll(name);
    if (all.length > 1)
      return failure(RESULT_FAILURES.repeated, `${name} is given more than once`, name);
    const value = all[0];
    if (value === undefined || value === '')
      return failure(RESULT_FAILURES.missing, `${name} is missing`, name);
    values[name] = value;
  }
  const { reference = '', state = '', expires = '', signature = '' } = values;
  for (const name of ['expires', 'state', 'signature'] as const) {
    if (!FORMATS[name].test(values[name] ?? '')) {
      return failure(RESULT_FAILURES.malformed, `${name} must be ${RULES[name]}`, name);
    }
  }
  const result: SignedResult = { reference, state, expires: Number(expires) };
  const given = Buffer.from(signature, 'hex');
  // Every secret is tried, so the time taken does not say which one matched.
  const matches = options.secrets.map((secret) =>
    timingSafeEqual(Buffer.from(resultSignature(result, secret), 'hex'), given),
  );
  if (!matches.includes(true)) {
    return failure(RESULT_FAILURES.badSignature, 'signature does not match', 'signature');
  }
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  if (nowSeconds > result.expires)
    return failure(RESULT_FAILURES.expired, 'the redirect has expired', 'expires');
  return { ok: true, ...result };
};
