import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { NOTIFICATION_SOURCES } from '../../lib/transactions/transaction.js';
import { BENCH_PASSPHRASE, registerManyReferences, signedFeedback } from './fixtures.js';

const READS = /^(GetItem|BatchGetItem|Query|Scan)Command$/;
const WRITES = /^(UpdateItem|PutItem|DeleteItem|BatchWriteItem|TransactWriteItems)Command$/;

/** Reads and writes per notification on each path: { applied: { reads, writes }, … }. */
export type CallCounts = Record<string, { reads: number; writes: number }>;

/**
 * DynamoDB commands per notification through the real repository and processNotification, from
 * signed forms: applied, its duplicate, a pending after paid (stale) and an unregistered
 * reference. Registrations go through `setup`, which is not counted.
 */
export const countCalls = async (
  setup: DynamoDBClient,
  counted: DynamoDBClient,
  tableName: string,
  repetitions: number,
): Promise<CallCounts> => {
  const commands: string[] = [];
  counted.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'benchCommandCounter' },
  );
  const repository = new DynamoDbTransactionRepository(counted, tableName);
  const runId = Date.now().toString(36);
  const references = Array.from({ length: repetitions }, (_, i) => `COUNT-${runId}-${i}`);
  await registerManyReferences(
    setup,
    new DynamoDbTransactionRepository(setup, tableName),
    tableName,
    references,
  );
  const tallies: Record<string, string[]> = {
    applied: [],
    duplicate: [],
    stale: [],
    unmatched: [],
  };
  const deliver = async (path: string, reference: string, status: string) => {
    commands.length = 0;
    const notification = readVerifiedNotification(
      { query: Buffer.alloc(0), body: Buffer.from(signedFeedback(reference, status)) },
      { passphrases: [BENCH_PASSPHRASE], algorithm: 'sha512' },
    );
    await processNotification(repository, notification, {
      nowIso: new Date().toISOString(),
      source: NOTIFICATION_SOURCES.feedback,
    });
    tallies[path]?.push(...commands);
  };
  for (const [i, reference] of references.entries()) {
    await deliver('applied', reference, '9');
    await deliver('duplicate', reference, '9');
    await deliver('stale', reference, '51');
    await deliver('unmatched', `UNREG-${runId}-${i}`, '9');
  }
  return Object.fromEntries(
    Object.entries(tallies).map(([path, list]) => [
      path,
      {
        reads: list.filter((name) => READS.test(name)).length / repetitions,
        writes: list.filter((name) => WRITES.test(name)).length / repetitions,
      },
    ]),
  );
};
