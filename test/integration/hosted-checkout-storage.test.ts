import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { TransactionError } from '../../lib/transactions/errors.js';
import { createLocalTable, type LocalTable, storedTransaction } from '../support/local-table.js';
import { registerPayment, uniqueReference } from './fixtures.js';

/**
 * A worldline registration's hosted checkout, against DynamoDB Local: stored once, the first
 * kept whatever comes after, and only onto a registration of the same account.
 */
let table: LocalTable;
let worldline: DynamoDbTransactionRepository;

const checkout = (id: string) => ({
  id,
  redirectUrl: `https://payment.preprod.direct.worldline-solutions.com/hostedcheckout/PaymentMethods/Selection/${id}`,
  returnMac: `mac-${id}`,
});

beforeAll(async () => {
  table = await createLocalTable('hosted-checkout');
  worldline = new DynamoDbTransactionRepository(table.client, table.tableName, {
    id: 'nl',
    provider: 'worldline',
  });
});

describe('attachHostedCheckout', () => {
  it('stores the checkout on the registration and answers the transaction with it', async () => {
    const reference = uniqueReference('HC');
    await registerPayment(worldline, reference);
    const attached = await worldline.attachHostedCheckout(
      reference,
      checkout('hc-1'),
      '2026-12-01T10:00:00.000Z',
    );
    expect(attached.hostedCheckout).toEqual(checkout('hc-1'));
    expect(attached.account).toBe('nl');
    expect(attached.updatedAt).toBe('2026-12-01T10:00:00.000Z');
    expect((await storedTransaction(worldline, reference)).hostedCheckout).toEqual(
      checkout('hc-1'),
    );
  });

  it('keeps the first checkout when a second arrives, sequentially or at once', async () => {
    const reference = uniqueReference('HC');
    await registerPayment(worldline, reference);
    const answers = await Promise.all(
      ['hc-a', 'hc-b', 'hc-c', 'hc-d'].map((id) =>
        worldline.attachHostedCheckout(reference, checkout(id), new Date().toISOString()),
      ),
    );
    const stored = (await storedTransaction(worldline, reference)).hostedCheckout;
    expect(stored).not.toBeNull();
    for (const answer of answers) expect(answer.hostedCheckout).toEqual(stored);
    const later = await worldline.attachHostedCheckout(
      reference,
      checkout('hc-z'),
      new Date().toISOString(),
    );
    expect(later.hostedCheckout).toEqual(stored);
  });

  it('refuses a reference with no registration, and writes nothing', async () => {
    const reference = uniqueReference('HC');
    await expect(
      worldline.attachHostedCheckout(reference, checkout('hc-x'), new Date().toISOString()),
    ).rejects.toBeInstanceOf(TransactionError);
    expect(await worldline.get(reference)).toBeUndefined();
  });

  it('never attaches to another account’s transaction of the same reference', async () => {
    const reference = uniqueReference('HC');
    await registerPayment(table.repository, reference);
    await expect(
      worldline.attachHostedCheckout(reference, checkout('hc-y'), new Date().toISOString()),
    ).rejects.toBeInstanceOf(TransactionError);
    expect((await storedTransaction(table.repository, reference)).hostedCheckout).toBeNull();
  });
});
