import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import {
  type FakeDirectLink,
  localApiUser,
  startFakeDirectLink,
} from '../../scripts/lib/fake-directlink.js';
import { pay } from '../../scripts/lib/local-ogone/pay.js';
import { type LocalStack, startLocalStack } from '../../scripts/lib/local-stack.js';
import { readOver, registerOver } from '../support/service-http.js';

/**
 * Issue 4's walk-through, as a new user runs it after `npm start`: register, pay with the local
 * Ogone, see `paid` and the state-change event; leave one `pending`, reconcile it through a fake
 * DirectLink by invoking the reconcile function through serverless-offline.
 */
let stack: LocalStack;
let directLink: FakeDirectLink;
const logged: string[] = [];
const write = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  // The stream poller runs the events handler in this process and logs each event here.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  const port = await freePort();
  const directLinkPort = await freePort();
  stack = await startLocalStack({
    port,
    lambdaPort: await freePort(),
    env: { ...process.env, QUIET: '1', DIRECTLINK_PORT: String(directLinkPort) },
  });
  directLink = await startFakeDirectLink({
    port: directLinkPort,
    credentials: localApiUser(stack.settings),
    answer: () => ({ status: '9', payId: '3999000001', amount: '10', currency: 'EUR' }),
  });
}, 180_000);

afterAll(async () => {
  process.stdout.write = write;
  await directLink?.stop();
  await stack?.stop();
});

const register = (body: unknown) => registerOver(stack.baseUrl, body);

const payWith = (reference: string, status: string, via: 'both' | 'server') =>
  pay({
    baseUrl: stack.baseUrl,
    reference,
    status,
    via,
    method: 'POST',
    shaOutPassphrase: stack.settings.OGONE_SHA_OUT_PASSPHRASE as string,
    shaInPassphrase: stack.settings.OGONE_SHA_IN_PASSPHRASE as string,
    algorithm: 'sha512',
    print: () => undefined,
  }) as Promise<Record<string, unknown>>;

describe('the local Ogone', () => {
  it('pays a registered transaction: paid, one notification, the saved card, one event', async () => {
    const registered = await register({
      reference: 'LOCAL-1',
      amount: '42.50',
      currency: 'EUR',
      saveCard: true,
    });
    expect(registered.status).toBe(201);
    const { paymentRequest } = (await registered.json()) as {
      paymentRequest: { url: string; fields: Record<string, string> };
    };
    expect(paymentRequest.url).toBe(
      'https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp',
    );
    expect(paymentRequest.fields.AMOUNT).toBe('4250');
    expect(paymentRequest.fields.ACCEPTURL).toBe(`${stack.baseUrl}/payment/ogone/return`);

    const transaction = await payWith('LOCAL-1', '9', 'both');
    expect(transaction.state).toBe('paid');
    expect(transaction.notifications).toHaveLength(1);
    expect((transaction.savedCard as { alias: string }).alias).toBe(paymentRequest.fields.ALIAS);

    await expect
      .poll(
        () => logged.filter((line) => line.includes('"Transaction State Changed"')).join('\n'),
        {
          timeout: 15_000,
        },
      )
      .toMatch(/"reference":"LOCAL-1".*"previousState":"created".*"state":"paid"/);
  });

  it('reconciles a transaction left pending through DirectLink', async () => {
    expect((await register({ reference: 'LOCAL-2', amount: '10', currency: 'EUR' })).status).toBe(
      201,
    );
    expect((await payWith('LOCAL-2', '51', 'server')).state).toBe('pending');
    const invoked = await fetch(
      `http://127.0.0.1:${stack.lambdaPort}/2015-03-31/functions/ogone-feedback-local-reconcile/invocations`,
      { method: 'POST', body: '{}' },
    );
    const summary = (await invoked.json()) as { checked: number; applied: number; failed: number };
    expect(summary.applied).toBeGreaterThanOrEqual(1);
    expect(summary.failed).toBe(0);
    expect(directLink.queries).toContainEqual({ orderId: 'LOCAL-2', authorized: true });
    const read = await readOver(stack.baseUrl, 'LOCAL-2');
    const body = (await read.json()) as { state: string; notifications: { source: string }[] };
    expect(body.state).toBe('paid');
    expect(body.notifications.map((n) => n.source)).toEqual(['feedback', 'directlink']);
  });
});
