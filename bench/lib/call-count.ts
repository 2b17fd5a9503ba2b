import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import {
  type ProcessResult,
  processNotification,
} from '../../lib/transactions/process-notification.js';
import { NOTIFICATION_SOURCES } from '../../lib/transactions/transaction.js';
import { localClient } from '../../scripts/lib/dynamodb-local.js';
import { itemBytes, registerReferences, signedFeedback } from './fixtures.js';

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand']);
const WRITES = new Set([
  'UpdateItemCommand',
  'PutItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

export const PATHS = ['applied', 'duplicate', 'stale', 'unmatched'] as const;
export type PathName = (typeof PATHS)[number];

export interface PathCount {
  readonly notifications: number;
  readonly readsPerNotification: number;
  readonly writesPerNotification: number;
  /** HTTP attempts, retries included: more than calls would mean hidden retries. */
  readonly attemptsPerNotification: number;
  readonly commands: Record<string, number>;
  readonly outcomes: Record<string, number>;
}

export interface CallCountResult {
  readonly paths: Record<PathName, PathCount>;
  /** Size of the item one applied notification leaves (registered, then paid). */
  readonly appliedItemBytes: number;
}

/** The item itself (what ALL_NEW returns for an applied notification), for the stage costs. */
export interface CallCountRun {
  readonly result: CallCountResult;
  readonly appliedItem: Record<string, AttributeValue>;
}

/** Counts each command a client sends (initialize: once per send) and each HTTP attempt. */
const instrument = (client: DynamoDBClient) => {
  const commands: string[] = [];
  let attempts = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'benchCommandCounter' },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      attempts += 1;
      return next(args);
    },
    { step: 'deserialize', name: 'benchAttemptCounter' },
  );
  return {
    take: () => {
      const taken = { commands: [...commands], attempts };
      commands.length = 0;
      attempts = 0;
      return taken;
    },
  };
};

/**
 * DynamoDB calls per notification on each path, through the real repository and the real
 * processNotification, with notifications parsed and verified from signed forms. Setup writes
 * (registrations, the paid notification before a stale one) go through an uncounted client.
 */
export const countCalls = async (
  endpoint: string,
  tableName: string,
  passphrase: string,
  repetitions: number,
): Promise<CallCountRun> => {
  const setupClient = localClient(endpoint);
  const counted = localClient(endpoint);
  const counter = instrument(counted);
  const setup = new DynamoDbTransactionRepository(setupClient, tableName);
  const repository = new DynamoDbTransactionRepository(counted, tableName);
  const keys = { passphrases: [passphrase], algorithm: 'sha512' as const };
  const verified = (reference: string, status: string) =>
    readVerifiedNotification(
      { query: Buffer.alloc(0), body: Buffer.from(signedFeedback(reference, status, passphrase)) },
      keys,
    );
  const deliver = (target: typeof repository, reference: string, status: string) =>
    processNotification(target, verified(reference, status), {
      nowIso: new Date().toISOString(),
      source: NOTIFICATION_SOURCES.feedback,
    });

  const tallies = Object.fromEntries(
    PATHS.map((path) => [path, { n: 0, attempts: 0, commands: {}, outcomes: {} }]),
  ) as Record<
    PathName,
    {
      n: number;
      attempts: number;
      commands: Record<string, number>;
      outcomes: Record<string, number>;
    }
  >;
  const record = (path: PathName, result: ProcessResult) => {
    const { commands, attempts } = counter.take();
    const tally = tallies[path];
    tally.n += 1;
    tally.attempts += attempts;
    for (const command of commands) tally.commands[command] = (tally.commands[command] ?? 0) + 1;
    const outcome = result.createdUnmatched ? `${result.outcome}+unmatched` : result.outcome;
    tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;
  };

  const runId = Date.now().toString(36);
  const registered = Array.from({ length: repetitions }, (_, i) => `COUNT-${runId}-${i}`);
  await registerReferences(setup, registered);
  let appliedItem: Record<string, AttributeValue> = {};
  try {
    for (const [i, reference] of registered.entries()) {
      counter.take();
      record('applied', await deliver(repository, reference, '9'));
      if (i === 0) {
        const stored = await setupClient.send(
          new GetItemCommand({
            TableName: tableName,
            Key: { reference: { S: reference } },
            ConsistentRead: true,
          }),
        );
        appliedItem = stored.Item ?? {};
      }
      // The same signed parameters again: Ogone's deferred retry, or the browser redirect.
      record('duplicate', await deliver(repository, reference, '9'));
      // A pending (51) that arrives after paid: recorded, state unchanged.
      record('stale', await deliver(repository, reference, '51'));
      record('unmatched', await deliver(repository, `UNREG-${runId}-${i}`, '9'));
    }
  } finally {
    setupClient.destroy();
    counted.destroy();
  }

  const paths = Object.fromEntries(
    PATHS.map((path) => {
      const tally = tallies[path];
      const total = (names: Set<string>) =>
        Object.entries(tally.commands)
          .filter(([name]) => names.has(name))
          .reduce((sum, [, count]) => sum + count, 0);
      return [
        path,
        {
          notifications: tally.n,
          readsPerNotification: total(READS) / tally.n,
          writesPerNotification: total(WRITES) / tally.n,
          attemptsPerNotification: tally.attempts / tally.n,
          commands: tally.commands,
          outcomes: tally.outcomes,
        },
      ];
    }),
  ) as Record<PathName, PathCount>;
  return { result: { paths, appliedItemBytes: itemBytes(appliedItem) }, appliedItem };
};
