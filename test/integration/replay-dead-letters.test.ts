import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
} from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../handlers/publish-events.js';
import { EventBridgePublisher } from '../../lib/events/publisher.js';
import type { StateChangeDetail } from '../../lib/events/state-change.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/lib/dynamodb-local.js';
import { RepublishError } from '../../scripts/lib/replay/errors.js';
import { deadLettersOf, type StreamBatchInfo } from '../../scripts/lib/replay/failure-record.js';
import { replayBatch } from '../../scripts/lib/replay/replay.js';
import { toStreamEvent } from '../../scripts/lib/stream-event.js';
import { lambdaContext } from '../support/api-events.js';
import { mockEventBridge } from '../support/event-bridge-mock.js';
import {
  createStreamTable,
  readWholeStream,
  referenceOf,
  sequenceOf,
} from '../support/local-stream.js';
import type { LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

/**
 * The dead-letter replay against DynamoDB Local's real stream: the failure record names a range
 * of it, as Lambda's does, and only EventBridge, which has no local emulator, is replaced.
 */
let table: LocalTable;
let streams: DynamoDBStreamsClient;
let streamArn: string;

beforeAll(async () => {
  ({ table, streams, streamArn } = await createStreamTable('replay'));
});
afterAll(() => {
  streams.destroy();
  table.client.destroy();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The shard that holds a sequence number, from the stream's own description. */
const shardOf = async (sequence: string): Promise<string> => {
  const { StreamDescription } = await streams.send(
    new DescribeStreamCommand({ StreamArn: streamArn }),
  );
  const shard = StreamDescription?.Shards?.find(({ SequenceNumberRange: range }) => {
    const from = BigInt(range?.StartingSequenceNumber ?? '0');
    const to = range?.EndingSequenceNumber;
    return BigInt(sequence) >= from && (to === undefined || BigInt(sequence) <= BigInt(to));
  });
  if (shard?.ShardId === undefined) throw new Error(`no shard holds ${sequence}`);
  return shard.ShardId;
};

/** What Lambda sends the dead-letter queue for these records, as `aws sqs receive-message` shows it. */
const deadLetterFor = async (first: _Record, last: _Record): Promise<string> => {
  const body = {
    requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
    version: '1.0',
    timestamp: '2026-12-01T06:00:00.000Z',
    DDBStreamBatchInfo: {
      shardId: await shardOf(sequenceOf(first)),
      startSequenceNumber: sequenceOf(first),
      endSequenceNumber: sequenceOf(last),
      batchSize: 2,
      streamArn,
    },
  };
  return JSON.stringify({
    Messages: [{ MessageId: 'm-1', ReceiptHandle: 'receipt-1', Body: JSON.stringify(body) }],
  });
};

const deliver = (reference: string, status: string) =>
  processNotification(table.repository, notificationFor(reference, status), feedbackContext());

/** A paid payment between two other transactions' changes; returns its stream records. */
const paidBetweenOthers = async () => {
  const before = uniqueReference('bef');
  await deliver(before, '51');
  const reference = uniqueReference('rpl');
  await registerPayment(table.repository, reference);
  await deliver(reference, '51');
  await deliver(reference, '9');
  const after = uniqueReference('aft');
  await deliver(after, '51');
  const all = await readWholeStream(streams, streamArn);
  const own = all.filter((record) => referenceOf(record) === reference);
  expect(own.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'MODIFY']);
  return { reference, own };
};

const batchOf = (input: string): StreamBatchInfo => {
  const [letter] = deadLettersOf(input);
  if (letter === undefined) throw new Error('no dead letter');
  return letter.batch;
};

const publisher = () => new EventBridgePublisher(new EventBridgeClient({}), 'merchant-bus');

describe('replaying a dead letter from the stream', () => {
  it('publishes exactly the events of the range, as the stream function first published them', async () => {
    const { reference, own } = await paidBetweenOthers();
    const firstTime = mockEventBridge();
    await handler(toStreamEvent(own, streamArn), lambdaContext());
    const original = firstTime.details();
    vi.restoreAllMocks();

    const replayed = mockEventBridge();
    const batch = batchOf(await deadLetterFor(own[1] as _Record, own[2] as _Record));
    const result = await replayBatch(streams, batch, publisher());

    expect(result.records).toBe(2);
    expect(replayed.details()).toEqual(original);
    expect(
      replayed.details().map(({ reference: r, state, version }) => [r, state, version]),
    ).toEqual([
      [reference, 'pending', 2],
      [reference, 'paid', 3],
    ]);
    expect(result.events.map((event) => event.eventId)).toEqual(
      original.map((event) => event.eventId),
    );
  });

  it('fails when EventBridge refuses again, so the message is kept for another try', async () => {
    const { own } = await paidBetweenOthers();
    const published = mockEventBridge((entries) => ({
      FailedEntryCount: entries.length,
      Entries: entries.map(() => ({ ErrorCode: 'InternalFailure' })),
    }));
    const batch = batchOf(await deadLetterFor(own[1] as _Record, own[2] as _Record));
    await expect(replayBatch(streams, batch, publisher())).rejects.toThrow(RepublishError);
    expect(published.details().map((event) => event.state)).toEqual(['pending', 'paid']);
  });
});

describe('npm run replay-events', () => {
  it('replays a saved receive-message output and names the receipt handle to delete', async () => {
    const { reference, own } = await paidBetweenOthers();
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const file = join(dir, 'messages.json');
    writeFileSync(file, await deadLetterFor(own[2] as _Record, own[2] as _Record));
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'replay-events', '--', file],
      {
        env: {
          ...process.env,
          // The CLI's SDK client, pointed at DynamoDB Local; EVENTS_MODE=log prints the events.
          AWS_ENDPOINT_URL_DYNAMODB_STREAMS: table.endpoint,
          AWS_REGION: LOCAL_REGION,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          EVENTS_MODE: 'log',
        },
      },
    );
    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = lines.filter((line) => line.message === 'Transaction State Changed');
    expect(events.map((line) => (line.detail as StateChangeDetail).state)).toEqual(['paid']);
    expect(events.map((line) => (line.detail as StateChangeDetail).reference)).toEqual([reference]);
    expect(lines.at(-1)).toMatchObject({ records: 1, deleteWithReceiptHandle: 'receipt-1' });
  }, 60_000);
});
