import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyResultRedirect } from '../../lib/result-redirect/verify.js';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import { type LocalStack, startLocalStack } from '../../scripts/lib/local-stack.js';
import { launchBrowser } from '../support/chromium.js';

/**
 * A real browser (test/support/chromium.ts) through Worldline Direct's Hosted Checkout, against
 * the service as `npm start` runs it with the mixed accounts file: the shopper opens the
 * registration's paymentRequest.url (the local fake's hosted checkout page), pays, comes back on
 * the account's return route with hostedCheckoutId and RETURNMAC, and lands on the account's
 * resultUrl with a signed result. The accounts are the mixed fixture's, with the worldline
 * account's resultUrl on a small local shop (Chromium's request interception does not see
 * redirected requests, so the shop has to be real), and nothing leaves this machine.
 */
const MIXED = 'test/fixtures/accounts.mixed.json';
const RETURN_PATH = '/payment/worldline/nl/return';

let shop: Server | undefined;
let resultUrl = '';
let folder: string | undefined;
let stack: LocalStack | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;

/**
 * Why the suite could not start, if it could not: thrown again by every test, so that a missing
 * browser fails the tests (a throwing beforeAll would only mark them skipped).
 */
let setupError: unknown;

const service = (): LocalStack => {
  if (stack === undefined) throw new Error('the local stack did not start');
  return stack;
};

/** The shop's result page, as a shop would serve it: a page, whatever the query says. */
const startShop = async (): Promise<string> => {
  shop = createServer((_request, response) =>
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><p id="shop">Thank you</p>'),
  );
  await new Promise<void>((resolve) => shop?.listen(0, '127.0.0.1', resolve));
  const address = shop.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/nl/result`;
};

/** The mixed fixture, its worldline account sending shoppers to the local shop. */
const accountsFile = async (): Promise<string> => {
  const document = JSON.parse(await readFile(MIXED, 'utf8'));
  document.accounts.nl.resultUrl = resultUrl;
  folder = await mkdtemp(join(tmpdir(), 'browser-worldline-'));
  const file = join(folder, 'accounts.json');
  await writeFile(file, JSON.stringify(document), { mode: 0o600 });
  return file;
};

beforeAll(async () => {
  try {
    browser = await launchBrowser();
    resultUrl = await startShop();
    const port = await freePort();
    stack = await startLocalStack({
      port,
      env: {
        ...process.env,
        QUIET: '1',
        PORT: String(port),
        WORLDLINE_PORT: String(await freePort()),
        ACCOUNTS_FILE: await accountsFile(),
      },
    });
    if (stack.worldline === undefined) throw new Error('npm start served no fake Worldline');
  } catch (error) {
    setupError = error;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  shop?.closeAllConnections();
  shop?.close();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
}, 60_000);

beforeEach(async ({ onTestFailed }) => {
  if (setupError !== undefined) throw setupError;
  if (browser === undefined) throw new Error('the browser did not start');
  onTestFailed(() => {
    console.error(
      `page at failure: ${page?.url()}\nservice output (tail):\n${stack?.output().slice(-6000)}`,
    );
  });
  context = await browser.newContext();
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

const register = async (reference: string): Promise<{ url: string; hostedCheckoutId: string }> => {
  const response = await fetch(`${service().baseUrl}/payment/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: 'nl', reference, amount: '15.10', currency: 'EUR' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { paymentRequest: { url: string; hostedCheckoutId: string } })
    .paymentRequest;
};

const read = async (reference: string) => {
  const response = await fetch(`${service().baseUrl}/payment/transactions/nl/${reference}`);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    state: string;
    notifications: readonly { source: string; outcome: string }[];
  };
};

/** On the fake's page: choose the outcome, press the button, follow the redirects to the shop. */
const checkout = async (statusCode: string, button: 'Pay' | 'Cancel'): Promise<Response> => {
  await page.locator('select[name="statusCode"]').selectOption(statusCode);
  const [landed] = await Promise.all([
    page.waitForResponse((response) => response.url().startsWith(resultUrl)),
    page.waitForURL((url) => url.href.startsWith(resultUrl)),
    page.getByRole('button', { name: button }).click(),
  ]);
  return landed;
};

/**
 * Where the browser landed: the account's resultUrl with reference and state, signed, reached by
 * a 303 from the return route (a GET carrying hostedCheckoutId and RETURNMAC), itself reached by
 * a 303 from the fake's page.
 */
const expectLanded = (landed: Response, reference: string, hostedCheckoutId: string) => {
  const url = new URL(page.url());
  expect(url.origin + url.pathname).toBe(resultUrl);
  expect(url.searchParams.get('reference')).toBe(reference);
  const secrets = [service().settings.RESULT_SIGNING_SECRET ?? ''];
  const verified = verifyResultRedirect(url, { secrets });
  expect(verified).toMatchObject({ ok: true, reference });

  const fromReturn = landed.request().redirectedFrom();
  const returned = new URL(fromReturn?.url() ?? '');
  expect(fromReturn?.method()).toBe('GET');
  expect(returned.origin + returned.pathname).toBe(`${service().baseUrl}${RETURN_PATH}`);
  expect(returned.searchParams.get('reference')).toBe(reference);
  expect(returned.searchParams.get('hostedCheckoutId')).toBe(hostedCheckoutId);
  expect(returned.searchParams.get('RETURNMAC')).not.toBeNull();
  const fromPage = fromReturn?.redirectedFrom();
  expect(fromPage?.method()).toBe('POST');
  expect(fromPage?.url()).toContain(`/hostedcheckout/PaymentMethods/Selection/${hostedCheckoutId}`);
  return { state: url.searchParams.get('state'), returnUrl: returned.href };
};

describe('a shopper’s browser through Worldline’s Hosted Checkout', () => {
  it('pays on the hosted page and lands on the result page, signed paid; recorded once', async () => {
    const request = await register('WL-BROWSER-1');
    await page.goto(request.url);
    expect(await page.locator('#amount').textContent()).toBe('15.1 EUR');
    expect(await page.locator('#reference').textContent()).toBe('WL-BROWSER-1');

    const landed = await checkout('9', 'Pay');
    const { state, returnUrl } = expectLanded(landed, 'WL-BROWSER-1', request.hostedCheckoutId);
    expect(state).toBe('paid');
    expect(await page.locator('#shop').textContent()).toBe('Thank you');
    const transaction = await read('WL-BROWSER-1');
    expect(transaction.state).toBe('paid');
    expect(transaction.notifications.filter((n) => n.outcome === 'applied')).toHaveLength(1);
    expect(transaction.notifications[0]?.source).toBe('checkout_return');

    // The shopper opens the return link again (history, a reload): the same observation, so
    // the same signed result and still one applied notification.
    await page.goto(returnUrl);
    expect(new URL(page.url()).searchParams.get('state')).toBe('paid');
    const again = await read('WL-BROWSER-1');
    expect(again.notifications.filter((n) => n.outcome === 'applied')).toHaveLength(1);
  }, 120_000);

  it('a refused payment lands signed declined', async () => {
    const request = await register('WL-BROWSER-2');
    await page.goto(request.url);
    const landed = await checkout('2', 'Pay');
    expect(expectLanded(landed, 'WL-BROWSER-2', request.hostedCheckoutId).state).toBe('declined');
    expect((await read('WL-BROWSER-2')).state).toBe('declined');
  }, 120_000);

  it('cancelling on the hosted page lands on the result page with the state as recorded', async () => {
    const request = await register('WL-BROWSER-3');
    await page.goto(request.url);
    const landed = await checkout('9', 'Cancel');
    const { state } = expectLanded(landed, 'WL-BROWSER-3', request.hostedCheckoutId);
    expect(state).toBe((await read('WL-BROWSER-3')).state);
  }, 120_000);
});
