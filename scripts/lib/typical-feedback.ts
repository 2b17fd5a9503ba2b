/**
 * A typical Ogone feedback, with Ogone's mixed-case names (docs/protocol.md §2): the one fixture
 * the tests and the bench both send. Unsigned: the tests sign it with their independent signer,
 * the bench with the project's own.
 */
export const typicalFeedbackParams = (
  orderId: string,
  status: string,
  overrides: Record<string, string> = {},
): Record<string, string> => ({
  orderID: orderId,
  amount: '15.1',
  currency: 'EUR',
  PM: 'CreditCard',
  ACCEPTANCE: 'test123',
  STATUS: status,
  CARDNO: 'XXXXXXXXXXXX1111',
  ED: '1230',
  CN: 'Jane Doe',
  TRXDATE: '11/27/26',
  PAYID: '3000001',
  NCERROR: '0',
  BRAND: 'VISA',
  ...overrides,
});
