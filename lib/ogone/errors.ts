import { ContextualError } from '../shared/contextual-error.js';

/**
 * Typed errors of the protocol layer. Their messages and context name parameters, never values:
 * a value could be a card holder's name, and the signature path must never leak a pre-image or
 * an expected signature.
 */
export class OgoneProtocolError extends ContextualError {}

export const MALFORMED_REASONS = {
  brokenEncoding: 'broken_encoding',
  duplicateParameter: 'duplicate_parameter',
  missingField: 'missing_field',
  invalidField: 'invalid_field',
} as const;

export type MalformedReason = (typeof MALFORMED_REASONS)[keyof typeof MALFORMED_REASONS];

/** The request cannot be read unambiguously: answered 400, nothing written. */
export class MalformedParametersError extends OgoneProtocolError {
  public readonly reason: MalformedReason;

  public constructor(
    reason: MalformedReason,
    message: string,
    context: Record<string, string | number> = {},
  ) {
    super(message, { context: { reason, ...context } });
    this.reason = reason;
  }
}

export const SIGNATURE_FAILURES = {
  missing: 'missing',
  mismatch: 'mismatch',
} as const;

export type SignatureFailure = (typeof SIGNATURE_FAILURES)[keyof typeof SIGNATURE_FAILURES];

/** SHASIGN absent or wrong: answered 403, nothing written. Carries no signature material. */
export class SignatureVerificationError extends OgoneProtocolError {
  public readonly failure: SignatureFailure;

  public constructor(failure: SignatureFailure) {
    super(
      failure === SIGNATURE_FAILURES.missing
        ? 'The request carries no SHASIGN'
        : 'SHASIGN does not match the parameters',
      { context: { failure } },
    );
    this.failure = failure;
  }
}

export const ANSWER_PROBLEMS = {
  malformed: 'malformed_xml',
  doctype: 'doctype',
  invalidReference: 'invalid_reference',
  elementCount: 'element_count',
  repeatedAttribute: 'repeated_attribute',
  missingAttribute: 'missing_attribute',
  otherOrder: 'other_order',
  tooLarge: 'too_large',
} as const;

export type AnswerProblem = (typeof ANSWER_PROBLEMS)[keyof typeof ANSWER_PROBLEMS];

/**
 * A DirectLink answer that is not Ogone's XML, or not unambiguously so: retried on the next run.
 * Its context names the problem and attributes, never a value from the answer.
 */
export class DirectLinkAnswerError extends OgoneProtocolError {
  public readonly problem: AnswerProblem;

  public constructor(
    problem: AnswerProblem,
    message: string,
    context: Record<string, string | number> = {},
  ) {
    super(message, { context: { problem, ...context } });
    this.problem = problem;
  }
}
