import { describe, expect, it } from 'vitest';
import { ReplayInputError } from '../../../scripts/lib/replay/errors.js';
import { deadLettersOf } from '../../../scripts/lib/replay/failure-record.js';

const STREAM = 'arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026-12-01T00:00:00.000';

/** A failure record as Lambda sends it for a DynamoDB stream source (no record data in it). */
const failureRecord = (info: Record<string, unknown> = {}) => ({
  requestContext: {
    requestId: 'r-1',
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
    condition: 'RecordAgeExceeded',
    approximateInvokeCount: 11,
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: '' },
  version: '1.0',
  timestamp: '2026-12-01T06:00:00.000Z',
  DDBStreamBatchInfo: {
    shardId: 'shardId-00000001764547200000-aaaa',
    startSequenceNumber: '4200000000000000000001',
    endSequenceNumber: '4200000000000000000009',
    approximateArrivalOfFirstRecord: '2026-12-01T00:00:00Z',
    approximateArrivalOfLastRecord: '2026-12-01T00:00:01Z',
    batchSize: 3,
    streamArn: STREAM,
    ...info,
  },
});

const BATCH = {
  streamArn: STREAM,
  shardId: 'shardId-00000001764547200000-aaaa',
  startSequenceNumber: '4200000000000000000001',
  endSequenceNumber: '4200000000000000000009',
};

describe('reading dead letters', () => {
  it('reads the batch from aws sqs receive-message output, with each receipt handle', () => {
    const output = {
      Messages: [
        { MessageId: 'm-1', ReceiptHandle: 'h-1', Body: JSON.stringify(failureRecord()) },
        {
          MessageId: 'm-2',
          ReceiptHandle: 'h-2',
          Body: JSON.stringify(failureRecord({ endSequenceNumber: '4200000000000000000001' })),
        },
      ],
    };
    expect(deadLettersOf(JSON.stringify(output))).toEqual([
      { batch: BATCH, receiptHandle: 'h-1' },
      {
        batch: { ...BATCH, endSequenceNumber: '4200000000000000000001' },
        receiptHandle: 'h-2',
      },
    ]);
  });

  it('reads one message, or one message body', () => {
    const body = JSON.stringify(failureRecord());
    expect(deadLettersOf(JSON.stringify({ Body: body, ReceiptHandle: 'h' }))).toEqual([
      { batch: BATCH, receiptHandle: 'h' },
    ]);
    expect(deadLettersOf(body)).toEqual([{ batch: BATCH, receiptHandle: undefined }]);
  });

  it.each<[string, string]>([
    ['not JSON', 'shardId=1'],
    ['a message body that is not JSON', JSON.stringify({ Body: 'oops' })],
    ['a message without a body', JSON.stringify({ Messages: [{ ReceiptHandle: 'h' }] })],
    [
      'a Kinesis failure record',
      JSON.stringify({ KinesisBatchInfo: { shardId: 's', startSequenceNumber: '1' } }),
    ],
    ['no shard', JSON.stringify(failureRecord({ shardId: '' }))],
    ['no stream', JSON.stringify(failureRecord({ streamArn: undefined }))],
    [
      'a sequence number that is not one',
      JSON.stringify(failureRecord({ startSequenceNumber: '12; drop' })),
    ],
    [
      'a range that ends before it starts',
      JSON.stringify(failureRecord({ startSequenceNumber: '9', endSequenceNumber: '1' })),
    ],
  ])('refuses %s', (_, input) => {
    expect(() => deadLettersOf(input)).toThrow(ReplayInputError);
  });
});
