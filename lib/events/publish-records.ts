import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { count, METRICS } from '../observability/metrics.js';
import { EventPublishError } from './errors.js';
import type { EventPublisher } from './publisher.js';
import { type StateChangeDetail, stateChangeOf } from './state-change.js';
import { changeOfRecord } from './stream-record.js';

interface Pending {
  readonly recordIndex: number;
  readonly detail: StateChangeDetail;
}

const errorFields = (error: unknown) =>
  error instanceof Error
    ? {
        error: error.name,
        message: error.message,
        ...('context' in error && typeof error.context === 'object'
          ? { context: error.context }
          : {}),
      }
    : { error: 'UnknownError' };

/**
 * One batch of the table's stream, in order: the events of every state change before the first
 * record that fails are published, and that record's sequence number is reported, so Lambda
 * retries from it onward (ReportBatchItemFailures) and never republishes an earlier one.
 */
export const publishStreamRecords = async (
  records: readonly DynamoDBRecord[],
  publisher: EventPublisher,
): Promise<DynamoDBBatchResponse> => {
  const pending: Pending[] = [];
  let failedAt: number | undefined;
  for (const [recordIndex, record] of records.entries()) {
    try {
      const detail = stateChangeOf(changeOfRecord(record));
      if (detail !== undefined) pending.push({ recordIndex, detail });
    } catch (error) {
      logger.error('Stream record could not be read', {
        sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
        ...errorFields(error),
      });
      failedAt = recordIndex;
      // Records after it are retried with it: reading them now would only publish them twice.
      break;
    }
  }

  let published = pending.length;
  try {
    await publisher.publish(pending.map((entry) => entry.detail));
  } catch (error) {
    published = error instanceof EventPublishError ? error.published : 0;
    const firstUnpublished = pending[published];
    logger.error('State change events not published', {
      published,
      eventId: firstUnpublished?.detail.eventId ?? '',
      ...errorFields(error),
    });
    if (firstUnpublished !== undefined) failedAt = firstUnpublished.recordIndex;
  }
  count(METRICS.stateChangeEvents, published);

  if (failedAt === undefined) return { batchItemFailures: [] };
  count(METRICS.eventPublishFailures);
  // Lambda retries the whole batch on an empty identifier: events repeated, never lost.
  return {
    batchItemFailures: [{ itemIdentifier: records[failedAt]?.dynamodb?.SequenceNumber ?? '' }],
  };
};
