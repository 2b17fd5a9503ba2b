import { setTimeout as sleep } from 'node:timers/promises';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type Shard,
  type ShardIteratorType,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { handler as publishEvents } from '../../handlers/publish-events.js';
import { logger } from '../../lib/observability/logger.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local.js';
import { latestStreamArn, localContext, toStreamEvent } from './stream-event.js';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  /** Where the shards present at start begin; shards opened later are always read whole. */
  readonly from?: 'LATEST' | 'TRIM_HORIZON';
  readonly intervalMs?: number;
  /** Defaults to handlers/publish-events.ts, with EVENTS_MODE=log. */
  readonly handler?: StreamHandler;
}

export interface StreamPoller {
  readonly streamArn: string;
  stop(): Promise<void>;
}

interface ShardState {
  readonly id: string;
  readonly parentId: string | undefined;
  start: ShardIteratorType;
  iterator: string | undefined;
  lastSequence: string | undefined;
  done: boolean;
}

/** Lambda retries a failing record, then gives up on it (to the dead-letter queue in AWS). */
const MAX_ATTEMPTS = 3;

/**
 * What Lambda's event source mapping does in AWS, for `npm start`: reads DynamoDB Local's stream
 * of the table and hands each batch, in order, to the same stream handler that deploys. A child
 * shard waits until its parent is read to the end, so one reference's changes stay in order.
 */
export const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  if (options.handler === undefined) {
    // There is no EventBridge on this machine: the handler logs each event instead.
    process.env.EVENTS_MODE = 'log';
  }
  const handle = options.handler ?? publishEvents;
  const intervalMs = options.intervalMs ?? 250;
  const streamArn = await latestStreamArn(options.endpoint, options.tableName);
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const abort = new AbortController();
  const signal = { abortSignal: abort.signal };
  const shards = new Map<string, ShardState>();

  const listShards = async (): Promise<Shard[]> => {
    const found: Shard[] = [];
    let after: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: after }),
        signal,
      );
      found.push(...(StreamDescription?.Shards ?? []));
      after = StreamDescription?.LastEvaluatedShardId;
    } while (after !== undefined);
    return found;
  };

  const discover = async (start: ShardIteratorType): Promise<void> => {
    for (const shard of await listShards()) {
      const id = shard.ShardId;
      if (id === undefined || shards.has(id)) continue;
      const state: ShardState = {
        id,
        parentId: shard.ParentShardId,
        start,
        iterator: undefined,
        lastSequence: undefined,
        done: false,
      };
      shards.set(id, state);
      // Taken now, so that LATEST means "from the moment the poller started".
      state.iterator = await iteratorFor(state);
    }
  };

  const iteratorFor = async (shard: ShardState): Promise<string | undefined> => {
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.id,
        ...(shard.lastSequence === undefined
          ? { ShardIteratorType: shard.start }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.lastSequence }),
      }),
      signal,
    );
    return ShardIterator;
  };

  const deliver = async (records: _Record[]): Promise<void> => {
    let remaining = records;
    for (let attempt = 1; remaining.length > 0; attempt++) {
      const response = await handle(toStreamEvent(remaining, streamArn), localContext()).catch(
        (error: unknown) => {
          // As in Lambda, a handler that throws fails the whole batch.
          logger.error('Stream handler threw', { error: error instanceof Error ? error.name : '' });
          return { batchItemFailures: [{ itemIdentifier: '' }] };
        },
      );
      const failed = response?.batchItemFailures[0]?.itemIdentifier;
      if (failed === undefined) return;
      const from = remaining.findIndex((record) => record.dynamodb?.SequenceNumber === failed);
      remaining = remaining.slice(Math.max(from, 0));
      if (attempt >= MAX_ATTEMPTS) {
        logger.error('Stream records skipped after retries (the dead-letter queue in AWS)', {
          firstSequenceNumber: remaining[0]?.dynamodb?.SequenceNumber ?? '',
          records: remaining.length,
        });
        return;
      }
    }
  };

  const readShard = async (shard: ShardState): Promise<void> => {
    shard.iterator ??= await iteratorFor(shard);
    if (shard.iterator === undefined) {
      shard.done = true;
      return;
    }
    try {
      const output = await client.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 100 }),
        signal,
      );
      const records = output.Records ?? [];
      if (records.length > 0) {
        await deliver(records);
        shard.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? shard.lastSequence;
      }
      shard.iterator = output.NextShardIterator;
      // No next iterator: the shard is closed and read to its end.
      if (shard.iterator === undefined) shard.done = true;
    } catch (error) {
      if (error instanceof ExpiredIteratorException) shard.iterator = undefined;
      else if (error instanceof TrimmedDataAccessException) {
        // What we were after is gone (24 h retention): resume from the oldest record kept.
        shard.iterator = undefined;
        shard.lastSequence = undefined;
        shard.start = 'TRIM_HORIZON';
      } else if (error instanceof ResourceNotFoundException) shard.done = true;
      else throw error;
    }
  };

  const parentPending = (shard: ShardState): boolean => {
    const parent = shard.parentId === undefined ? undefined : shards.get(shard.parentId);
    return parent !== undefined && !parent.done;
  };

  await discover(options.from ?? 'TRIM_HORIZON');
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      try {
        // Shards rotate: a new one is always read from its beginning.
        await discover('TRIM_HORIZON');
        for (const shard of shards.values()) {
          if (stopping) break;
          if (!shard.done && !parentPending(shard)) await readShard(shard);
        }
      } catch (error) {
        if (!stopping) {
          logger.warn('Stream poll failed; retrying', {
            error: error instanceof Error ? error.name : 'UnknownError',
            message: error instanceof Error ? error.message : '',
          });
        }
      }
      await sleep(intervalMs, undefined, { signal: abort.signal }).catch(() => undefined);
    }
  })();

  return {
    streamArn,
    stop: async () => {
      stopping = true;
      abort.abort();
      await loop;
      client.destroy();
    },
  };
};
