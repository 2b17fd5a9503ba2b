import { beforeAll, describe, expect, it } from 'vitest';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';

/**
 * Issue 9, point 8: the card holder name (CN) can carry a card number, typed by the shopper on
 * Ogone's page or by the merchant at registration. Neither reaches the table unmasked.
 */
let table: LocalTable;
beforeAll(async () => {
  table = await createLocalTable('card-holder-masking');
});

const context = () => ({ nowIso: new Date().toISOString(), source: 'feedback' as const });
const CARD = '4111\u00a01111.1111/1111';

describe('card holder masking', () => {
  it('masks a card number in CN, on the transaction and the saved card', async () => {
    const input = validateRegistration({
      reference: 'CN-1',
      amount: '15.10',
      currency: 'EUR',
      saveCard: true,
    });
    const { transaction } = await registerTransaction(table.repository, input, context().nowIso);
    const alias = transaction.registration?.alias;
    await processNotification(
      table.repository,
      notificationFor('CN-1', '9', {
        alias,
        cardHolder: `Jane ${CARD}`,
        cardNumber: '４１１１１１１１１１１１１１１１',
      }),
      context(),
    );
    const stored = await table.repository.get('CN-1');
    expect(stored?.cardHolder).toBe('Jane XXXXXXXXXXXX1111');
    expect(stored?.cardNumber).toBe('XXXXXXXXXXXX１１１１');
    expect(stored?.savedCard).toMatchObject({
      cardHolder: 'Jane XXXXXXXXXXXX1111',
      cardNumber: 'XXXXXXXXXXXX１１１１',
    });
    expect(JSON.stringify(stored)).not.toMatch(/4111.1111|１１１１１１１１/);
  });

  it('masks a card number given as the registration name (sent to Ogone as CN)', async () => {
    const input = validateRegistration({
      reference: 'CN-2',
      amount: '15.10',
      currency: 'EUR',
      name: CARD,
    });
    const { transaction } = await registerTransaction(table.repository, input, context().nowIso);
    expect(transaction.registration?.name).toBe('XXXXXXXXXXXX1111');
    const stored = await table.repository.get('CN-2');
    expect(stored?.registration?.name).toBe('XXXXXXXXXXXX1111');
    expect(JSON.stringify(stored)).not.toContain('1111.1111');
  });
});
