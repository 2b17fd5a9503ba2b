import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyResultRedirect } from '../../lib/result-redirect/verify.js';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import { type LocalStack, startLocalStack } from '../../scripts/lib/local-stack.js';
import { launchBrowser } from '../support/chromium.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';

/**
 * A real browser (test/support/chromium.ts) coming back from Ogone, against the service as
 * `npm start` runs it, with the local default RESULT_URL: the read route, so the shopper lands on
 * the transaction's JSON.
 */
const RETURN_PATH = '/payment/ogone/return';
const RESULT_PATH = '/payment/ogone/transactions';

let stack: LocalStack | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;
let passphrase: string;

const baseUrl = (): string => {
  if (stack === undefined) throw new Error('the local stack did not start');
  return stack.baseUrl;
};

/**
 * Why the suite could not start, if it could not: thrown again by every test, so that a missing
 * browser fails the tests (a throwing beforeAll would only mark them skipped).
 */
let setupError: unknown;

beforeAll(async () => {
  try {
    browser = await launchBrowser();
    stack = await startLocalStack({
      port: await freePort(),
      // RESULT_URL empty: the local default, http://127.0.0.1:<port>/payment/ogone/transactions.
      env: { ...process.env, QUIET: '1', RESULT_URL: '' },
    });
    passphrase = stack.settings.OGONE_SHA_OUT_PASSPHRASE as string;
    if (stack.settings.RESULT_URL !== `${stack.baseUrl}${RESULT_PATH}`) {
      throw new Error(`RESULT_URL is ${stack.settings.RESULT_URL}, not the local read route`);
    }
  } catch (error) {
    setupError = error;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
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

const register = async (reference: string) => {
  const response = await fetch(`${baseUrl()}${RESULT_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reference, amount: '15.10', currency: 'EUR' }),
  });
  expect(response.status).toBe(201);
};

interface TransactionView {
  readonly reference: string;
  readonly state: string;
  readonly notifications: readonly { readonly ogoneStatus: string; readonly outcome: string }[];
}

const read = async (reference: string): Promise<TransactionView> => {
  const response = await fetch(`${baseUrl()}${RESULT_PATH}/${encodeURIComponent(reference)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TransactionView;
};

/** Ogone's server-to-server request: a form POST without Accept: text/html, answered OK. */
const serverPost = async (form: string) => {
  const response = await fetch(`${baseUrl()}${RETURN_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('OK');
};

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** What Ogone's page does for a POST feedback (e.g. an iDEAL cancel): an auto-submitted form. */
const autoSubmittingForm = (action: string, form: string): string => {
  const inputs = [...new URLSearchParams(form)]
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Ogone</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${escapeHtml(action)}">
${inputs}
</form>
</body></html>`;
};

/**
 * Where the browser landed: RESULT_URL with reference and state, signed (the shop's result page
 * would verify it with lib/result-redirect/verify.ts), reached by a 303 from the return route
 * answering `method`, and showing the transaction's JSON: the local read route ignores the
 * parameters it does not use.
 */
const expectLanded = async (
  landed: Response | null,
  method: 'GET' | 'POST',
  reference: string,
  state: string,
) => {
  const url = new URL(page.url());
  expect(url.origin + url.pathname).toBe(`${baseUrl()}${RESULT_PATH}`);
  expect(url.searchParams.get('reference')).toBe(reference);
  expect(url.searchParams.get('state')).toBe(state);
  const secrets = [stack?.settings.RESULT_SIGNING_SECRET ?? ''];
  expect(verifyResultRedirect(url, { secrets })).toMatchObject({ ok: true, reference, state });

  expect(landed).not.toBeNull();
  expect(landed?.status()).toBe(200);
  const from = landed?.request().redirectedFrom();
  expect(from?.method()).toBe(method);
  expect(new URL(from?.url() ?? '').pathname).toBe(RETURN_PATH);
  expect((await from?.allHeaders())?.accept).toContain('text/html');
  expect((await from?.response())?.status()).toBe(303);

  const shown = JSON.parse(
    (await page.locator('body > pre').textContent()) ?? '',
  ) as TransactionView;
  expect(shown.reference).toBe(reference);
  expect(shown.state).toBe(state);
};

describe('a shopper’s browser coming back from Ogone', () => {
  it('follows the signed redirect to RESULT_URL and the payment is recorded once', async () => {
    await register('BROWSER-1');
    const form = signedForm(feedbackParams('BROWSER-1', '9'), passphrase);

    const landed = await page.goto(`${baseUrl()}${RETURN_PATH}?${form}`);
    await expectLanded(landed, 'GET', 'BROWSER-1', 'paid');
    expect((await read('BROWSER-1')).notifications).toHaveLength(1);

    // The same notification from Ogone's server, and the shopper reloading: still one.
    await serverPost(form);
    await expectLanded(
      await page.goto(`${baseUrl()}${RETURN_PATH}?${form}`),
      'GET',
      'BROWSER-1',
      'paid',
    );
    const transaction = await read('BROWSER-1');
    expect(transaction.state).toBe('paid');
    expect(transaction.notifications).toHaveLength(1);
    expect(transaction.notifications[0]?.ogoneStatus).toBe('9');
    expect(transaction.notifications[0]?.outcome).toBe('applied');
  }, 120_000);

  it('submits Ogone’s auto-posted form (an iDEAL cancel) and lands on the cancelled state', async () => {
    await register('BROWSER-2');
    const form = signedForm(
      feedbackParams('BROWSER-2', '1', { PM: 'iDEAL', BRAND: 'iDEAL', CARDNO: '', ED: '', CN: '' }),
      passphrase,
    );

    // Together, so that whichever fails first is reported and none is left unhandled.
    const [landed] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === RESULT_PATH),
      page.waitForURL((url) => url.pathname === RESULT_PATH),
      page.setContent(autoSubmittingForm(`${baseUrl()}${RETURN_PATH}`, form), {
        waitUntil: 'commit',
      }),
    ]);
    await expectLanded(landed, 'POST', 'BROWSER-2', 'cancelled');

    await serverPost(form);
    const transaction = await read('BROWSER-2');
    expect(transaction.state).toBe('cancelled');
    expect(transaction.notifications).toHaveLength(1);
    expect(transaction.notifications[0]?.ogoneStatus).toBe('1');
  }, 120_000);

  it('shows 403 for a forged redirect, stays on it and writes nothing', async () => {
    await register('BROWSER-3');
    const forged = signedForm(feedbackParams('BROWSER-3', '9'), 'not-the-sha-out-passphrase');

    const response = await page.goto(`${baseUrl()}${RETURN_PATH}?${forged}`);
    expect(response?.status()).toBe(403);
    expect(response?.request().redirectedFrom()).toBeNull();
    expect(new URL(page.url()).pathname).toBe(RETURN_PATH);
    const shown = await page.locator('body > pre').textContent();
    expect(shown).toContain('SHASIGN does not match');
    expect(shown).not.toContain('not-the-sha-out-passphrase');
    expect(shown).not.toContain(new URLSearchParams(forged).get('SHASIGN'));

    const transaction = await read('BROWSER-3');
    expect(transaction.state).toBe('created');
    expect(transaction.notifications).toEqual([]);
  }, 120_000);
});
