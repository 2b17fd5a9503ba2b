import { ReplayInputError } from './errors.js';

/**
 * What Lambda sends the on-failure destination for a DynamoDB stream source: where the failed
 * batch lies in the stream (shard and sequence number range), not the records themselves.
 */
export interface StreamBatchInfo {
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
}

/** One dead-letter message: the batch it names and, when read from SQS, how to delete it. */
export interface DeadLetter {
  readonly batch: StreamBatchInfo;
  readonly receiptHandle: string | undefined;
}

const SEQUENCE = /^\d{1,40}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (info: Record<string, unknown>, field: string, pattern?: RegExp): string => {
  const value = info[field];
  if (
    typeof value !== 'string' ||
    value === '' ||
    (pattern !== undefined && !pattern.test(value))
  ) {
    throw new ReplayInputError(`DDBStreamBatchInfo.${field} is missing or malformed`, {
      context: { field },
    });
  }
  return value;
};

const batchOf = (record: unknown): StreamBatchInfo => {
  const info = isObject(record) ? record.DDBStreamBatchInfo : undefined;
  if (!isObject(info)) {
    // A Kinesis or SQS source's record names other fields; guessing would replay the wrong thing.
    throw new ReplayInputError('Not a DynamoDB stream failure record (no DDBStreamBatchInfo)');
  }
  const start = text(info, 'startSequenceNumber', SEQUENCE);
  const end = text(info, 'endSequenceNumber', SEQUENCE);
  if (BigInt(start) > BigInt(end)) {
    throw new ReplayInputError('DDBStreamBatchInfo starts after it ends', {
      context: { startSequenceNumber: start, endSequenceNumber: end },
    });
  }
  return {
    streamArn: text(info, 'streamArn'),
    shardId: text(info, 'shardId'),
    startSequenceNumber: start,
    endSequenceNumber: end,
  };
};

const parse = (json: string, what: string): unknown => {
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new ReplayInputError(`${what} is not JSON`, { cause: error });
  }
};

const fromSqsMessage = (message: Record<string, unknown>): DeadLetter => {
  if (typeof message.Body !== 'string') throw new ReplayInputError('An SQS message without a Body');
  return {
    batch: batchOf(parse(message.Body, 'The message body')),
    receiptHandle: typeof message.ReceiptHandle === 'string' ? message.ReceiptHandle : undefined,
  };
};

/**
 * The dead letters in what an operator saved: the output of `aws sqs receive-message`
 * (`{"Messages": [...]}`), one SQS message (`{"Body": "...", "ReceiptHandle": ...}`), or the
 * failure record itself (a message body, as the console shows it).
 */
export const deadLettersOf = (input: string): DeadLetter[] => {
  const value = parse(input, 'The input');
  if (isObject(value) && Array.isArray(value.Messages)) {
    return value.Messages.map((message) => {
      if (!isObject(message)) throw new ReplayInputError('A message that is not an object');
      return fromSqsMessage(message);
    });
  }
  if (isObject(value) && 'Body' in value) return [fromSqsMessage(value)];
  return [{ batch: batchOf(value), receiptHandle: undefined }];
};
