import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishStreamRecords } from '../lib/events/publish-records.js';
import { type EventPublisher, publisherFromEnv } from '../lib/events/publisher.js';
import { logger } from '../lib/observability/logger.js';
import { metrics } from '../lib/observability/metrics.js';

/** Built on first use, so that the local stream poller can set EVENTS_MODE before it. */
let publisher: EventPublisher | undefined;

/**
 * The transactions table's stream: one `Transaction State Changed` event per stored state
 * change, in stream order. Publishing from the stream rather than from the write path is what
 * makes an event exist exactly when its write does.
 */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>(
  async (event: DynamoDBStreamEvent) => {
    publisher ??= publisherFromEnv(process.env);
    return publishStreamRecords(event.Records, publisher);
  },
)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
