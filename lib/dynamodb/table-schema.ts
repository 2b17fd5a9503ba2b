import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import schema from './table-schema.json' with { type: 'json' };

/**
 * The table's keys, defined once: serverless.yml reads the same JSON file for CloudFormation, and
 * the local start script and the tests create their tables from it.
 */
export const TABLE_SCHEMA = schema as Pick<
  CreateTableCommandInput,
  'KeySchema' | 'AttributeDefinitions' | 'BillingMode'
>;

export const PARTITION_KEY = 'reference';

export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  ...TABLE_SCHEMA,
});
