import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

/** BatchWriteItem's own limit. */
const BATCH = 25;
const MAX_ATTEMPTS = 10;

/**
 * Puts many items into DynamoDB Local quickly, for seeding (the bench, backlog tests): 25 per
 * BatchWriteItem, a few batches at once, each resent until no item is left unprocessed.
 */
export const putItems = async (
  client: DynamoDBClient,
  tableName: string,
  items: readonly Record<string, AttributeValue>[],
  concurrency = 4,
): Promise<void> => {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    chunks.push(items.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } })));
  }
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending = chunks[next++] as WriteRequest[];
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS)
          throw new Error('BatchWriteItem kept leaving items unprocessed');
        const output = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = output.UnprocessedItems?.[tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};
