import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s } from '../../lib/dynamodb/attribute-values.js';
import { ATTR } from '../../lib/dynamodb/item-codec.js';
import { registrationItem } from '../../lib/dynamodb/registration-item.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { freePort, localClient } from '../../scripts/lib/dynamodb-local.js';
import {
  type FakeDirectLink,
  localApiUser,
  startFakeDirectLink,
} from '../../scripts/lib/fake-directlink.js';
import { type LocalStack, startLocalStack } from '../../scripts/lib/local-stack.js';
import { putItems } from '../../scripts/lib/put-items.js';
import { readOver, registerOver } from '../support/service-http.js';

/**
 * Issue 9, point 1, end to end: 2,500 abandoned registrations are open, every one of them already
 * due (the worst case: a backlog after an outage), and Ogone answers "unknown order" for each. A
 * payment registered after them, whose feedback never came, must be settled within two runs of
 * the reconcile function, invoked through serverless-offline against a fake DirectLink over HTTP.
 * The earlier design read the open index oldest first, 25 a run, and never got past 2,000.
 */
const ABANDONED = 2_500;
const HOUR = 3_600_000;
let stack: LocalStack;
let directLink: FakeDirectLink;
let client: DynamoDBClient;

/** The registration item, as the repository writes it, last asked about `askedHoursAgo` ago. */
const abandonedItem = (index: number, nowMs: number) => {
  const createdMs = nowMs - ((index % 70) + 1) * HOUR;
  const item = registrationItem({
    ...validateRegistration({ reference: `ABANDONED-${index}`, amount: '15.10', currency: 'EUR' }),
    nowIso: new Date(createdMs).toISOString(),
  });
  // Overdue by up to an hour: what an earlier run's deferral leaves when runs were missed.
  const nextCheckMs = nowMs - ((index * 7919) % 3_600) * 1000 - 1000;
  return { ...item, [ATTR.nextCheckAt]: s(new Date(nextCheckMs).toISOString()) };
};

const seed = async (tableName: string) => {
  const nowMs = Date.now();
  const items = Array.from({ length: ABANDONED }, (_, index) => abandonedItem(index, nowMs));
  await putItems(client, tableName, items);
};

beforeAll(async () => {
  const directLinkPort = await freePort();
  stack = await startLocalStack({
    port: await freePort(),
    lambdaPort: await freePort(),
    env: { ...process.env, QUIET: '1', DIRECTLINK_PORT: String(directLinkPort) },
  });
  const settings = stack.settings;
  directLink = await startFakeDirectLink({
    port: directLinkPort,
    credentials: localApiUser(settings),
    answer: (orderId) =>
      orderId === 'BACKLOG-LOST'
        ? { status: '9', payId: '3999000777', amount: '10', currency: 'EUR' }
        : { ogoneError: '50001130', ncErrorPlus: 'unknown order' },
  });
  client = localClient(stack.dynamoDb.endpoint);
  // serverless-offline counts a worker's first load against the function's timeout, which Lambda
  // does not (its init is not the handler's time): load it once on the empty table.
  expect((await runReconcile()).checked).toBe(0);
  await seed(settings.TRANSACTIONS_TABLE as string);
}, 240_000);

afterAll(async () => {
  client?.destroy();
  await directLink?.stop();
  await stack?.stop();
});

const runReconcile = async () => {
  const invoked = await fetch(
    `http://127.0.0.1:${stack.lambdaPort}/2015-03-31/functions/ogone-feedback-local-reconcile/invocations`,
    { method: 'POST', body: '{}' },
  );
  const summary = (await invoked.json()) as { checked: number; applied: number; failed: number };
  // The function's own answer: a run that failed or timed out answers something else.
  expect(summary, JSON.stringify(summary)).toEqual({
    checked: expect.any(Number),
    applied: expect.any(Number),
    failed: expect.any(Number),
  });
  return summary;
};

const stateOf = async (reference: string) =>
  ((await (await readOver(stack.baseUrl, reference)).json()) as { state: string }).state;

describe('reconciliation behind 2,500 abandoned registrations', () => {
  it('settles a payment whose feedback never came within two runs', async () => {
    const registered = await registerOver(stack.baseUrl, {
      reference: 'BACKLOG-LOST',
      amount: '10',
      currency: 'EUR',
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
    // Locally the minimum age is 0: it is due at once, and behind every seeded entry.
    const summaries = [];
    for (let run = 0; run < 2 && (await stateOf('BACKLOG-LOST')) !== 'paid'; run++) {
      summaries.push(await runReconcile());
    }
    expect(await stateOf('BACKLOG-LOST')).toBe('paid');
    expect(directLink.queries).toContainEqual({ orderId: 'BACKLOG-LOST', authorized: true });
    const applied = summaries.reduce((sum, summary) => sum + summary.applied, 0);
    expect(applied).toBe(1);
    // Every query but the one that settled it was an abandoned registration, answered "unknown".
    const failed = summaries.reduce((sum, summary) => sum + summary.failed, 0);
    expect(failed, JSON.stringify(summaries)).toBe(directLink.queries.length - 1);
    // Each abandoned registration was asked about once at most, never twice in a row.
    const asked = directLink.queries.map((query) => query.orderId);
    expect(new Set(asked).size).toBe(asked.length);
  }, 300_000);
});
