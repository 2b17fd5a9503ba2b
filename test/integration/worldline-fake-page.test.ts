import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentsApi } from '../../lib/worldline/payments-api.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';

/**
 * The fake's hosted checkout page, as a browser sent to a checkout's redirectUrl meets it: a
 * form to pay (with a status to play) or cancel, then 303 back to the returnUrl with
 * hostedCheckoutId and RETURNMAC, as Worldline does; the Payments API then answers that payment.
 */
const NL = { merchantId: 'ShopNL', apiKeyId: 'A1B2C3', apiSecret: 'nl-api-secret-5f1e9a0c77' };
const RETURN_URL = 'http://127.0.0.1:3000/payment/worldline/nl/return?reference=PAGE%201';

let fake: FakeWorldline;
const client = () =>
  createPaymentsApi({ ...NL, environment: 'test', endpoint: fake.url, timeoutMs: 2000 });
const create = (reference: string) =>
  client().createHostedCheckout({
    reference,
    amount: '15.10',
    currency: 'EUR',
    returnUrl: RETURN_URL,
  });
const submit = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });

beforeAll(async () => {
  fake = await startFakeWorldline({ merchants: [NL] });
});

afterAll(async () => {
  await fake.stop();
});

describe('the fake’s hosted checkout page', () => {
  it('shows the checkout with the statuses it can play, without script', async () => {
    const created = await create('PAGE <1> & "co"');
    expect(created.redirectUrl).toBe(
      `${fake.url}/hostedcheckout/PaymentMethods/Selection/${created.hostedCheckoutId}`,
    );
    const page = await fetch(created.redirectUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    const html = await page.text();
    expect(html).toContain('<b id="reference">PAGE &lt;1&gt; &amp; &quot;co&quot;</b>');
    expect(html).toContain('<b id="amount">15.1 EUR</b>');
    expect(html).toContain('<option value="9" selected>9: paid (CAPTURED)</option>');
    expect(html).toContain('<option value="2">2: refused (REJECTED)</option>');
    expect(html).toContain('<button type="submit" name="action" value="pay">Pay</button>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain(created.RETURNMAC);
  });

  it('pays with the status chosen, then sends the browser back with hostedCheckoutId and RETURNMAC', async () => {
    const created = await create('PAGE-2');
    const paid = await submit(created.redirectUrl, { statusCode: '5', action: 'pay' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(
      `${RETURN_URL}&hostedCheckoutId=${created.hostedCheckoutId}&RETURNMAC=${encodeURIComponent(created.RETURNMAC)}`,
    );
    const checkout = await client().getHostedCheckout(created.hostedCheckoutId);
    expect(checkout).toMatchObject({
      status: 'PAYMENT_CREATED',
      payment: { id: `${created.hostedCheckoutId}_0`, statusCode: 5, status: 'PENDING_CAPTURE' },
    });
  });

  it('is paid once: afterwards it shows the result and refuses another payment (409)', async () => {
    const created = await create('PAGE-3');
    expect((await submit(created.redirectUrl, { statusCode: '9', action: 'pay' })).status).toBe(
      303,
    );
    const again = await submit(created.redirectUrl, { statusCode: '2', action: 'pay' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('<b id="status">CAPTURED</b>');
    const shown = await (await fetch(created.redirectUrl)).text();
    expect(shown).toContain('This hosted checkout is over: <b id="status">CAPTURED</b>');
    expect(shown).toContain('>Back to the shop</a>');
    expect((await client().getPayment(`${created.hostedCheckoutId}_0`)).statusCode).toBe(9);
  });

  it('cancels as a shopper giving up: back to the shop, no payment', async () => {
    const created = await create('PAGE-4');
    const cancelled = await submit(created.redirectUrl, { action: 'cancel' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toContain(
      `&hostedCheckoutId=${created.hostedCheckoutId}&RETURNMAC=`,
    );
    expect(await client().getHostedCheckout(created.hostedCheckoutId)).toEqual({
      status: 'CANCELLED_BY_CONSUMER',
      payment: undefined,
    });
  });

  it('refuses a status it cannot play, an unknown checkout and another method', async () => {
    const created = await create('PAGE-5');
    for (const statusCode of ['3', '', '9.0', 'x']) {
      const refused = await submit(created.redirectUrl, { statusCode, action: 'pay' });
      expect(refused.status).toBe(400);
    }
    expect((await submit(created.redirectUrl, { statusCode: '9' })).status).toBe(400);
    expect((await client().getHostedCheckout(created.hostedCheckoutId)).status).toBe('IN_PROGRESS');
    const unknown = await fetch(`${fake.url}/hostedcheckout/PaymentMethods/Selection/404404`);
    expect(unknown.status).toBe(404);
    const put = await fetch(created.redirectUrl, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });
});
