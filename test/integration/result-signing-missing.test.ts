import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as feedback } from '../../handlers/feedback.js';
import { resetService } from '../../lib/service.js';
import { httpApiEvent } from '../support/api-events.js';
import { captureOutput } from '../support/capture-output.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import {
  callHandler,
  readThroughHandler,
  registerThroughHandler,
} from '../support/handler-calls.js';
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

// Stops the output capture even when an assertion failed first (spies would nest otherwise).
afterEach(() => {
  vi.restoreAllMocks();
});

describe.each([
  ['missing', ''],
  ['shorter than 32 characters', SHORT_SECRET],
])('feedback with the result-signing secret %s', (_case, secret) => {
  it('records the notification, answers Ogone OK, and refuses only the browser', async () => {
    process.env.RESULT_SIGNING_SECRET = secret;
    resetService();
    const logs = captureOutput();
    const reference = `SIGNING-${secret.length}`;
    await registerThroughHandler(reference);

    const server = await callHandler(
      feedback,
      httpApiEvent('POST', '/payment/ogone/return', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: signedForm(feedbackParams(reference, '5'), PASSPHRASE),
      }),
    );
    expect(server.statusCode).toBe(200);
    expect(server.body).toBe('OK');
    expect((await readThroughHandler(reference)).state).toBe('authorized');

    const browser = await callHandler(
      feedback,
      httpApiEvent('GET', '/payment/ogone/return', {
        rawQueryString: signedForm(feedbackParams(reference, '9'), PASSPHRASE),
        headers: { accept: 'text/html' },
      }),
    );
    expect(browser.statusCode).toBe(500);
    expect(browser.headers?.location).toBeUndefined();
    const stored = await readThroughHandler(reference);
    expect(stored.state).toBe('paid');
    expect(stored.notifications).toHaveLength(2);

    const text = logs.join('');
    expect(text).toContain('RESULT_SIGNING_SECRET');
    if (secret !== '') {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(browser)).not.toContain(secret);
    }
  });
});
