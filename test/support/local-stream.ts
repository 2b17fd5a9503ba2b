import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/lib/dynamodb-local.js';
import { latestStreamArn } from '../../scripts/lib/stream-event.js';
import { createLocalTable, type LocalTable } from './local-table.js';

export const streamsClient = (endpoint: string): DynamoDBStreamsClient =>
  new DynamoDBStreamsClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

/**
 * Every record DynamoDB Local's stream holds so far, read from each shard's beginning, parents
 * before children, keeping the stream's order within a shard.
 */
export const readWholeStream = async (
  client: DynamoDBStreamsClient,
  streamArn: string,
): Promise<_Record[]> => {
  const { StreamDescription } = await client.send(
    new DescribeStreamCommand({ StreamArn: streamArn }),
  );
  const records: _Record[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator: iterator } = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (iterator !== undefined) {
      const output = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      const batch = output.Records ?? [];
      records.push(...batch);
      // An open shard never ends: stop at the first empty read, which is "caught up" locally.
      iterator = batch.length === 0 ? undefined : output.NextShardIterator;
    }
  }
  return records;
};

export const referenceOf = (record: _Record): string | undefined => {
  const key = record.dynamodb?.Keys?.reference;
  return key !== undefined && 'S' in key ? key.S : undefined;
};

export const sequenceOf = (record: _Record | undefined): string =>
  record?.dynamodb?.SequenceNumber ?? '';

/**
 * A fresh table, its stream, and the stream function's environment (handlers/publish-events.ts
 * publishing to `merchant-bus` through EventBridge, which the tests mock).
 */
export const createStreamTable = async (
  prefix: string,
): Promise<{ table: LocalTable; streams: DynamoDBStreamsClient; streamArn: string }> => {
  const table = await createLocalTable(prefix);
  const streams = streamsClient(table.endpoint);
  const streamArn = await latestStreamArn(table.endpoint, table.tableName);
  Object.assign(process.env, { AWS_REGION: LOCAL_REGION, EVENT_BUS_NAME: 'merchant-bus' });
  delete process.env.EVENTS_MODE;
  return { table, streams, streamArn };
};
