import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as feedback } from '../../handlers/feedback.js';
import { handler as getTransaction } from '../../handlers/get-transaction.js';
import { handler as register } from '../../handlers/register-transaction.js';
import { resetService } from '../../lib/service.js';
import { httpApiEvent, lambdaContext } from '../support/api-events.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable } from '../support/local-table.js';

/**
 * The result-signing secret only signs the browser's redirect. Deployed without it (or with a
 * short one), the feedback function must still record every notification and answer Ogone's
 * server: only the browser's answer depends on it.
 */
const PASSPHRASE = 'result-signing-missing-passphrase-0123';
const SHORT_SECRET = 'short-result-secret-31-chars-xx';

beforeAll(async () => {
  const table = await createLocalTable('signing-missing');
  useHandlerEnvironment(table, {
    OGONE_SHA_OUT_PASSPHRASE: PASSPHRASE,
    OGONE_SHA_IN_PASSPHRASE: 'result-signing-missing-sha-in-0123',
  });
});

const call = async (
  fn: typeof feedback,
  event: ReturnType<typeof httpApiEvent>,
): Promise<APIGatewayProxyStructuredResultV2> =>
  (await fn(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;

const registered = async (reference: string) => {
  const response = await call(
    register,
    httpApiEvent('POST', '/payment/ogone/transactions', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, amount: '15.10', currency: 'EUR' }),
    }),
  );
  expect(response.statusCode).toBe(201);
};

const transaction = async (reference: string) => {
  const response = await call(
    getTransaction,
    httpApiEvent('GET', `/payment/ogone/transactions/${reference}`, {
      pathParameters: { reference },
    }),
  );
  return JSON.parse(response.body ?? '{}') as { state: string; notifications: unknown[] };
};

const captureLogs = () => {
  const written: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  return written;
};

describe.each([
  ['missing', ''],
  ['shorter than 32 characters', SHORT_SECRET],
])('feedback with the result-signing secret %s', (_case, secret) => {
  it('records the notification, answers Ogone OK, and refuses only the browser', async () => {
    process.env.RESULT_SIGNING_SECRET = secret;
    resetService();
    const logs = captureLogs();
    const reference = `SIGNING-${secret.length}`;
    await registered(reference);

    const server = await call(
      feedback,
      httpApiEvent('POST', '/payment/ogone/return', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: signedForm(feedbackParams(reference, '5'), PASSPHRASE),
      }),
    );
    expect(server.statusCode).toBe(200);
    expect(server.body).toBe('OK');
    expect((await transaction(reference)).state).toBe('authorized');

    const browser = await call(
      feedback,
      httpApiEvent('GET', '/payment/ogone/return', {
        rawQueryString: signedForm(feedbackParams(reference, '9'), PASSPHRASE),
        headers: { accept: 'text/html' },
      }),
    );
    expect(browser.statusCode).toBe(500);
    expect(browser.headers?.location).toBeUndefined();
    const stored = await transaction(reference);
    expect(stored.state).toBe('paid');
    expect(stored.notifications).toHaveLength(2);

    const text = logs.join('');
    expect(text).toContain('RESULT_SIGNING_SECRET');
    if (secret !== '') {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(browser)).not.toContain(secret);
    }
    vi.restoreAllMocks();
  });
});
