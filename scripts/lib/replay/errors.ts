import { ContextualError } from '../../../lib/shared/contextual-error.js';

/** Typed errors of the dead-letter replay (docs/deploy.md, "Replaying events"). */
export class ReplayError extends ContextualError {}

/** The input is not a dead-letter message of a DynamoDB stream source: nothing is published. */
export class ReplayInputError extends ReplayError {}

/** The stream no longer holds the records (past its 24 h retention): they cannot be replayed. */
export class RecordsTrimmedError extends ReplayError {}

/** EventBridge refused an event again: the message stays in the queue for another attempt. */
export class RepublishError extends ReplayError {}
