import { UpdateItemCommand, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../../lib/dynamodb/client.js';

/**
 * The floor: the least a function that records a notification must do. One DynamoDB client with
 * the service's own settings (lib/dynamodb/client.ts imports nothing but DynamoDBClient) and one
 * UpdateItem that leaves an item as large as the one the feedback handler leaves, returning it
 * (ALL_NEW) as the handler's write does. No middleware, logging, metrics, parsing or signature.
 */
const client = createDynamoDbClient();
const table = process.env.TRANSACTIONS_TABLE ?? '';
const payload = 'x'.repeat(Number(process.env.BENCH_FLOOR_PAYLOAD_BYTES ?? '0'));

export const handler = async (event: { reference: string }) => {
  const output = await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { reference: { S: event.reference } },
      UpdateExpression: 'SET #payload = :payload, #updatedAt = :updatedAt',
      ExpressionAttributeNames: { '#payload': 'payload', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: {
        ':payload': { S: payload },
        ':updatedAt': { S: new Date().toISOString() },
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return { statusCode: 200, body: output.Attributes === undefined ? 'MISSING' : 'OK' };
};

/**
 * The baseline: the handler's own UpdateItem (the exact conditional request it would send), sent
 * bare with the same client. Handler over replay is the cost of everything but that one write.
 */
export const replay = async (input: UpdateItemCommandInput) => {
  const output = await client.send(new UpdateItemCommand(input));
  const expected = input.ReturnValues === 'NONE' || output.Attributes !== undefined;
  return { statusCode: 200, body: expected ? 'OK' : 'MISSING' };
};
