import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATTR } from '../../lib/dynamodb/item-codec.js';
import { registrationItem } from '../../lib/dynamodb/registration-item.js';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { localClient } from '../../scripts/lib/dynamodb-local.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';

/**
 * The first run after the due index arrives may find thousands of open transactions without a
 * check time. Scheduling them one request after another would spend most of the run (or all of
 * the function's time) before the first query: a few at once, never more than a small bound.
 */
const COUNT = 40;
const NOW = Date.parse('2026-03-02T12:00:00.000Z');
let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('reconcile-migration');
  for (let i = 0; i < COUNT; i++) {
    const { [ATTR.nextCheckAt]: _none, ...legacy } = registrationItem({
      ...validateRegistration({ reference: `LEGACY-${i}`, amount: '15.10', currency: 'EUR' }),
      nowIso: new Date(NOW - (i + 1) * 60_000).toISOString(),
    });
    await table.client.send(new PutItemCommand({ TableName: table.tableName, Item: legacy }));
  }
});

describe('scheduling open transactions stored before the due index', () => {
  it('writes a few check times at once, at most 8, and schedules every one', async () => {
    const client = localClient(table.endpoint);
    let inFlight = 0;
    let most = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'UpdateItemCommand') return next(args);
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          return await next(args);
        } finally {
          inFlight -= 1;
        }
      },
      { step: 'initialize' },
    );
    const repository = new DynamoDbTransactionRepository(client, table.tableName);

    expect(await repository.scheduleUnscheduled()).toBe(COUNT);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    const due = await repository.findDue(new Date(NOW).toISOString(), 100);
    expect(due.entries).toHaveLength(COUNT);
    // The oldest first, as registration time became the check time.
    expect(due.entries[0]?.reference).toBe(`LEGACY-${COUNT - 1}`);
    expect(await repository.scheduleUnscheduled()).toBe(0);
    client.destroy();
  });
});
