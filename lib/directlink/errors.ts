import { ContextualError } from '../shared/contextual-error.js';

/**
 * Why a DirectLink status query gave no status. Each is logged by class and retried on the next
 * reconciliation run; none carries the request (it holds the API user's password).
 */
export class DirectLinkError extends ContextualError {}

/** No answer within the time allowed. */
export class DirectLinkTimeoutError extends DirectLinkError {}

/** Ogone's server answered with an HTTP error, or could not be reached. */
export class DirectLinkHttpError extends DirectLinkError {}

/** Ogone answered, and refused the query (NCERROR without a STATUS: unknown order, bad user). */
export class DirectLinkRefusedError extends DirectLinkError {}

/**
 * DirectLink answered with a redirect. Never followed: following would re-send the API password
 * to wherever the answer points, and take that host's word for a payment's status.
 */
export class DirectLinkRedirectError extends DirectLinkError {}

/** The answer grew past the size any Ogone answer has; reading stopped there. */
export class DirectLinkAnswerTooLargeError extends DirectLinkError {}
