import { describe, expect, it, vi } from 'vitest';
import { ensureHostedCheckout } from '../../../lib/transactions/hosted-checkout.js';
import type { TransactionRepository } from '../../../lib/transactions/port.js';
import { validateRegistration } from '../../../lib/transactions/validate-registration.js';
import { WorldlineAnswerError } from '../../../lib/worldline/errors.js';
import type { PaymentsApi } from '../../../lib/worldline/payments-api.js';
import { transactionWith } from '../support/transactions.js';

/**
 * The checkout Worldline answers a create with must be for this order: an idempotent replay of
 * another order's request would otherwise send this shopper to pay that order.
 */
const input = validateRegistration(
  { account: 'nl', reference: 'ORDER-1', amount: '15.10', currency: 'EUR' },
  { defaultId: 'nl', providerOf: (id) => (id === 'nl' ? 'worldline' : undefined) },
);
const settings = {
  returnUrl: 'https://service.example/payment/worldline/nl/return?reference=ORDER-1',
  idempotenceKey: 'of1-key',
};

const apiAnswering = (merchantReference: string): PaymentsApi => ({
  createHostedCheckout: vi.fn(async () => ({
    hostedCheckoutId: 'hc-1',
    redirectUrl: 'https://payment.example/hc-1',
    RETURNMAC: 'mac-1',
    merchantReference,
  })),
  getHostedCheckout: vi.fn(),
  getPayment: vi.fn(),
});

const repositoryStoring = () => {
  const attachHostedCheckout = vi.fn(async (reference: string, checkout) =>
    transactionWith({ account: 'nl', provider: 'worldline', reference, hostedCheckout: checkout }),
  );
  return {
    repository: { attachHostedCheckout } as unknown as TransactionRepository,
    attachHostedCheckout,
  };
};

const registered = transactionWith({ account: 'nl', provider: 'worldline', reference: 'ORDER-1' });

describe('ensureHostedCheckout', () => {
  it('stores the checkout Worldline created for this order', async () => {
    const { repository, attachHostedCheckout } = repositoryStoring();
    const stored = await ensureHostedCheckout(
      repository,
      apiAnswering('ORDER-1'),
      registered,
      input,
      settings,
    );
    expect(stored.hostedCheckout?.id).toBe('hc-1');
    expect(attachHostedCheckout).toHaveBeenCalledTimes(1);
  });

  it('refuses, and stores nothing, when the answer names another order', async () => {
    const { repository, attachHostedCheckout } = repositoryStoring();
    await expect(
      ensureHostedCheckout(repository, apiAnswering('ORDER-2'), registered, input, settings),
    ).rejects.toBeInstanceOf(WorldlineAnswerError);
    expect(attachHostedCheckout).not.toHaveBeenCalled();
  });
});
