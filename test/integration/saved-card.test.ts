import { beforeAll, describe, expect, it } from 'vitest';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, nextIso } from './fixtures.js';

let table: LocalTable;
beforeAll(async () => {
  table = await createLocalTable('saved-card');
});

const registered = async (reference: string) => {
  const input = validateRegistration({
    reference,
    amount: '15.10',
    currency: 'EUR',
    saveCard: true,
  });
  const { transaction } = await registerTransaction(table.repository, input, nextIso());
  return transaction.registration?.alias;
};

describe('saved cards', () => {
  it('records the alias with the masked card, brand, expiry and holder on a payment', async () => {
    const alias = await registered('CARD-1');
    expect(alias).toMatch(/^OF-/);
    await processNotification(
      table.repository,
      notificationFor('CARD-1', '5', { alias, cardNumber: '4111111111111111', expiry: '0829' }),
      feedbackContext(),
    );
    const stored = await table.repository.get('CARD-1');
    expect(stored?.savedCard).toEqual({
      alias,
      cardNumber: 'XXXXXXXXXXXX1111',
      brand: 'VISA',
      expiry: '0829',
      cardHolder: 'Jane Doe',
    });
    expect(stored?.cardNumber).toBe('XXXXXXXXXXXX1111');
    expect(JSON.stringify(stored)).not.toContain('4111111111111111');
  });

  it('keeps no alias from a declined attempt', async () => {
    const alias = await registered('CARD-2');
    await processNotification(
      table.repository,
      notificationFor('CARD-2', '2', { alias }),
      feedbackContext(),
    );
    const stored = await table.repository.get('CARD-2');
    expect(stored?.state).toBe('declined');
    expect(stored?.savedCard).toBeNull();
    expect(stored?.alias).toBeNull();
  });

  it('keeps the registered alias when the registration is repeated', async () => {
    const alias = await registered('CARD-3');
    const input = validateRegistration({
      reference: 'CARD-3',
      amount: '15.1',
      currency: 'EUR',
      saveCard: true,
    });
    const again = await registerTransaction(table.repository, input, nextIso());
    expect(again.created).toBe(false);
    expect(again.transaction.registration?.alias).toBe(alias);
  });
});
