/** What both bench entries read: the fake's endpoint and the merchant's key, from the child's env. */
export const benchSettings = () => ({
  endpoint: process.env.BENCH_WORLDLINE_URL ?? '',
  merchantId: process.env.BENCH_WORLDLINE_MERCHANT ?? '',
  apiKeyId: process.env.BENCH_WORLDLINE_KEY_ID ?? '',
  apiSecret: process.env.BENCH_WORLDLINE_SECRET ?? '',
});

/** The body of a typical registration's hosted checkout. */
export const BENCH_CHECKOUT = {
  order: {
    amountOfMoney: { amount: 4250, currencyCode: 'EUR' },
    references: { merchantReference: 'BENCH-1' },
  },
  hostedCheckoutSpecificInput: { returnUrl: 'https://shop.example/return', locale: 'en_GB' },
};
