import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { _Record, AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type {
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  AttributeValue as LambdaValue,
} from 'aws-lambda';
import { localClient } from './dynamodb-local.js';

/**
 * DynamoDB Streams records as the SDK returns them, in the shape Lambda's event source mapping
 * delivers them (JSON wire format: binary as base64, creation time in epoch seconds), so the
 * local poller and the tests hand the stream handler exactly what AWS would.
 */
const toLambdaValue = (value: AttributeValue): LambdaValue => {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.M !== undefined) return { M: toLambdaMap(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  return { NULL: true };
};

const toLambdaMap = (image: Record<string, AttributeValue>): Record<string, LambdaValue> =>
  Object.fromEntries(Object.entries(image).map(([key, value]) => [key, toLambdaValue(value)]));

const toLambdaImage = (image: Record<string, AttributeValue> | undefined) =>
  image === undefined ? undefined : toLambdaMap(image);

export const toLambdaRecord = (record: _Record, streamArn: string): DynamoDBRecord => {
  const stream = record.dynamodb;
  const created = stream?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime:
        created === undefined ? undefined : Math.floor(created.getTime() / 1000),
      Keys: toLambdaImage(stream?.Keys),
      NewImage: toLambdaImage(stream?.NewImage),
      OldImage: toLambdaImage(stream?.OldImage),
      SequenceNumber: stream?.SequenceNumber,
      SizeBytes: stream?.SizeBytes,
      StreamViewType: stream?.StreamViewType,
    },
  };
};

export const toStreamEvent = (
  records: readonly _Record[],
  streamArn: string,
): DynamoDBStreamEvent => ({
  Records: records.map((record) => toLambdaRecord(record, streamArn)),
});

/** The context Lambda would pass the stream function, for in-process calls. */
export const localContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'ogone-feedback-local-publishEvents',
  functionVersion: '$LATEST',
  invokedFunctionArn:
    'arn:aws:lambda:eu-west-1:000000000000:function:ogone-feedback-local-publishEvents',
  memoryLimitInMB: '512',
  awsRequestId: `local-${Date.now()}`,
  logGroupName: '/aws/lambda/ogone-feedback-local-publishEvents',
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export const latestStreamArn = async (endpoint: string, tableName: string): Promise<string> => {
  const client = localClient(endpoint);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.LatestStreamArn === undefined) throw new Error(`${tableName} has no stream`);
    return Table.LatestStreamArn;
  } finally {
    client.destroy();
  }
};
