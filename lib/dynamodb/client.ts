import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Ogone's online request gives up after about 5 s (docs/protocol.md §2) and retries, so a slow
 * DynamoDB call must fail well inside that budget with a 503 rather than outlive it: two attempts
 * of at most 1.5 s each, plus a short connection timeout. The endpoint comes from the standard
 * AWS_ENDPOINT_URL_DYNAMODB variable locally and in tests.
 */
export const createDynamoDbClient = (): DynamoDBClient =>
  new DynamoDBClient({
    maxAttempts: 2,
    // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes,
    // and the call waits on: the budget would be a comment, not a limit.
    requestHandler: { connectionTimeout: 500, requestTimeout: 1500, throwOnRequestTimeout: true },
  });
