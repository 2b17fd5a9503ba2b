import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import schema from './table-schema.json' with { type: 'json' };

/**
 * The table's keys, index and stream, defined once: infra/resources.cjs reads the same JSON file
 * for CloudFormation, and the local start script and the tests create their tables from it.
 */
export const PARTITION_KEY = 'reference';

/**
 * A sparse index of the transactions still waiting for Ogone (`created` or `pending`), keyed on
 * when each is next due: only open ones carry `openBucket`, and every one carries `nextCheckAt`
 * from its registration on, so reconciliation reads only what is due, most overdue first, and
 * never pages past entries it would skip (docs/deploy.md, "Reconciliation index").
 */
export const DUE_INDEX = 'open-by-next-check';
export const OPEN_BUCKET = 'open';

/**
 * The index by registration time that DUE_INDEX replaces. CloudFormation adds or deletes one
 * index per table update, so it stays for one release: reconciliation reads it only to give a
 * check time to open transactions registered before `nextCheckAt` was written at registration.
 */
export const LEGACY_OPEN_INDEX = 'open-by-created';

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
