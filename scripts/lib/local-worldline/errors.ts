import { ContextualError } from '../../../lib/shared/contextual-error.js';

/** Typed errors of `npm run worldline` (README, "Worldline Direct, locally"). */
export class LocalWorldlineError extends ContextualError {}

/** The command line asks for something the command does not do: the usage, exit 2. */
export class UsageError extends LocalWorldlineError {}

/** Paying could not go on: no such transaction, no checkout in the fake, nothing listening. */
export class PayError extends LocalWorldlineError {}
