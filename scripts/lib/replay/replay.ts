import {
  type _Record,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { publishStreamRecords } from '../../../lib/events/publish-records.js';
import type { EventPublisher } from '../../../lib/events/publisher.js';
import type { StateChangeDetail } from '../../../lib/events/state-change.js';
import { toLambdaRecord } from '../stream-event.js';
import { RecordsTrimmedError, ReplayError, RepublishError } from './errors.js';
import type { StreamBatchInfo } from './failure-record.js';

/**
 * An open shard can answer empty pages before its next record, and never ends: after this many
 * empty pages in a row the range is taken as read to its end.
 */
const EMPTY_PAGES = 5;

const sequenceOf = (record: _Record): bigint => BigInt(record.dynamodb?.SequenceNumber ?? '0');

/** The stream records of the batch, in stream order, read from the shard itself. */
export const readBatch = async (
  client: DynamoDBStreamsClient,
  batch: StreamBatchInfo,
): Promise<_Record[]> => {
  const end = BigInt(batch.endSequenceNumber);
  const records: _Record[] = [];
  try {
    let { ShardIterator: iterator } = await client.send(
      new GetShardIteratorCommand({
        StreamArn: batch.streamArn,
        ShardId: batch.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: batch.startSequenceNumber,
      }),
    );
    for (let empty = 0; iterator !== undefined && empty < EMPTY_PAGES; ) {
      const output = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      const page = output.Records ?? [];
      empty = page.length === 0 ? empty + 1 : 0;
      const inRange = page.filter((record) => sequenceOf(record) <= end);
      records.push(...inRange);
      if (inRange.length < page.length) break;
      // No next iterator: a closed shard, read to its end.
      iterator = output.NextShardIterator;
    }
  } catch (error) {
    if (error instanceof TrimmedDataAccessException) {
      throw new RecordsTrimmedError('The stream no longer holds these records (24 h retention)', {
        cause: error,
        context: { shardId: batch.shardId, startSequenceNumber: batch.startSequenceNumber },
      });
    }
    throw error;
  }
  return records;
};

export interface ReplayResult {
  readonly records: number;
  /** The events published, in order: each repeats one the consumers may have had already. */
  readonly events: readonly StateChangeDetail[];
}

/**
 * Reads the batch a dead letter names and hands its records to the stream function's own code
 * (publishStreamRecords), so a replay publishes exactly the events the function would have: the
 * same eventId and version, so consumers drop what they already have.
 */
export const replayBatch = async (
  client: DynamoDBStreamsClient,
  batch: StreamBatchInfo,
  publisher: EventPublisher,
): Promise<ReplayResult> => {
  const records = await readBatch(client, batch);
  if (records.length === 0) {
    // Never report success for a range that yielded nothing: the message would be deleted.
    throw new ReplayError('The stream holds no record in this range', {
      context: { shardId: batch.shardId, startSequenceNumber: batch.startSequenceNumber },
    });
  }
  const events: StateChangeDetail[] = [];
  const counting: EventPublisher = {
    publish: async (details) => {
      await publisher.publish(details);
      events.push(...details);
    },
  };
  const response = await publishStreamRecords(
    records.map((record) => toLambdaRecord(record, batch.streamArn)),
    counting,
  );
  const failed = response.batchItemFailures[0]?.itemIdentifier;
  if (failed !== undefined) {
    throw new RepublishError('A record of the batch could not be read or published', {
      context: { shardId: batch.shardId, sequenceNumber: failed },
    });
  }
  return { records: records.length, events };
};
