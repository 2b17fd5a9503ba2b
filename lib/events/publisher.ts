import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { logger } from '../observability/logger.js';
import { EventPublishError, EventsConfigurationError } from './errors.js';
import { DETAIL_TYPE, EVENT_SOURCE, type StateChangeDetail } from './state-change.js';

export interface EventPublisher {
  /**
   * Publishes in the given order. On failure, rejects with an EventPublishError that counts the
   * leading events known to be published; nothing after the first failure is sent.
   */
  publish(details: readonly StateChangeDetail[]): Promise<void>;
}

/** PutEvents accepts at most 10 entries per request. */
export const MAX_ENTRIES_PER_REQUEST = 10;

export const DEFAULT_EVENT_BUS = 'default';

export const entryFor = (
  detail: StateChangeDetail,
  eventBusName: string,
): PutEventsRequestEntry => {
  const time = new Date(detail.occurredAt);
  return {
    Source: EVENT_SOURCE,
    DetailType: DETAIL_TYPE,
    Detail: JSON.stringify(detail),
    EventBusName: eventBusName,
    // The event's time is when the change was stored, not when a retry happened to publish it.
    ...(Number.isNaN(time.getTime()) ? {} : { Time: time }),
  };
};

/**
 * The index of the first entry EventBridge did not take, or undefined when it took them all.
 * Results are positional; a count of failures with no entry marked, or a missing result, is
 * read as a failure of the first entry not known to be published.
 */
const firstFailure = (output: PutEventsCommandOutput, sent: number): number | undefined => {
  const results = output.Entries ?? [];
  for (let index = 0; index < sent; index++) {
    const result = results[index];
    if (result === undefined || result.ErrorCode !== undefined || result.EventId === undefined) {
      return index;
    }
  }
  return (output.FailedEntryCount ?? 0) > 0 ? 0 : undefined;
};

export class EventBridgePublisher implements EventPublisher {
  public constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  public async publish(details: readonly StateChangeDetail[]): Promise<void> {
    for (let offset = 0; offset < details.length; offset += MAX_ENTRIES_PER_REQUEST) {
      const batch = details.slice(offset, offset + MAX_ENTRIES_PER_REQUEST);
      let output: PutEventsCommandOutput;
      try {
        output = await this.client.send(
          new PutEventsCommand({ Entries: batch.map((d) => entryFor(d, this.eventBusName)) }),
        );
      } catch (error) {
        throw new EventPublishError('PutEvents failed', offset, {
          cause: error,
          context: { eventId: batch[0]?.eventId ?? '' },
        });
      }
      const failed = firstFailure(output, batch.length);
      if (failed !== undefined) {
        // Entries after the failed one may have been published too: the retry from the failed
        // one repeats them, and consumers drop the repeats by eventId.
        const entry = output.Entries?.[failed];
        throw new EventPublishError('EventBridge refused an event', offset + failed, {
          context: {
            eventId: batch[failed]?.eventId ?? '',
            errorCode: entry?.ErrorCode ?? 'Unknown',
            failedEntryCount: output.FailedEntryCount ?? 0,
          },
        });
      }
    }
  }
}

/** Locally there is no EventBridge: the event is a log line the developer can watch. */
export class LoggingPublisher implements EventPublisher {
  public async publish(details: readonly StateChangeDetail[]): Promise<void> {
    for (const detail of details) {
      logger.info(DETAIL_TYPE, { source: EVENT_SOURCE, detailType: DETAIL_TYPE, detail });
    }
  }
}

export const EVENTS_MODES = { eventBridge: 'eventbridge', log: 'log' } as const;

/** EVENTS_MODE `log` (npm start) or unset / `eventbridge` (AWS); EVENT_BUS_NAME names the bus. */
export const publisherFromEnv = (env: Readonly<Record<string, string | undefined>>) => {
  const mode =
    env.EVENTS_MODE === undefined || env.EVENTS_MODE === '' ? 'eventbridge' : env.EVENTS_MODE;
  if (mode === EVENTS_MODES.log) return new LoggingPublisher();
  if (mode !== EVENTS_MODES.eventBridge) {
    // A typo must not silently publish to a real bus, nor silently publish nothing.
    throw new EventsConfigurationError('EVENTS_MODE must be eventbridge or log', {
      context: { variable: 'EVENTS_MODE' },
    });
  }
  const bus = env.EVENT_BUS_NAME;
  return new EventBridgePublisher(
    new EventBridgeClient({ maxAttempts: 3 }),
    bus === undefined || bus === '' ? DEFAULT_EVENT_BUS : bus,
  );
};
