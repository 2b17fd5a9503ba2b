import { readFileSync } from 'node:fs';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { publisherFromEnv } from '../lib/events/publisher.js';
import { type DeadLetter, deadLettersOf } from './lib/replay/failure-record.js';
import { replayBatch } from './lib/replay/replay.js';

/**
 * `npm run replay-events -- messages.json` (or the JSON on stdin): republishes the state change
 * events of each batch the stream function's dead-letter queue names, from the table's stream,
 * with the function's own code. The input is the output of `aws sqs receive-message`, one
 * message, or one message body. AWS_REGION and credentials as for the AWS CLI; EVENT_BUS_NAME as
 * deployed (default: `default`); EVENTS_MODE=log prints the events instead of publishing them.
 * Prints, per message, what it published and the receipt handle to delete once it succeeded.
 * See docs/deploy.md, "Replaying events from the dead-letter queue".
 */
const path = process.argv[2];
let letters: DeadLetter[];
try {
  letters = deadLettersOf(readFileSync(path === undefined || path === '-' ? 0 : path, 'utf8'));
} catch (error) {
  // An unreadable or malformed input: one line saying why, exit 2, nothing read or published.
  const message = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ refused: path ?? 'stdin', message }));
  process.exit(2);
}
const publisher = publisherFromEnv(process.env);
const client = new DynamoDBStreamsClient({});
let failures = 0;
for (const { batch, receiptHandle } of letters) {
  const where = `${batch.shardId} ${batch.startSequenceNumber}..${batch.endSequenceNumber}`;
  try {
    const result = await replayBatch(client, batch, publisher);
    console.log(
      JSON.stringify({
        replayed: where,
        records: result.records,
        events: result.events.map((event) => event.eventId),
        ...(receiptHandle === undefined ? {} : { deleteWithReceiptHandle: receiptHandle }),
      }),
    );
  } catch (error) {
    failures += 1;
    const name = error instanceof Error ? error.name : 'UnknownError';
    const message = error instanceof Error ? error.message : '';
    console.error(JSON.stringify({ failed: where, error: name, message }));
  }
}
client.destroy();
process.exitCode = failures === 0 ? 0 : 1;
