import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../scripts/lib/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/** One real DynamoDB Local for the whole run (never a mock: see the project's standards). */
export default async function setup(project: TestProject) {
  const local = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', local.endpoint);
  return async () => {
    await local.stop();
  };
}
