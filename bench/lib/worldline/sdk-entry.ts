// A minimal Lambda-shaped entry for `bench/worldline-sdk.ts`: the official SDK's client, built
// per call as a per-account client would be, creating one hosted checkout. Its bundle and cold
// start are weighed against `fetch-entry.ts`, the same call by hand.
import onlinePayments from 'onlinepayments-sdk-nodejs';
import { BENCH_CHECKOUT, benchSettings } from './settings.js';

export const handler = async () => {
  const settings = benchSettings();
  const url = new URL(settings.endpoint);
  const client = onlinePayments.init({
    host: url.hostname,
    port: Number(url.port),
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    apiKeyId: settings.apiKeyId,
    secretApiKey: settings.apiSecret,
    integrator: 'ogone-feedback',
  });
  const answer = await client.hostedCheckout.createHostedCheckout(
    settings.merchantId,
    BENCH_CHECKOUT,
  );
  return {
    statusCode: answer.status === 201 ? 200 : answer.status,
    body: JSON.stringify(answer.body),
  };
};
