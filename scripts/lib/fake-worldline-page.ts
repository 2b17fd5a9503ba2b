import type { IncomingMessage } from 'node:http';
import { minorToDecimal } from '../../lib/worldline/minor-units.js';
import { readBody } from './fake-worldline-auth.js';
import {
  CHECKOUT_PAGE_PATH,
  FAKE_STATUS_CODES,
  type FakeCheckout,
  hostedCheckoutBody,
  isFakeStatusCode,
  paymentBody,
  returnLocation,
} from './fake-worldline-bodies.js';
import type { Checkouts } from './fake-worldline-control.js';

/**
 * The fake's hosted checkout page, where a browser sent to a checkout's `redirectUrl` plays the
 * shopper (test/e2e/browser-worldline.test.ts): `GET` shows the checkout with a status to play
 * and two buttons; `POST` pays it (or cancels it) and answers `303` to the returnUrl with
 * `hostedCheckoutId` and `RETURNMAC`, as Worldline does. A checkout is paid or cancelled once
 * here; the control routes can still change its payment (a later capture).
 */
export interface PageAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const PAGE = new RegExp(`^${CHECKOUT_PAGE_PATH.replaceAll('/', '\\/')}([^/?]+)$`);

export const isCheckoutPage = (path: string): boolean => PAGE.test(path.split('?', 1)[0] ?? '');

/** What each status code the fake plays stands for, as the page's choices. */
const LABELS: Readonly<Record<number, string>> = {
  9: 'paid (CAPTURED)',
  5: 'authorised (PENDING_CAPTURE)',
  91: 'capture requested (CAPTURE_REQUESTED)',
  51: 'authorisation requested (AUTHORIZATION_REQUESTED)',
  46: 'waiting for 3-D Secure (REDIRECTED)',
  2: 'refused (REJECTED)',
  1: 'cancelled (CANCELLED)',
  0: 'created (CREATED)',
  8: 'refunded (REFUNDED)',
};

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const html = (status: number, title: string, content: string): PageAnswer => ({
  status,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No script at all; the form posts to this page, which redirects to the shop.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  },
  body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
${content}
</body></html>
`,
});

const redirect = (location: string): PageAnswer => ({
  status: 303,
  headers: { location, 'cache-control': 'no-store' },
  body: '',
});

const amountOf = (checkout: FakeCheckout): string =>
  `${minorToDecimal(checkout.amount, checkout.currencyCode) ?? checkout.amount} ${checkout.currencyCode}`;

/** Where the browser goes once the checkout is over: the shop, or nowhere without a returnUrl. */
const backToShop = (checkout: FakeCheckout): string | undefined =>
  checkout.returnUrl === undefined
    ? undefined
    : returnLocation(checkout.returnUrl, checkout.hostedCheckoutId, checkout.returnMac);

const isOpen = (checkout: FakeCheckout): boolean =>
  checkout.payment === undefined && !checkout.cancelledByConsumer;

const openPage = (checkout: FakeCheckout): PageAnswer => {
  const options = FAKE_STATUS_CODES.map(
    (code) =>
      `<option value="${code}"${code === 9 ? ' selected' : ''}>${code}: ${escapeHtml(LABELS[code] ?? '')}</option>`,
  ).join('\n');
  return html(
    200,
    'Local fake Worldline: hosted checkout',
    `<p>Merchant <b id="merchant">${escapeHtml(checkout.merchantId)}</b>, order
<b id="reference">${escapeHtml(checkout.merchantReference)}</b>:
<b id="amount">${escapeHtml(amountOf(checkout))}</b></p>
<form method="post">
<label>Outcome <select name="statusCode">
${options}
</select></label>
<button type="submit" name="action" value="pay">Pay</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>`,
  );
};

const closedPage = (checkout: FakeCheckout, status: number): PageAnswer => {
  const state = paymentBody(checkout)?.status ?? hostedCheckoutBody(checkout).status;
  const back = backToShop(checkout);
  return html(
    status,
    'Local fake Worldline: checkout closed',
    `<p>This hosted checkout is over: <b id="status">${escapeHtml(state)}</b>.</p>${
      back === undefined ? '' : `\n<p><a href="${escapeHtml(back)}">Back to the shop</a></p>`
    }`,
  );
};

/** After the shopper's choice: back to the shop, or a page saying so when there is no returnUrl. */
const done = (checkout: FakeCheckout): PageAnswer => {
  const back = backToShop(checkout);
  return back === undefined ? closedPage(checkout, 200) : redirect(back);
};

export const answerPage = async (
  request: IncomingMessage,
  checkouts: Checkouts,
): Promise<PageAnswer> => {
  const [, rawId = ''] = PAGE.exec((request.url ?? '').split('?', 1)[0] ?? '') ?? [];
  const checkout = checkouts.get(decodeURIComponent(rawId));
  if (checkout === undefined) {
    return html(404, 'Local fake Worldline: no such checkout', '<p>Unknown hosted checkout.</p>');
  }
  if (request.method === 'GET')
    return isOpen(checkout) ? openPage(checkout) : closedPage(checkout, 200);
  if (request.method !== 'POST') {
    const refused = html(405, 'Local fake Worldline: method not allowed', '');
    return { ...refused, headers: { ...refused.headers, allow: 'GET, POST' } };
  }
  const form = new URLSearchParams(await readBody(request));
  if (!isOpen(checkout)) return closedPage(checkout, 409);
  if (form.get('action') === 'cancel') return done(checkouts.cancel(checkout.hostedCheckoutId));
  const code = form.get('statusCode') ?? '9';
  const statusCode = /^[0-9]{1,2}$/.test(code) ? Number(code) : Number.NaN;
  if (form.get('action') !== 'pay' || !isFakeStatusCode(statusCode)) {
    return html(
      400,
      'Local fake Worldline: bad request',
      '<p>Pay or cancel, with a status code.</p>',
    );
  }
  return done(checkouts.pay(checkout.hostedCheckoutId, statusCode));
};
