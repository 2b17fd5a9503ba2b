import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyResultRedirect } from '../../lib/result-redirect/verify.js';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import { type LocalStack, startLocalStack } from '../../scripts/lib/local-stack.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import { readOver, registerOver } from '../support/service-http.js';

/**
 * The service over real HTTP, exactly as `npm start` runs it: serverless-offline serving the
 * deployable handlers, bundled by esbuild, against DynamoDB Local.
 */
let stack: LocalStack;
let passphrase: string;
let resultSecret: string;

beforeAll(async () => {
  stack = await startLocalStack({
    port: await freePort(),
    env: {
      ...process.env,
      QUIET: '1',
      RESULT_URL: 'https://shop.example/payment/result?from=ogone',
    },
  });
  passphrase = stack.settings.OGONE_SHA_OUT_PASSPHRASE as string;
  resultSecret = stack.settings.RESULT_SIGNING_SECRET as string;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const register = (body: unknown) => registerOver(stack.baseUrl, body);

const read = async (reference: string) => {
  const response = await readOver(stack.baseUrl, reference);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const browserGet = (query: string) =>
  fetch(`${stack.baseUrl}/payment/ogone/return?${query}`, {
    headers: { accept: 'text/html,application/xhtml+xml' },
    redirect: 'manual',
  });

const serverPost = (body: string, contentType = 'application/x-www-form-urlencoded') =>
  fetch(`${stack.baseUrl}/payment/ogone/return`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });

describe('registration and read routes', () => {
  it('creates, repeats idempotently, refuses a conflict and reports bad fields', async () => {
    const first = await register({ reference: 'E2E-REG', amount: '10.00', currency: 'EUR' });
    expect(first.status).toBe(201);
    const again = await register({ reference: 'E2E-REG', amount: '10', currency: 'EUR' });
    expect(again.status).toBe(200);
    const conflict = await register({ reference: 'E2E-REG', amount: '11', currency: 'EUR' });
    expect(conflict.status).toBe(409);
    const bad = await register({ reference: '', amount: '1.234', currency: 'eur' });
    expect(bad.status).toBe(400);
    const error = ((await bad.json()) as { error: { fields: Record<string, string> } }).error;
    expect(Object.keys(error.fields).sort()).toEqual(['amount', 'currency', 'reference']);
    expect((await read('E2E-REG')).body.state).toBe('created');
    expect((await read('E2E-NOPE')).status).toBe(404);
  });
});

describe('/payment/ogone/return', () => {
  it('sends a browser to RESULT_URL with a 303 and stores the payment', async () => {
    expect((await register({ reference: 'E2E-1', amount: '15.10', currency: 'EUR' })).status).toBe(
      201,
    );
    const response = await browserGet(signedForm(feedbackParams('E2E-1', '9'), passphrase));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://shop.example/payment/result');
    expect(location.searchParams.get('from')).toBe('ogone');
    expect(location.searchParams.get('reference')).toBe('E2E-1');
    expect(location.searchParams.get('state')).toBe('paid');
    expect([...location.searchParams.keys()].sort()).toEqual([
      'expires',
      'from',
      'reference',
      'signature',
      'state',
    ]);
    expect(verifyResultRedirect(location, { secrets: [resultSecret] })).toMatchObject({
      ok: true,
      reference: 'E2E-1',
      state: 'paid',
    });
    const { body } = await read('E2E-1');
    expect(body.state).toBe('paid');
    expect(body.payId).toBe('3000001');
    expect(body.cardNumber).toBe('XXXXXXXXXXXX1111');
    expect((body.notifications as unknown[]).length).toBe(1);
  });

  it('answers a server form POST with 200 OK and records a repeat once', async () => {
    await register({ reference: 'E2E-2', amount: '15.1', currency: 'EUR' });
    const form = signedForm(feedbackParams('E2E-2', '5'), passphrase);
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-8',
      'text/plain',
    ]) {
      const response = await serverPost(form, contentType);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toBe('OK');
    }
    const { body } = await read('E2E-2');
    expect(body.state).toBe('authorized');
    expect(body.notifications).toHaveLength(1);
  });

  it('keeps paid when a late pending arrives, and a signed decline is answered 200', async () => {
    await register({ reference: 'E2E-3', amount: '15.1', currency: 'EUR' });
    expect((await serverPost(signedForm(feedbackParams('E2E-3', '9'), passphrase))).status).toBe(
      200,
    );
    const late = await browserGet(signedForm(feedbackParams('E2E-3', '51'), passphrase));
    expect(late.status).toBe(303);
    expect(new URL(late.headers.get('location') ?? '').searchParams.get('state')).toBe('paid');
    await register({ reference: 'E2E-4', amount: '15.1', currency: 'EUR' });
    const decline = await serverPost(
      signedForm(feedbackParams('E2E-4', '2', { NCERROR: '30001001' }), passphrase),
    );
    expect(decline.status).toBe(200);
    expect((await read('E2E-4')).body.state).toBe('declined');
    const { body } = await read('E2E-3');
    expect(body.state).toBe('paid');
    expect((body.notifications as { outcome: string }[]).map((n) => n.outcome)).toEqual([
      'applied',
      'stale',
    ]);
  });

  it('refuses forged, ambiguous, oversized and wrong-method requests and writes nothing', async () => {
    await register({ reference: 'E2E-5', amount: '15.1', currency: 'EUR' });
    const forged = signedForm(feedbackParams('E2E-5', '9'), 'not-the-passphrase');
    expect((await serverPost(forged)).status).toBe(403);
    const unsigned = new URLSearchParams(feedbackParams('E2E-5', '9')).toString();
    expect((await browserGet(unsigned)).status).toBe(403);
    const valid = signedForm(feedbackParams('E2E-5', '9'), passphrase);
    expect((await serverPost(`${valid}&status=9`)).status).toBe(400);
    expect((await serverPost(valid.replace('STATUS=9', 'STATUS=9%ZZ'))).status).toBe(400);
    expect((await serverPost(`${valid}&pad=${'x'.repeat(17 * 1024)}`)).status).toBe(413);
    const put = await fetch(`${stack.baseUrl}/payment/ogone/return?${valid}`, { method: 'PUT' });
    expect(put.status).toBe(405);
    const { body } = await read('E2E-5');
    expect(body.state).toBe('created');
    expect(body.notifications).toEqual([]);
  });

  it('stores an unknown reference as unmatched', async () => {
    const response = await serverPost(
      signedForm(feedbackParams('E2E-UNREGISTERED', '9'), passphrase),
    );
    expect(response.status).toBe(200);
    const { body } = await read('E2E-UNREGISTERED');
    expect(body.unmatched).toBe(true);
    expect(body.state).toBe('paid');
  });

  it('never echoes the passphrase or a signature in answers or logs', async () => {
    const forged = signedForm(feedbackParams('E2E-6', '9'), 'wrong');
    const response = await serverPost(forged);
    const text = await response.text();
    expect(text).not.toContain(passphrase);
    expect(text).not.toMatch(/[0-9A-F]{128}/);
    const valid = signedForm(feedbackParams('E2E-6', '9'), passphrase);
    const shasign = new URLSearchParams(valid).get('SHASIGN') ?? '';
    await serverPost(valid);
    const logs = stack.output();
    expect(logs).not.toContain(passphrase);
    expect(logs).not.toContain(shasign);
    expect(logs).not.toContain(resultSecret);
    expect(logs).toContain('"reference":"E2E-6"');
  });
});

describe('the signed result redirect', () => {
  const redirectFor = async (reference: string, status: string) => {
    const before = Math.floor(Date.now() / 1000);
    const response = await browserGet(signedForm(feedbackParams(reference, status), passphrase));
    expect(response.status).toBe(303);
    const raw = response.headers.get('location') ?? '';
    expect(raw).not.toContain(resultSecret);
    return { location: new URL(raw), before, after: Math.floor(Date.now() / 1000) };
  };

  it('verifies with the helper, expires in 10 minutes, and carries an unmatched reference whole', async () => {
    const reference = 'E2E-7 & state=paid\n=';
    const { location, before, after } = await redirectFor(reference, '2');
    const verified = verifyResultRedirect(location, { secrets: [resultSecret] });
    expect(verified).toMatchObject({ ok: true, reference, state: 'declined' });
    const expires = verified.ok ? verified.expires : 0;
    expect(expires).toBeGreaterThanOrEqual(before + 600);
    expect(expires).toBeLessThanOrEqual(after + 600);
    expect((await read(reference)).body.unmatched).toBe(true);
  });

  it('fails once altered: state, reference, expiry or signature', async () => {
    await register({ reference: 'E2E-8', amount: '15.10', currency: 'EUR' });
    const { location } = await redirectFor('E2E-8', '2');
    expect(location.searchParams.get('state')).toBe('declined');
    const alterations: [string, string][] = [
      ['state', 'paid'],
      ['reference', 'E2E-1'],
      ['expires', String(Number(location.searchParams.get('expires')) + 86_400)],
      [
        'signature',
        (location.searchParams.get('signature') ?? '').replace(/^./, (c) =>
          c === '0' ? '1' : '0',
        ),
      ],
    ];
    for (const [name, value] of alterations) {
      const altered = new URL(location);
      altered.searchParams.set(name, value);
      expect(verifyResultRedirect(altered, { secrets: [resultSecret] }), name).toMatchObject({
        ok: false,
        reason: 'bad_signature',
      });
    }
    const typed = new URL(location);
    typed.searchParams.delete('signature');
    expect(verifyResultRedirect(typed, { secrets: [resultSecret] })).toMatchObject({
      ok: false,
      reason: 'missing',
      parameter: 'signature',
    });
    expect(
      verifyResultRedirect(location, { secrets: ['another-shop-secret-0123456789abcdef'] }),
    ).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('is answered by the local read route, the local RESULT_URL, whatever parameters it adds', async () => {
    await register({ reference: 'E2E-10', amount: '15.10', currency: 'EUR' });
    const { location } = await redirectFor('E2E-10', '9');
    const landed = await fetch(`${stack.baseUrl}/payment/ogone/transactions${location.search}`);
    expect(landed.status).toBe(200);
    expect(await landed.json()).toMatchObject({ reference: 'E2E-10', state: 'paid' });
  });

  it('fails once expired', async () => {
    await register({ reference: 'E2E-9', amount: '15.10', currency: 'EUR' });
    const { location } = await redirectFor('E2E-9', '9');
    const expires = Number(location.searchParams.get('expires'));
    const at = (seconds: number) =>
      verifyResultRedirect(location, { secrets: [resultSecret], now: () => seconds * 1000 });
    expect(at(expires)).toMatchObject({ ok: true, state: 'paid' });
    expect(at(expires + 1)).toMatchObject({ ok: false, reason: 'expired' });
    expect(stack.output()).not.toContain(resultSecret);
  });
});
