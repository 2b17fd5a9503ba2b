import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createPaymentsApi, type PaymentsApi } from '../../lib/worldline/payments-api.js';
import type { FakeWorldline } from '../../scripts/lib/fake-worldline.js';
import type { FakeStatusCode } from '../../scripts/lib/fake-worldline-bodies.js';
import type { LocalTable } from './local-table.js';
import { WORLDLINE_ACCOUNTS } from './worldline-accounts.js';

/**
 * What reconciliation tests of worldline accounts share: a merchant the fake Payments API knows,
 * transactions registered with a hosted checkout the fake created (as registration stores one),
 * the shopper's actions through the fake's control routes, and a fetch that counts the queries
 * in flight.
 */
export const NL_MERCHANT = {
  merchantId: WORLDLINE_ACCOUNTS.nl.merchantId,
  apiKeyId: WORLDLINE_ACCOUNTS.nl.apiKeyId,
  apiSecret: WORLDLINE_ACCOUNTS.nl.apiSecret,
} as const;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const REGISTERED_AMOUNT = { amount: '15.10', currency: 'EUR' } as const;

const iso = (ms: number) => new Date(ms).toISOString();

/** The storage of one worldline account in a test table: its own keys and index bucket. */
export const worldlineRepository = (
  table: Pick<LocalTable, 'client' | 'tableName'>,
  accountId: string,
): DynamoDbTransactionRepository =>
  new DynamoDbTransactionRepository(table.client, table.tableName, {
    id: accountId,
    provider: 'worldline',
  });

/** The Payments API of the fake's merchant, as the service builds it for an account. */
export const fakePaymentsApi = (
  fake: Pick<FakeWorldline, 'url'>,
  options: { readonly timeoutMs?: number; readonly fetch?: typeof fetch } = {},
): PaymentsApi =>
  createPaymentsApi({
    ...NL_MERCHANT,
    environment: 'test',
    endpoint: fake.url,
    timeoutMs: options.timeoutMs ?? 2000,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

/** A registration without a hosted checkout: what a registration whose create failed leaves. */
export const registerWithoutCheckout = async (
  repository: TransactionRepository,
  reference: string,
  createdMs: number,
): Promise<void> => {
  await registerTransaction(
    repository,
    validateRegistration({ reference, ...REGISTERED_AMOUNT }),
    iso(createdMs),
  );
};

/**
 * A registration with the hosted checkout the fake created for it (for `checkoutReference`,
 * the same reference unless a test wants a mix-up), stored as registration stores it.
 * Answers the hosted checkout id.
 */
export const registerWithCheckout = async (
  repository: TransactionRepository,
  api: PaymentsApi,
  reference: string,
  createdMs: number,
  checkoutReference = reference,
): Promise<string> => {
  await registerWithoutCheckout(repository, reference, createdMs);
  const created = await api.createHostedCheckout({
    reference: checkoutReference,
    ...REGISTERED_AMOUNT,
    returnUrl: `https://service.example/payment/worldline/nl/return?reference=${encodeURIComponent(reference)}`,
  });
  await repository.attachHostedCheckout(
    reference,
    {
      id: created.hostedCheckoutId,
      redirectUrl: created.redirectUrl,
      returnMac: created.RETURNMAC,
    },
    iso(createdMs),
  );
  return created.hostedCheckoutId;
};

/** The shopper at the fake's hosted page, through its control routes (`/_fake/`). */
const control = async (fake: Pick<FakeWorldline, 'url'>, path: string, body: unknown) => {
  const response = await fetch(`${fake.url}/_fake/hostedcheckouts/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`The fake answered ${path} with ${response.status}`);
};

export const payAtFake = (
  fake: Pick<FakeWorldline, 'url'>,
  hostedCheckoutId: string,
  statusCode: FakeStatusCode,
): Promise<void> => control(fake, `${encodeURIComponent(hostedCheckoutId)}/pay`, { statusCode });

export const cancelAtFake = (
  fake: Pick<FakeWorldline, 'url'>,
  hostedCheckoutId: string,
): Promise<void> => control(fake, `${encodeURIComponent(hostedCheckoutId)}/cancel`, {});

/** References of the account due for a check at `nowMs`. */
export const dueAt = async (repository: TransactionRepository, nowMs: number): Promise<string[]> =>
  (await repository.findDue(iso(nowMs), 100)).entries.map((entry) => entry.reference);

export interface GatedFetch {
  /** Pass to the clients under test (DirectLink, the Payments API). */
  readonly fetch: typeof fetch;
  /** The most requests ever in flight at once. */
  readonly maxInFlight: () => number;
  /** The hosts in flight together when the most were. */
  readonly hostsAtMax: () => readonly string[];
}

/**
 * A fetch that holds each request until `expected` are in flight (or `fallbackMs` passes, for the
 * last ones of a run), then a moment longer, before sending it: every request a run would have
 * in flight at once is then in flight at once, so a run that sent more than its bound would be
 * caught. Correct code passes however the timers fall; the held time counts against the
 * clients' timeouts, so give them more than `fallbackMs`.
 */
export const gatedFetch = (expected: number, fallbackMs = 1000, graceMs = 50): GatedFetch => {
  let inFlight = 0;
  let max = 0;
  const hosts: string[] = [];
  let hostsAtMax: string[] = [];
  const waiting: (() => void)[] = [];
  const releaseAll = () => {
    setTimeout(() => {
      for (const release of waiting.splice(0)) release();
    }, graceMs);
  };
  const gated: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // The Payments API's paths start /v2/; DirectLink's do not.
    const host = url.pathname.startsWith('/v2/') ? 'worldline' : 'ogone';
    inFlight += 1;
    hosts.push(host);
    if (inFlight > max) {
      max = inFlight;
      hostsAtMax = [...hosts];
    }
    try {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (inFlight >= expected) releaseAll();
        else setTimeout(resolve, fallbackMs);
      });
      return await fetch(input, init);
    } finally {
      inFlight -= 1;
      hosts.splice(hosts.indexOf(host), 1);
    }
  };
  return { fetch: gated, maxInFlight: () => max, hostsAtMax: () => hostsAtMax };
};
