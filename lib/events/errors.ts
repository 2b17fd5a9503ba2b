import { ContextualError } from '../shared/contextual-error.js';

/** Typed errors of the state-change events; context names references and ids, never card data. */
export class EventsError extends ContextualError {}

/**
 * A stream record this code cannot read as a transaction change: the stream is not
 * NEW_AND_OLD_IMAGES, or something other than a notification write changed a state. Publishing
 * a guess could hand the merchant a wrong de-duplication key, so the record fails and, after
 * the retries, lands in the dead-letter queue for a person.
 */
export class StreamRecordError extends EventsError {}

/** EVENTS_MODE names no known publisher. */
export class EventsConfigurationError extends EventsError {}

/**
 * EventBridge did not take every event. The first `published` events of the call are known to be
 * published; none after the first failure was sent, so a retry from there loses nothing.
 */
export class EventPublishError extends EventsError {
  public readonly published: number;

  public constructor(
    message: string,
    published: number,
    options: { cause?: unknown; context?: Record<string, string | number> } = {},
  ) {
    super(message, options);
    this.published = published;
  }
}
