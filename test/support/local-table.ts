import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import type { Transaction } from '../../lib/transactions/transaction.js';
import { createTable, localClient } from '../../scripts/lib/dynamodb-local.js';

export interface LocalTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly repository: DynamoDbTransactionRepository;
}

/** The tables this test file created, dropped when it ends (drop-tables.ts). */
const created = new Set<string>();

/**
 * Drops every table this file created. The run shares one DynamoDB Local, which slows down as
 * tables and items pile up: the volume simulation took 45 s alone and 486 s at the end of a CI run,
 * with nothing else running.
 */
export const dropCreatedTables = async (): Promise<void> => {
  if (created.size === 0) return;
  const client = localClient(inject('dynamoDbEndpoint'));
  try {
    for (const tableName of created) {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
    }
    created.clear();
  } finally {
    client.destroy();
  }
};

/** A fresh table in the run's DynamoDB Local, so test files never see each other's items. */
export const createLocalTable = async (prefix = 'test'): Promise<LocalTable> => {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `${prefix}-${randomUUID()}`;
  await createTable(endpoint, tableName);
  created.add(tableName);
  const client = localClient(endpoint);
  return {
    endpoint,
    tableName,
    client,
    repository: new DynamoDbTransactionRepository(client, tableName),
  };
};

/** The stored transaction, which the test has just written: its absence fails the test. */
export const storedTransaction = async (
  repository: TransactionRepository,
  reference: string,
): Promise<Transaction> => {
  const transaction = await repository.get(reference);
  if (transaction === undefined) throw new Error(`${reference} is not stored`);
  return transaction;
};

/** The item as stored, attribute values and all (consistent read); undefined when absent. */
export const storedItem = async (
  table: Pick<LocalTable, 'client' | 'tableName'>,
  reference: string,
): Promise<Record<string, AttributeValue> | undefined> =>
  (
    await table.client.send(
      new GetItemCommand({
        TableName: table.tableName,
        Key: { reference: { S: reference } },
        ConsistentRead: true,
      }),
    )
  ).Item;

/** Grows the stored item by a `padding` attribute of `bytes` characters, towards the 400 KB limit. */
export const padItem = (
  table: Pick<LocalTable, 'client' | 'tableName'>,
  reference: string,
  bytes: number,
) =>
  table.client.send(
    new UpdateItemCommand({
      TableName: table.tableName,
      Key: { reference: { S: reference } },
      UpdateExpression: 'SET #padding = :padding',
      ExpressionAttributeNames: { '#padding': 'padding' },
      ExpressionAttributeValues: { ':padding': { S: 'x'.repeat(bytes) } },
    }),
  );
