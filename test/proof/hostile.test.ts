import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import { independentSign } from '../support/independent-signer.js';
import { type HostileRequest, hostileRequests, KINDS } from './support/hostile-requests.js';
import {
  pool,
  type RawResponse,
  type ServiceUnderTest,
  startService,
  warmUp,
} from './support/http-client.js';

/**
 * More than ten thousand hostile requests against the running service, over HTTP: forged,
 * malformed, ambiguous, oversized, mis-encoded, wrong-method, open-redirect, and replays of
 * notifications already applied. Contract (docs/api.md §2): each is answered with its 4xx, or as
 * the verified duplicate it is; nothing stored changes; no answer and no log line carries the
 * passphrase or a signature; the service keeps working.
 */
const RESULT_URL = 'https://shop.example/payment/result?from=ogone';
const REQUESTS = 10_400;
const IN_FLIGHT = 32;
const SEED = 20_261_127;
const ALLOWED_STATUSES = [200, 303, 400, 403, 405, 413];

const PAID = 'HOSTILE-PAID';
const AUTHORIZED = 'HOSTILE-AUTH';
const UNTOUCHED = 'HOSTILE-CREATED';
/** A reference shaped like a redirect target: it must only ever appear as a query value. */
const URL_LIKE = 'https://evil.example/HOSTILE';

let service: ServiceUnderTest;
let requests: HostileRequest[];
let answers: RawResponse[];
let before: string;

const deliverValid = async (params: Record<string, string>): Promise<void> => {
  const response = await service.send({
    method: 'POST',
    path: '/payment/ogone/return',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(signedForm(params, service.passphrase)),
  });
  expect(response.status, response.body).toBe(200);
};

beforeAll(async () => {
  service = await startService(RESULT_URL, IN_FLIGHT);
  const applied = [
    feedbackParams(PAID, '9'),
    feedbackParams(AUTHORIZED, '5', { PAYID: '3000042' }),
    feedbackParams(URL_LIKE, '51'),
  ];
  // Generated before the first request: signing them all holds this event loop for seconds (past
  // 5 s on a loaded machine), and keep-alive connections left idle that long are closed by the
  // server just as they would be reused ("socket hang up").
  requests = hostileRequests(SEED, REQUESTS, {
    passphrase: service.passphrase,
    references: [PAID, AUTHORIZED, UNTOUCHED, URL_LIKE],
    applied,
  });
  for (const reference of [PAID, AUTHORIZED, UNTOUCHED, URL_LIKE]) {
    expect((await service.register(reference)).status).toBe(201);
  }
  for (const params of applied) await deliverValid(params);
  expect((await service.read(PAID)).body.state).toBe('paid');
  expect((await service.read(AUTHORIZED)).body.state).toBe('authorized');
  await warmUp(service, IN_FLIGHT);
  before = await service.scanTable();
  answers = await pool(requests, IN_FLIGHT, (hostile) => service.send(hostile.request));
}, 600_000);

afterAll(async () => {
  await service?.stop();
});

const tally = (): Record<string, Record<number, number>> => {
  const byKind: Record<string, Record<number, number>> = {};
  requests.forEach((hostile, index) => {
    const status = answers[index]?.status ?? 0;
    const counts = byKind[hostile.kind] ?? {};
    counts[status] = (counts[status] ?? 0) + 1;
    byKind[hostile.kind] = counts;
  });
  return byKind;
};

describe(`${REQUESTS} hostile requests against the running service`, () => {
  it('were all answered, none with a 5xx, each with an answer its kind allows', () => {
    const byKind = tally();
    console.info(
      `hostile requests by kind and answer (seed ${SEED}):\n${Object.entries(byKind)
        .map(([kind, counts]) => `  ${kind}: ${JSON.stringify(counts)}`)
        .join('\n')}`,
    );
    expect(answers).toHaveLength(REQUESTS);
    expect(Object.keys(byKind).sort()).toEqual([...KINDS].sort());
    const serverErrors = answers.filter((answer) => answer.status >= 500);
    expect(serverErrors.map((answer) => `${answer.status} ${answer.body}`)).toEqual([]);
    for (const answer of answers) expect(ALLOWED_STATUSES).toContain(answer.status);
    const wrong = requests.flatMap((hostile, index) => {
      const answer = answers[index] as RawResponse;
      return hostile.allowed.includes(answer.status)
        ? []
        : [
            `${hostile.kind}: ${answer.status} ${answer.body.slice(0, 120)} (allowed ${hostile.allowed}) ${hostile.request.method} ${hostile.request.path.slice(0, 300)} BODY ${hostile.request.body?.toString('latin1').slice(0, 300)}`,
          ];
    });
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('answered the verified ones as the contract says: OK, or a 303 to RESULT_URL only', () => {
    answers.forEach((answer, index) => {
      const kind = requests[index]?.kind;
      if (answer.status === 200) {
        expect(answer.body, kind).toBe('OK');
      }
      if (answer.status === 303) {
        const location = String(answer.headers.location ?? '');
        expect(location.startsWith(`${RESULT_URL}&`), `${kind}: ${location}`).toBe(true);
        const url = new URL(location);
        expect(url.origin).toBe('https://shop.example');
        expect([PAID, AUTHORIZED, URL_LIKE]).toContain(url.searchParams.get('reference'));
      } else {
        expect(answer.headers.location, kind).toBeUndefined();
      }
      if (answer.status === 405) {
        expect(String(answer.headers.allow)).toMatch(/GET.*POST/);
      }
    });
  });

  it('left every stored transaction byte-identical', async () => {
    expect(await service.scanTable()).toBe(before);
  });

  it('put no passphrase and no signature, sent or expected, in any answer or log line', async () => {
    const logs = service.stack.output();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('"code":"invalid_signature"');
    expect(logs).not.toContain(service.passphrase);

    // Every long alphanumeric run of the logs; a signature in a log line would be inside one.
    const runs = [...new Set(logs.split(/[^0-9A-Za-z]+/).filter((run) => run.length >= 16))]
      .join('\n')
      .toUpperCase();
    const sent = new Set(requests.flatMap((hostile) => hostile.sentSignatures));
    const expected = new Set(
      requests.flatMap((hostile) =>
        hostile.expectedSignature === undefined ? [] : [hostile.expectedSignature],
      ),
    );
    // The signature each forged request should have carried: computed here independently.
    expect(expected.size).toBeGreaterThan(1_000);
    expect(sent.size).toBeGreaterThan(1_000);
    const inLogs = (value: string): boolean => {
      const token = value.toUpperCase().replace(/[^0-9A-Z]+/g, '');
      return token.length >= 16 && runs.includes(token);
    };
    // The search finds what is there: the replayed notification's id is logged with each replay.
    const replayed = (await service.read(PAID)).body.notifications as { id: string }[];
    expect(inLogs(replayed[0]?.id ?? '')).toBe(true);
    expect([...sent, ...expected].filter(inLogs)).toEqual([]);

    const bodies = new Set(
      answers.map((answer) => `${answer.body}\n${answer.headers.location ?? ''}`),
    );
    for (const body of bodies) {
      expect(body).not.toContain(service.passphrase);
      for (const value of [...sent, ...expected]) {
        if (value.length >= 16) expect(body.toUpperCase()).not.toContain(value.toUpperCase());
      }
    }
  });

  it('still records a fresh valid notification afterwards', async () => {
    const params = feedbackParams(UNTOUCHED, '9');
    const response = await service.send({
      method: 'GET',
      path: `/payment/ogone/return?${signedForm(params, service.passphrase)}`,
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(303);
    expect(new URL(String(response.headers.location)).searchParams.get('state')).toBe('paid');
    const { body } = await service.read(UNTOUCHED);
    expect(body.state).toBe('paid');
    expect((body.notifications as { outcome: string }[]).map((n) => n.outcome)).toEqual([
      'applied',
    ]);
    // And its signature, computed independently, is in no log line either.
    const signature = independentSign(params, service.passphrase, 'sha512');
    expect(service.stack.output().toUpperCase()).not.toContain(signature);
  });
});
