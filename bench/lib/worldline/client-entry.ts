// The same call as `sdk-entry.ts` through the project's own client (lib/worldline/
// payments-api.ts: fetch and the GCS v1HMAC signature by hand), as a function would make it.
import { createPaymentsApi } from '../../../lib/worldline/payments-api.js';
import { BENCH_CHECKOUT, benchSettings } from './settings.js';

export const handler = async () => {
  const settings = benchSettings();
  const api = createPaymentsApi({
    merchantId: settings.merchantId,
    environment: 'test',
    endpoint: settings.endpoint,
    apiKeyId: settings.apiKeyId,
    apiSecret: settings.apiSecret,
    timeoutMs: 5000,
  });
  const money = BENCH_CHECKOUT.order.amountOfMoney;
  const created = await api.createHostedCheckout({
    reference: BENCH_CHECKOUT.order.references.merchantReference,
    amount: String(money.amount / 100),
    currency: money.currencyCode,
    returnUrl: BENCH_CHECKOUT.hostedCheckoutSpecificInput.returnUrl,
    locale: BENCH_CHECKOUT.hostedCheckoutSpecificInput.locale,
  });
  return { statusCode: 200, body: JSON.stringify(created) };
};
