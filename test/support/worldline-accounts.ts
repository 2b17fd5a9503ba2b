import { type AccountOf, findAccount } from '../../lib/accounts/account.js';
import { getService } from '../../lib/service.js';
import {
  type RegisterOutcome,
  registerTransaction,
} from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { twoAccountsDocument } from './two-accounts.js';

/**
 * Worldline Direct accounts for tests, with their secrets inline as a local accounts file may
 * carry them: `nl` in the middle of a webhook key rotation (two keys at once), `de` with one key
 * of its own, and `sdk`, whose merchantId and key are those of Worldline's own SDK test, so that
 * the SDK's known-answer body (test/fixtures/worldline) verifies through the route.
 */
export const WORLDLINE_ACCOUNTS = {
  nl: {
    merchantId: 'ShopNL',
    apiKeyId: 'NL0API0KEY',
    apiSecret: 'nl-api-secret-6f1d2c9a8b7e4d3c',
    webhookKeys: {
      'nl-key-2026': 'nl-webhook-secret-current-7Qp2Lx9v',
      'nl-key-2025': 'nl-webhook-secret-previous-3Rk8Mz1w',
    },
    // Its own query is kept by the result redirect (lib/http/feedback-response.ts).
    resultUrl: 'https://shop.example/nl/result?shop=nl',
  },
  de: {
    merchantId: 'ShopDE',
    apiKeyId: 'DE0API0KEY',
    apiSecret: 'de-api-secret-0a9b8c7d6e5f4a3b',
    webhookKeys: { 'de-key-2026': 'de-webhook-secret-5Tn4Hy6u' },
    resultUrl: 'https://shop.example/de/result',
  },
  sdk: {
    merchantId: '20000',
    apiKeyId: 'SDK0API0KEY',
    apiSecret: 'sdk-api-secret-1c2d3e4f5a6b7c8d',
    webhookKeys: { 'dummy-key-id': 'hello+world' },
    resultUrl: 'https://shop.example/sdk/result',
  },
} as const;

export type WorldlineTestAccount = keyof typeof WORLDLINE_ACCOUNTS;

/** Every secret of the worldline test accounts: none may reach an answer or a log line. */
export const WORLDLINE_SECRETS: readonly string[] = Object.values(WORLDLINE_ACCOUNTS).flatMap(
  (account) => [account.apiSecret, ...Object.values(account.webhookKeys)],
);

/** One account's entry in the accounts document; `changes` adds or replaces fields. */
export const worldlineEntry = (
  id: WorldlineTestAccount,
  changes: Record<string, unknown> = {},
): Record<string, unknown> => {
  const account = WORLDLINE_ACCOUNTS[id];
  return {
    provider: 'worldline',
    merchantId: account.merchantId,
    environment: 'test',
    apiKeyId: account.apiKeyId,
    resultUrl: account.resultUrl,
    secrets: {
      'api-secret': account.apiSecret,
      // A JSON object as text, as the SSM parameter holds it.
      'webhook-keys': JSON.stringify(account.webhookKeys),
    },
    ...changes,
  };
};

/**
 * The two ogone accounts of two-accounts.ts (`default`, `be`) and the three worldline ones: a
 * deployment in the middle of a migration.
 */
export const mixedAccountsDocument = (
  extra: Record<string, Record<string, unknown>> = {},
): ReturnType<typeof twoAccountsDocument> =>
  twoAccountsDocument({
    extra: {
      nl: worldlineEntry('nl'),
      de: worldlineEntry('de'),
      sdk: worldlineEntry('sdk'),
      ...extra,
    },
  });

/** The worldline account `id` as the webhook function reads it (the handler environment's). */
export const worldlineAccountOf = async (id: string): Promise<AccountOf['worldline']> => {
  const { config } = await getService('worldlineWebhook');
  const account = findAccount(config.accounts, id);
  if (account?.provider !== 'worldline') throw new Error(`${id} is not a worldline account`);
  return account;
};

/**
 * Registers a payment in a worldline account straight through its repository, as a registration
 * stores it, without the Hosted Checkout that registration creates: the webhook needs none.
 */
export const registerInWorldline = async (
  id: string,
  reference: string,
  amount = '42.50',
  currency = 'EUR',
): Promise<RegisterOutcome> => {
  const service = await getService('worldlineWebhook');
  const input = validateRegistration(
    { account: id, reference, amount, currency },
    { defaultId: id, providerOf: (candidate) => (candidate === id ? 'worldline' : undefined) },
  );
  return registerTransaction(
    service.repositoryFor(await worldlineAccountOf(id)),
    input,
    new Date().toISOString(),
  );
};
