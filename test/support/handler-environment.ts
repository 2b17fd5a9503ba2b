import { resetService } from '../../lib/service.js';
import type { LocalTable } from './local-table.js';

/**
 * Points the handlers, invoked in this process, at a DynamoDB Local table with a test
 * configuration, and makes the next invocation build its service again (a new cold start).
 */
export const useHandlerEnvironment = (
  table: Pick<LocalTable, 'endpoint' | 'tableName'>,
  settings: Record<string, string>,
): void => {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    OGONE_PSPID: 'pspid',
    RESULT_URL: 'https://shop.example/result',
    RESULT_SIGNING_SECRET: 'handler-test-result-signing-secret-0123456789',
    TRANSACTIONS_TABLE: table.tableName,
    ...settings,
  });
  resetService();
};
