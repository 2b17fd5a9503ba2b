import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../lib/transactions/errors.js';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, nextIso, registerPayment, uniqueReference } from './fixtures.js';

export interface ContractSubject {
  readonly repository: TransactionRepository;
  readonly dispose?: () => Promise<void> | void;
}

/**
 * The behaviour every TransactionRepository must show, driven through the domain functions that
 * use the port (stripe-node's createCryptoProviderTestSuite pattern): call it once per
 * implementation, with a factory that gives a fresh, empty store.
 */
export const describeRepositoryContract = (
  name: string,
  factory: () => Promise<ContractSubject>,
): void => {
  describe(`TransactionRepository contract: ${name}`, () => {
    let subject: ContractSubject;
    const repository = () => subject.repository;

    beforeAll(async () => {
      subject = await factory();
    });
    afterAll(async () => {
      await subject?.dispose?.();
    });

    it('stores a new registration and reports it as created', async () => {
      const reference = uniqueReference('reg');
      const nowIso = nextIso();
      const input = validateRegistration({
        reference,
        amount: '15.10',
        currency: 'EUR',
        name: 'Jane Doe',
        language: 'en_US',
      });
      const outcome = await registerTransaction(repository(), input, nowIso);
      expect(outcome.created).toBe(true);
      expect(outcome.transaction).toMatchObject({
        reference,
        state: 'created',
        amount: '15.1',
        currency: 'EUR',
        ogoneStatus: null,
        payId: null,
        paidPayId: null,
        unmatched: false,
        createdAt: nowIso,
        updatedAt: nowIso,
        notifications: [],
        anomalies: [],
        registration: { name: 'Jane Doe', language: 'en_US', operation: 'SAL', saveCard: false },
      });
      expect(await repository().get(reference)).toEqual(outcome.transaction);
    });

    it('answers the same registration again with created:false and the stored transaction', async () => {
      const reference = uniqueReference('again');
      const first = await registerPayment(repository(), reference, '15.10', 'EUR');
      const again = await registerPayment(repository(), reference, '15.10', 'EUR');
      expect(again.created).toBe(false);
      expect(again.transaction).toEqual(first.transaction);
      // The same amount written another way is the same payment, not a conflict.
      const rewritten = await registerPayment(repository(), reference, '15.1', 'EUR');
      expect(rewritten.created).toBe(false);
      expect(rewritten.transaction).toEqual(first.transaction);
    });

    it('returns the transaction as it now stands to a registration retried after feedback', async () => {
      const reference = uniqueReference('later');
      await registerPayment(repository(), reference);
      const paid = await processNotification(
        repository(),
        notificationFor(reference, '9'),
        feedbackContext(),
      );
      const again = await registerPayment(repository(), reference);
      expect(again.created).toBe(false);
      expect(again.transaction.state).toBe('paid');
      expect(again.transaction).toEqual(paid.transaction);
    });

    it.each([
      ['another amount', '15.11', 'EUR'],
      ['another currency', '15.10', 'USD'],
    ])('refuses %s for a registered reference with ConflictError', async (_, amount, currency) => {
      const reference = uniqueReference('conflict');
      const first = await registerPayment(repository(), reference, '15.10', 'EUR');
      await expect(registerPayment(repository(), reference, amount, currency)).rejects.toThrow(
        ConflictError,
      );
      expect(await repository().get(reference)).toEqual(first.transaction);
    });

    it('refuses to register a reference that exists as unmatched with ConflictError', async () => {
      const reference = uniqueReference('unm');
      const notification = notificationFor(reference, '9', { amount: '15.10', currency: 'EUR' });
      const created = await processNotification(repository(), notification, feedbackContext());
      expect(created.transaction.unmatched).toBe(true);
      // Even with the amount and currency Ogone reported: nobody registered it before.
      await expect(registerPayment(repository(), reference, '15.10', 'EUR')).rejects.toThrow(
        ConflictError,
      );
      const stored = await repository().get(reference);
      expect(stored).toEqual(created.transaction);
      expect(stored?.unmatched).toBe(true);
      expect(stored?.registration).toBeNull();
    });

    it('answers undefined for a reference it never stored', async () => {
      expect(await repository().get(uniqueReference('none'))).toBeUndefined();
    });

    it('records a notification and returns the stored item when a write loses its condition', async () => {
      const reference = uniqueReference('write');
      await registerPayment(repository(), reference);
      const notification = notificationFor(reference, '9');
      const applied = await processNotification(repository(), notification, feedbackContext());
      expect(applied.outcome).toBe('applied');
      expect(await repository().get(reference)).toEqual(applied.transaction);
      const duplicate = await processNotification(repository(), notification, feedbackContext());
      expect(duplicate.outcome).toBe('duplicate');
      expect(duplicate.transaction).toEqual(applied.transaction);
    });
  });
};
