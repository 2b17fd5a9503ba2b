import type { OgoneNotification } from '../../lib/ogone/notification.js';

let counter = 0;

/** A verified notification as the protocol layer would hand it over, for domain-level tests. */
export const notificationFor = (
  orderId: string,
  status: string,
  overrides: Partial<OgoneNotification> = {},
): OgoneNotification => {
  counter += 1;
  return {
    id: overrides.id ?? `n-${orderId}-${status}-${counter}`,
    orderId,
    status,
    amount: '15.1',
    currency: 'EUR',
    payId: '3000001',
    ncError: '0',
    brand: 'VISA',
    paymentMethod: 'CreditCard',
    cardNumber: 'XXXXXXXXXXXX1111',
    cardHolder: 'Jane Doe',
    alias: undefined,
    expiry: '1230',
    acceptance: 'test123',
    transactionDate: '11/27/26',
    ...overrides,
  };
};
