import { createLocalTable } from '../support/local-table.js';
import { describeRepositoryContract } from './repository-contract.js';

describeRepositoryContract('DynamoDB (DynamoDB Local)', async () => {
  const table = await createLocalTable('contract');
  return { repository: table.repository, dispose: () => table.client.destroy() };
});
