import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import schema from './table-schema.json' with { type: 'json' };

/**
 * The table's keys, index and stream, defined once: infra/resources.cjs reads the same JSON file
 * for CloudFormation, and the local start script and the tests create their tables from it.
 */
export const PARTITION_KEY = 'reference';

/**
 * A sparse index of the transactions still waiting for Ogone (`created` or `pending`): only they
 * carry `openBucket`, so reconciliation queries them by age instead of scanning the table.
 */
export const OPEN_INDEX = 'open-by-created';
export const OPEN_BUCKET = 'open';

export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  KeySchema: schema.KeySchema as CreateTableCommandInput['KeySchema'],
  AttributeDefinitions:
    schema.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
  BillingMode: 'PAY_PER_REQUEST',
  GlobalSecondaryIndexes:
    schema.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
  // CloudFormation takes only the view type; the CreateTable API also wants the switch.
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
