import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { expect, vi } from 'vitest';
import { handler as register } from '../../handlers/register-transaction.js';
import { handler as worldlineReturn } from '../../handlers/worldline-return.js';
import { verifyResultRedirect } from '../../lib/result-redirect/verify.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';
import type { FakeCheckout } from '../../scripts/lib/fake-worldline-bodies.js';
import { httpApiEvent } from './api-events.js';
import { callHandler } from './handler-calls.js';
import { useHandlerEnvironment } from './handler-environment.js';
import type { LocalTable } from './local-table.js';
import { twoAccountsDocument, writeAccountsFile } from './two-accounts.js';
import {
  WORLDLINE_ACCOUNTS,
  type WorldlineTestAccount,
  worldlineEntry,
} from './worldline-accounts.js';

/** The worldline test accounts (worldline-accounts.ts): `nl` and `de` hold checkouts here. */
export { WORLDLINE_ACCOUNTS };
export type WorldlineId = Exclude<WorldlineTestAccount, 'sdk'>;

/** What the handlers' environment sets besides the table: the result redirect is checked with it. */
export const RESULT_SIGNING_SECRET = 'checkout-test-result-signing-secret-0123';

/** The accounts document: ogone `default` and `be`, worldline `nl` and `de` at `apiEndpoint`. */
export const checkoutAccountsDocument = (apiEndpoint: string) =>
  twoAccountsDocument({
    extra: {
      nl: worldlineEntry('nl', { apiEndpoint }),
      de: worldlineEntry('de', { apiEndpoint }),
    },
  });

export interface CheckoutWorld {
  readonly fake: FakeWorldline;
  /**
   * Points the handlers at the fake and the table again (or at `storage`, e.g. a closed port),
   * with these settings on top.
   */
  configure(
    settings?: Record<string, string>,
    storage?: Pick<LocalTable, 'endpoint' | 'tableName'>,
  ): void;
}

/** Starts the fake with both merchants' keys, and points the handlers at it and the table. */
export const startCheckoutWorld = async (
  table: Pick<LocalTable, 'endpoint' | 'tableName'>,
): Promise<CheckoutWorld> => {
  const fake = await startFakeWorldline({
    merchants: Object.values(WORLDLINE_ACCOUNTS).map(({ merchantId, apiKeyId, apiSecret }) => ({
      merchantId,
      apiKeyId,
      apiSecret,
    })),
  });
  const file = writeAccountsFile(checkoutAccountsDocument(fake.url));
  // useHandlerEnvironment only sets variables: the previous call's own settings are removed, so
  // that a short WORLDLINE_TIMEOUT_MS, say, does not outlive the test that wanted it.
  let previous: readonly string[] = [];
  const configure = (settings: Record<string, string> = {}, storage = table) => {
    for (const name of previous) delete process.env[name];
    previous = Object.keys(settings);
    useHandlerEnvironment(storage, { ACCOUNTS_FILE: file, RESULT_SIGNING_SECRET, ...settings });
  };
  configure();
  return { fake, configure };
};

/** POST /payment/transactions for `account`, with `fields` over a 15.10 EUR registration. */
export const registerCheckout = (
  account: string,
  reference: string,
  fields: Record<string, unknown> = {},
): Promise<APIGatewayProxyStructuredResultV2> =>
  callHandler(
    register,
    httpApiEvent('POST', '/payment/transactions', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account, reference, amount: '15.10', currency: 'EUR', ...fields }),
    }),
  );

export interface RegisteredCheckout {
  readonly status: number;
  readonly body: Record<string, unknown> & {
    readonly hostedCheckoutId: string | null;
    readonly paymentRequest: { readonly url: string; readonly hostedCheckoutId: string };
  };
}

/** A registration that must succeed (201 or 200), with its JSON. */
export const registeredCheckout = async (
  account: string,
  reference: string,
  fields: Record<string, unknown> = {},
): Promise<RegisteredCheckout> => {
  const response = await registerCheckout(account, reference, fields);
  expect([200, 201], response.body).toContain(response.statusCode);
  return { status: response.statusCode ?? 0, body: JSON.parse(response.body ?? '{}') };
};

/** The checkout the fake holds for (account, reference): exactly one, or the test fails. */
export const onlyCheckout = (
  fake: FakeWorldline,
  account: WorldlineId,
  reference: string,
): FakeCheckout => {
  const checkouts = fake.checkoutsFor(WORLDLINE_ACCOUNTS[account].merchantId, reference);
  expect(checkouts).toHaveLength(1);
  return checkouts[0] as FakeCheckout;
};

/**
 * The query the shopper's browser brings back: the returnUrl's own query (the reference) with
 * what Worldline appends. `changes` replaces or, given `undefined`, drops a parameter.
 */
export const returnQuery = (
  checkout: FakeCheckout,
  changes: Record<string, string | undefined> = {},
): string => {
  const url = new URL(checkout.returnUrl ?? '');
  const pairs: [string, string | undefined][] = [
    ...url.searchParams.entries(),
    ['hostedCheckoutId', checkout.hostedCheckoutId],
    ['RETURNMAC', checkout.returnMac],
  ];
  const query = new URLSearchParams();
  for (const [name, value] of pairs) {
    const changed = name in changes ? changes[name] : value;
    if (changed !== undefined) query.append(name, changed);
  }
  return query.toString();
};

/** GET /payment/worldline/<account>/return?<query> as the HTTP API delivers it. */
export const returnTo = (
  account: string,
  rawQueryString: string,
  method = 'GET',
): Promise<APIGatewayProxyStructuredResultV2> =>
  callHandler(
    worldlineReturn,
    httpApiEvent(method, `/payment/worldline/${account}/return`, {
      rawQueryString,
      headers: { accept: 'text/html' },
      pathParameters: { account },
    }),
  );

/** The return as the browser makes it for `checkout`, in the account the path names. */
export const shopperReturns = (account: string, checkout: FakeCheckout) =>
  returnTo(account, returnQuery(checkout));

/**
 * The verified result redirect of a 303: the account's result URL with its own query kept, and
 * the reference and state signed with the deployment's secret.
 */
export const resultOf = (
  response: APIGatewayProxyStructuredResultV2,
  account: WorldlineId,
): { readonly reference: string; readonly state: string } => {
  expect(response.statusCode, response.body).toBe(303);
  const location = new URL(String(response.headers?.location));
  const expected = new URL(WORLDLINE_ACCOUNTS[account].resultUrl);
  expect(`${location.origin}${location.pathname}`).toBe(`${expected.origin}${expected.pathname}`);
  for (const [name, value] of expected.searchParams) {
    expect(location.searchParams.get(name)).toBe(value);
  }
  const verified = verifyResultRedirect(location.searchParams, {
    secrets: [RESULT_SIGNING_SECRET],
  });
  if (!verified.ok) throw new Error(`The result redirect does not verify: ${verified.message}`);
  return { reference: verified.reference, state: verified.state };
};

/**
 * Waits until the fake has answered `count` API calls: a delayed answer the client gave up on
 * still lands later, and must not land in the middle of the next test's counts.
 */
export const settledCalls = (fake: FakeWorldline, count: number) =>
  vi.waitFor(
    () => {
      if (fake.calls.length < count) throw new Error('the fake is still answering');
    },
    { timeout: 20_000, interval: 50 },
  );
